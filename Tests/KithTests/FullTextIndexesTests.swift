import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// `saveRankingIndex()` merges the full-text indexes that "who should get this?" searches
/// (notes, how we met) into one segment once they are in more than
/// ``FullTextIndexes/mostSegments``, and no answer changes.
@Suite("Full-text indexes kept in few segments")
struct FullTextIndexesTests {
    static let searched = ["notes_search", "how_we_met_search"]

    /// A network whose notes and how-we-met texts were written in `batches` transactions,
    /// with FTS5's own merging turned off, so each left a segment of its own.
    static func network(batches: Int) throws -> (TemporaryDirectory, Database) {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try SyntheticNetwork(people: 300, topics: 20, seed: 9).build(in: connection)
            for index in searched {
                try connection.execute(sql: "INSERT INTO \(index)(\(index), rank) VALUES ('automerge', 0)")
            }
        }
        for batch in 0..<batches {
            try database.write { connection in
                try connection.execute(
                    sql: """
                        INSERT INTO notes(person_id, body)
                        SELECT id, 'Asked about tempo runs and hill repeats, batch ' || ? FROM people WHERE id % ? = 0
                        """,
                    arguments: [batch, batch + 3])
                try connection.execute(
                    sql: "UPDATE people SET how_we_met = 'a hill repeats club, batch ' || ? WHERE id % ? = 1",
                    arguments: [batch, batch + 5])
            }
        }
        return (folder, database)
    }

    static func segments(_ database: Database) throws -> [Int] {
        try database.read { connection in try searched.map { try FullTextIndexes.segments(of: $0, in: connection) } }
    }

    @Test func saveRankingIndexMergesAnIndexInManySegmentsAndNoAnswerChanges() throws {
        let (_, database) = try Self.network(batches: FullTextIndexes.mostSegments + 2)
        #expect(try Self.segments(database).allSatisfy { $0 > FullTextIndexes.mostSegments })
        let draft = ResourceDraft(title: "Hill repeats", text: "Tempo runs and hill repeats for a running club")
        let ask = {
            try database.read { try $0.questions.recommend(draft, limit: 20, asOf: Day.on("2026-11-30")) }
        }
        let search = { try database.read { try $0.search("repeats", limit: 50) } }
        let (answer, found) = (try ask(), try search())
        #expect(answer.filter { $0.reasons.contains { $0.kind == .note } }.count >= 10)
        #expect(found.count >= 20)

        try database.write { try $0.questions.saveRankingIndex() }
        #expect(try Self.segments(database) == [1, 1])
        #expect(try ask() == answer)
        #expect(try search() == found)
        #expect(try database.integrityReport().isHealthy)
    }

    @Test func anIndexInFewSegmentsIsLeftAsItIs() throws {
        let (_, database) = try Self.network(batches: 2)
        let before = try Self.segments(database)
        #expect(before.allSatisfy { $0 > 1 && $0 <= FullTextIndexes.mostSegments })
        try database.write { try $0.questions.saveRankingIndex() }
        #expect(try Self.segments(database) == before)
    }
}
