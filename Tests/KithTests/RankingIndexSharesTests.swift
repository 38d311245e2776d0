import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// The packed shares of the ranking index (migration 0013): each resource's shares in one row,
/// marked stale by any change to them and packed again by `saveRankingIndex()`. A question
/// must give the same answer from packed rows as from `shares`, and never read a stale row.
@Suite("Ranking index: packed shares", .serialized)
struct RankingIndexSharesTests {
    static let draft = ResourceDraft(title: "Running and climate", topics: ["running 0", "climate 0", "data 1"])
    static let asOf = Day.on("2026-11-30")

    /// A synthetic network whose gifts have every reception, with some resources both given
    /// to and received from the same person.
    static func network() throws -> (TemporaryDirectory, Database) {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try SyntheticNetwork(people: 600, topics: 30, seed: 5).build(in: connection)
            try connection.execute(
                sql: """
                    UPDATE shares SET reception = CASE id % 3 WHEN 0 THEN 'no-reply' WHEN 1 THEN 'thanked' END
                    WHERE direction = 'given'
                    """)
            try connection.execute(
                sql: """
                    INSERT INTO shares(resource_id, person_id, direction, shared_on)
                    SELECT resource_id, person_id, 'received', shared_on FROM shares
                    WHERE direction = 'given' AND id % 7 = 0
                    """)
        }
        return (folder, database)
    }

    static func ask(_ database: Database) throws -> [Recommendation] {
        try database.read { try $0.questions.recommend(draft, limit: 25, asOf: asOf) }
    }

    static func packed(_ database: Database) throws -> (rows: Int, packed: Int) {
        try database.read {
            try $0.fetchOne((Int, Int).self, sql: "SELECT count(*), count(postings) FROM ranking_index_shares")
        } ?? (0, 0)
    }

    static func stale(_ database: Database, _ resource: Int64) throws -> Bool {
        try database.read {
            try $0.fetchValue(
                sql: "SELECT postings IS NULL FROM ranking_index_shares WHERE resource_id = ?", arguments: [resource])
        } ?? false
    }

    @Test func packedSharesGiveTheSameAnswerAsTheShares() throws {
        let (_, database) = try Self.network()
        let (rows, packed) = try Self.packed(database)
        let shared: Int =
            try database.read { try $0.fetchValue(sql: "SELECT count(DISTINCT resource_id) FROM shares") } ?? 0
        #expect(rows == shared && rows > 20 && packed == 0)  // every shared resource, none packed yet
        let fromShares = try Self.ask(database)
        try database.write { try $0.questions.saveRankingIndex() }
        #expect(try Self.packed(database) == (rows, rows))
        let fromPacked = try Self.ask(database)
        #expect(fromPacked == fromShares)
        let history = fromShares.flatMap(\.reasons).filter { $0.kind == .history }
        #expect(history.count >= 10)
        // Each kind of reception met: welcomed (in full), given (half), no reply (a quarter).
        #expect(Set(history.map(\.points)).count >= 3)
    }

    /// The history's points, which the pool reads, are each person's matches summed: one entry
    /// a person, by ascending id, found by ``HistoryEvidence/points(of:)``; nobody else has any.
    @Test func historyPointsAreEachPersonsMatchesSummed() throws {
        let (_, database) = try Self.network()
        try database.read { connection in
            let topics = try Self.draft.topics.flatMap { try connection.interests.topics(matching: $0) }
            let confidence = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, 1.0) })
            let history = try HistoryEvidence(
                topics: confidence, excluding: [], index: RankingIndex.current(for: confidence.keys, in: connection),
                in: connection)
            let everyone = try connection.fetchAll(Person.ID.self, sql: "SELECT id FROM people ORDER BY id")
            let matches = history.matches(of: everyone)
            #expect(history.points.map(\.person) == everyone.filter { matches[$0] != nil })
            #expect(matches.count > 100)
            for person in everyone {
                let summed = matches[person].map { $0.map(\.points).reduce(0, +) }
                #expect(abs((history.points(of: person) ?? -1) - (summed ?? -1)) < 1e-9, "person \(person)")
            }
        }
    }

    /// The packed rows are what the question reads: swapping two of them by hand (no trigger
    /// fires) changes the history points.
    @Test func currentPackedRowsAreRead() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        let before = try Self.ask(database)
        try database.write {
            try $0.execute(
                sql: """
                    UPDATE ranking_index_shares SET (people, postings) = (
                        SELECT people, postings FROM ranking_index_shares o
                        WHERE o.resource_id = (SELECT min(resource_id) FROM ranking_index_shares)
                    )
                    """)
        }
        #expect(try Self.ask(database) != before)
    }

    @Test func everyChangeToAResourcesSharesMarksItsRowAndNoOther() throws {
        let (_, database) = try Self.network()
        let save = { try database.write { try $0.questions.saveRankingIndex() } }
        try save()
        let (first, second, person): (Int64, Int64, Int64) =
            try database.read {
                try $0.fetchOne(
                    (Int64, Int64, Int64).self,
                    sql: """
                        SELECT min(resource_id), max(resource_id),
                            (SELECT person_id FROM shares WHERE resource_id = (SELECT max(resource_id) FROM shares))
                        FROM shares
                        """)
            } ?? (0, 0, 0)
        let changes: [(String, [Int64])] = [
            ("INSERT INTO shares(resource_id, person_id) VALUES (\(first), 1)", [first]),
            ("UPDATE shares SET reception = 'useful' WHERE resource_id = \(first)", [first]),
            ("DELETE FROM shares WHERE resource_id = \(first) AND person_id = 1", [first]),
            (
                "UPDATE shares SET resource_id = \(second) WHERE id = (SELECT min(id) FROM shares WHERE resource_id = \(first))",
                [first, second]
            ),
            (
                "DELETE FROM people WHERE id = \(person)",  // and so their shares
                try database.read {
                    try $0.fetchAll(
                        Int64.self, sql: "SELECT DISTINCT resource_id FROM shares WHERE person_id = ?",
                        arguments: [person])
                }
            ),
        ]
        for (sql, marked) in changes {
            try database.write { try $0.execute(sql: sql) }
            for resource in marked { #expect(try Self.stale(database, resource), "\(sql)") }
            #expect(try Self.packed(database).packed == Self.packed(database).rows - marked.count, "\(sql)")
            // A stale row is read from `shares`: the same answer as once it is packed again.
            let stale = try Self.ask(database)
            try save()
            #expect(try Self.ask(database) == stale, "\(sql)")
            #expect(try Self.packed(database).packed == Self.packed(database).rows)
        }
        // What does not move history leaves every row packed.
        try database.write { try $0.execute(sql: "UPDATE shares SET note = 'kept', shared_on = '2026-01-02'") }
        #expect(try Self.packed(database).packed == Self.packed(database).rows)
    }

    /// A resource no longer shared loses its row when the shares are packed again.
    @Test func aResourceNoLongerSharedLosesItsRow() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        let resource: Int64 = try database.read { try $0.fetchValue(sql: "SELECT min(resource_id) FROM shares") } ?? 0
        try database.write { try $0.execute(sql: "DELETE FROM shares WHERE resource_id = ?", arguments: [resource]) }
        #expect(try Self.stale(database, resource))
        try database.write { try $0.questions.saveRankingIndex() }
        let rows: Int =
            try database.read {
                try $0.fetchValue(
                    sql: "SELECT count(*) FROM ranking_index_shares WHERE resource_id = ?", arguments: [resource])
            } ?? -1
        #expect(rows == 0)
    }

    /// Points are rounded without the C library, exactly as `(points * 100).rounded() / 100`.
    @Test func roundingAgreesWithTheStandardLibrary() {
        var random = SplitMix64(seed: 3)
        var values: [Double] = [0, -0.0, 0.005, -0.005, 0.015, 1.125, -2.675, 0.49999999999999994, 1e300, -.infinity]
        for _ in 0..<100_000 {
            let hundredths = Double(random.next(2_000_001)) - 1_000_000
            values += [hundredths / 100 + 0.005, hundredths / 100, Double(random.next(1_000_000)) / 7919]
        }
        let disagreeing = values.filter { Questions.rounded($0) != ($0 * 100).rounded() / 100 }
        #expect(disagreeing.isEmpty)
        #expect(Questions.rounded(.nan).isNaN)

        // Whole numbers, as interests are summed: without even a check that they fit an integer.
        let wholes = values + [2.5, 3.5, -2.5, -3.5, 0x1p52 - 0.5, 0x1p52 + 2, 0x1p60, .infinity]
        let wrong = wholes.filter { Questions.roundedHalfAway($0) != $0.rounded() }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(Questions.roundedHalfAway(.nan).isNaN)
    }
}
