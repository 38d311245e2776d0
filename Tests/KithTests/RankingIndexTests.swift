import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// The ranking index (migration 0012): everyone's interests packed by topic with each profile's
/// length, found in this process's cache, in the file, or built from `interests`. Whichever
/// way, a question must get the same numbers, and never an index of another state.
@Suite("Ranking index", .serialized)
struct RankingIndexTests {
    static let draft = ResourceDraft(
        title: "Running and climate", topics: ["running 0", "climate 0", "data 1"], text: "poetry 1 and jazz 1")
    static let asOf = Day.on("2026-11-30")

    static func network() throws -> (TemporaryDirectory, Database) {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { try SyntheticNetwork(people: 800, topics: 40, seed: 11).build(in: $0) }
        return (folder, database)
    }

    static func ask(_ database: Database, limit: Int = 20) throws -> [Recommendation] {
        try database.read { try $0.questions.recommend(draft, limit: limit, asOf: asOf) }
    }

    static func revision(_ database: Database) throws -> Int64 {
        try database.read { try RankingIndex.currentRevision(in: $0) }
    }

    @Test func theFileAndTheCacheGiveTheSameAnswerAsABuild() throws {
        let (_, database) = try Self.network()
        RankingIndex.forgetCached()
        let built = try Self.ask(database)  // built from interests, then kept in the cache
        let cached = try Self.ask(database)
        try database.write { try $0.questions.saveRankingIndex() }
        RankingIndex.forgetCached()
        let stored = try Self.ask(database)
        #expect(built.count == 20 && built.contains { $0.reasons.contains { $0.kind == .interest } })
        #expect(cached == built)
        #expect(stored == built)
        let (indexRevision, topics): (Int64?, Int?) = try database.read {
            (
                try $0.fetchValue(sql: "SELECT revision FROM ranking_index"),
                try $0.fetchValue(sql: "SELECT count(*) FROM ranking_index_topics")
            )
        }
        #expect(try indexRevision == Self.revision(database))
        #expect(topics == 40)
    }

    /// An index stored before migration 0014 holds profile lengths where it now holds
    /// saturations: the migration deletes it, so the next question builds the index anew.
    @Test func anIndexStoredBeforeSaturationsIsDeleted() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        let migrations = Migrator.kith.migrations
        let before = try #require(migrations.firstIndex { $0.name.hasPrefix("0014") })
        try Migrator(migrations: Array(migrations.prefix(before))).migrate(database)
        try database.write { connection in
            try SyntheticNetwork(people: 300, topics: 20, seed: 5).build(in: connection)
            try connection.questions.saveRankingIndex()
        }
        let stored = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM ranking_index_topics") as Int? }
        #expect((stored ?? 0) > 0)
        try Migrator.kith.migrate(database)
        let left = try database.read { connection in
            try ["ranking_index", "ranking_index_topics", "ranking_index_resources"].map {
                try connection.fetchValue(sql: "SELECT count(*) FROM \($0)") as Int?
            }
        }
        #expect(left == [0, 0, 0])
        RankingIndex.forgetCached()
        let answers = try database.read { connection in
            (
                try connection.questions.recommend(Self.draft, limit: 10, asOf: Self.asOf),
                try connection.questions.recommend(
                    Self.draft, storedAs: nil, limit: 10, asOf: Self.asOf, exhaustive: true)
            )
        }
        #expect(!answers.0.isEmpty && answers.0 == answers.1)
    }

    /// The stored index is what the question reads: doubling its count of people (by hand, so
    /// the revision stays) changes every topic's rarity and so the points; the cache, once
    /// emptied, is not consulted.
    @Test func aCurrentStoredIndexIsRead() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        RankingIndex.forgetCached()
        let before = try Self.ask(database)
        try database.write { try $0.execute(sql: "UPDATE ranking_index SET people = people * 2") }
        RankingIndex.forgetCached()
        let after = try Self.ask(database)
        #expect(before.map(\.score) != after.map(\.score))
    }

    /// Topics read from the file stay in this process's cache for the revision: asked again,
    /// they are not read again (a damaged row goes unseen until the cache is emptied), and a
    /// question on more topics reads only those and answers as a build does.
    @Test func topicsReadFromTheFileAreKept() throws {
        let (_, database) = try Self.network()
        let wider = ResourceDraft(title: Self.draft.title, topics: Self.draft.topics + ["gardening 0"], text: nil)
        RankingIndex.forgetCached()
        let built = try database.read { try $0.questions.recommend(wider, limit: 20, asOf: Self.asOf) }
        try database.write { try $0.questions.saveRankingIndex() }
        RankingIndex.forgetCached()
        let first = try Self.ask(database)
        try database.write { connection in
            try connection.execute(
                sql: """
                    UPDATE ranking_index_topics SET people = 1, postings = ?
                    WHERE topic_id = (SELECT id FROM topics WHERE name = 'running 0')
                    """,
                arguments: [RankingIndex.Postings([(1 << 40, 3, 1)]).bytes])
        }
        #expect(try Self.ask(database) == first)
        #expect(try database.read { try $0.questions.recommend(wider, limit: 20, asOf: Self.asOf) } == built)
        RankingIndex.forgetCached()
        #expect(throws: DatabaseError.self) { try Self.ask(database) }
    }

    /// Storing the index after questions read only some topics from the file still stores
    /// every topic.
    @Test func theIndexStoredAfterPartialReadsIsWhole() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        RankingIndex.forgetCached()
        _ = try Self.ask(database)
        try database.write { connection in
            try connection.execute(sql: "DELETE FROM ranking_index")
            try connection.questions.saveRankingIndex()
        }
        let topics: Int? = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM ranking_index_topics") }
        #expect(topics == 40)
    }

    /// Each interest's points follow the formula of `Questions.Scoring`, recomputed here from
    /// `interests` alone (with the profile lengths at double precision, hence the tolerance).
    @Test func pointsAreTheFormulasOverTheWholeNetwork() throws {
        let (_, database) = try Self.network()
        let picks = try Self.ask(database)
        let (people, rows): (Int, [(Person.ID, String, Int)]) = try database.read {
            (
                try $0.fetchValue(sql: "SELECT count(*) FROM people") ?? 0,
                try $0.fetchAll(
                    (Person.ID, String, Int).self,
                    sql: "SELECT i.person_id, t.name, i.weight FROM interests i JOIN topics t ON t.id = i.topic_id")
            )
        }
        var caring: [String: Int] = [:]
        for (_, topic, _) in rows { caring[topic, default: 0] += 1 }
        func idf(_ topic: String) -> Double {
            let n = Double(caring[topic] ?? 0)
            return log(1 + (Double(people) - n + 0.5) / (n + 0.5))
        }
        var squares: [Person.ID: Double] = [:]
        for (person, topic, weight) in rows { squares[person, default: 0] += pow(Double(weight) * idf(topic), 2) }
        let typical = sqrt(squares.values.reduce(0, +) / Double(people))
        let (k1, b) = (Questions.Scoring.weightSaturation, Questions.Scoring.profileNormalization)
        var checked = 0
        for pick in picks {
            for (person, topic, weight) in rows where person == pick.personID && Self.draft.topics.contains(topic) {
                let w = Double(weight)
                let length = (squares[person] ?? 0).squareRoot()
                let expected =
                    Questions.Scoring.interestPoints * idf(topic) * w * (k1 + 1)
                    / (w + k1 * (1 - b + b * length / typical))
                let reason = pick.reasons.first { $0.kind == .interest && $0.detail.hasPrefix("\(topic) (") }
                #expect(abs((reason?.points ?? 0) - expected) < 0.011, "\(pick.name): \(topic)")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }

    @Test func theRevisionMovesWithEveryChangeThatMovesAScoreAndNoOther() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let (ann, topic) = try database.write { connection in
            let ann = try connection.people.add(NewPerson(name: "Ann", interests: [NewInterest(topic: "jazz")]))
            return (ann.id, try connection.fetchValue(sql: "SELECT id FROM topics") as Topic.ID?)
        }
        let moving = [
            "INSERT INTO people(name) VALUES ('Bo')",
            "INSERT INTO interests(person_id, topic_id, weight) VALUES (\(ann.rawValue + 1), \(topic!.rawValue), 2)",
            "UPDATE interests SET weight = 5 WHERE person_id = \(ann.rawValue)",
            "DELETE FROM interests WHERE person_id = \(ann.rawValue + 1)",
            "DELETE FROM people WHERE name = 'Bo'",
            "INSERT INTO resources(title) VALUES ('Hill repeats')",
            "INSERT INTO resource_topics(resource_id, topic_id) SELECT max(id), \(topic!.rawValue) FROM resources",
            "DELETE FROM resource_topics",
        ]
        let still = [
            "UPDATE people SET name = 'Ann Lee', is_archived = 1",
            "INSERT INTO notes(person_id, body) VALUES (\(ann.rawValue), 'likes jazz')",
            "UPDATE interests SET learned_on = '2020-01-01'",
            "UPDATE resources SET summary = 'fast'",
        ]
        for sql in moving + still + ["DELETE FROM resources"] {
            let before = try Self.revision(database)
            try database.write { try $0.execute(sql: sql) }
            #expect((try Self.revision(database) != before) == !still.contains(sql), "\(sql)")
        }
    }

    /// A change made after the index was stored (here in SQL, as in the sqlite3 shell) is in
    /// the next answer, and the next save stores the new state.
    @Test func aStaleStoredIndexIsNeverRead() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        let newcomer = try database.write { connection in
            let person = try connection.people.add(NewPerson(name: "Newcomer"))
            try connection.execute(
                sql: """
                    INSERT INTO interests(person_id, topic_id, weight)
                    SELECT ?, id, 5 FROM topics WHERE name IN ('running 0', 'climate 0', 'data 1')
                    """,
                arguments: [person.id])
            return person.id
        }
        RankingIndex.forgetCached()
        // Everyone who can be suggested: the newcomer is among them, on their three interests.
        let newcomerReasons = try Self.ask(database, limit: 1_000).first { $0.personID == newcomer }?.reasons
        #expect(newcomerReasons?.filter { $0.kind == .interest }.count == 3)
        try database.write { try $0.questions.saveRankingIndex() }
        #expect(
            try database.read { try $0.fetchValue(sql: "SELECT revision FROM ranking_index") }
                == Self.revision(database))
    }

    @Test func packedPostingsReadBackWhateverTheIds() {
        let entries: [(id: Int64, byte: UInt8, float: Float)] = [
            Int64.min, -300, -1, 0, 1, 127, 128, 16_383, 16_384, 1 << 40, Int64.max,
        ].enumerated().map { ($1, UInt8($0 % 5 + 1), Float($0) * 1.5) }
        let postings = RankingIndex.Postings(entries)
        var read: [(id: Int64, byte: UInt8, float: Float)] = []
        postings.forEach { read.append(($0, $1, $2)) }
        #expect(read.map(\.id) == entries.map(\.id))
        #expect(read.map(\.byte) == entries.map(\.byte))
        #expect(read.map(\.float) == entries.map(\.float))
        #expect(postings.count == entries.count)

        // A topic's people, unpacked from the file's form and packed again, each found by id.
        let interested = RankingIndex.Interested(postings)
        #expect(interested.people == entries.map(\.id))
        #expect(interested.postings.bytes == postings.bytes)
        for (id, weight, saturation) in entries {
            #expect(interested.interest(of: id)?.weight == weight)
            #expect(interested.interest(of: id)?.saturation == saturation)
        }
        for absent: Int64 in [-301, 2, 129, (1 << 40) + 1] {
            #expect(interested.interest(of: absent) == nil)
        }
    }

    /// Ids set by hand far from the others: the question's arrays cannot follow the ids, so
    /// people get places in the order met, and the answer is the same as reading everything.
    @Test func peopleWithFarApartIdsAreScored() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try connection.people.add(NewPerson(name: "Near", interests: [NewInterest(topic: "jazz", weight: 3)]))
            try connection.execute(sql: "INSERT INTO people(id, name) VALUES (1000000000000, 'Far')")
            try connection.execute(
                sql: "INSERT INTO interests(person_id, topic_id, weight) SELECT 1000000000000, id, 5 FROM topics")
        }
        for save in [false, true] {
            if save { try database.write { try $0.questions.saveRankingIndex() } }
            RankingIndex.forgetCached()
            let picks = try database.read {
                (
                    try $0.questions.recommend(ResourceDraft(title: "Jazz", topics: ["jazz"]), limit: 5),
                    try $0.questions.recommend(
                        ResourceDraft(title: "Jazz", topics: ["jazz"]), storedAs: nil, limit: 5, asOf: .today(),
                        exhaustive: true)
                )
            }
            #expect(picks.0.map(\.name) == ["Far", "Near"])
            #expect(picks.0 == picks.1)
        }
    }

    /// A question sums a block of places at a time (`Sums` in InterestEvidence): everyone is
    /// scored, however many blocks their ids span, and the top of the answer is the top of
    /// everyone's.
    @Test func peopleWhoseIdsSpanManyBlocksAreAllScored() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let people = 5_000
        try database.write { connection in
            try connection.execute(sql: "INSERT INTO topics(name) VALUES ('wide'), ('narrow')")
            try connection.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                    INSERT INTO people(id, name) SELECT i, 'Person ' || i FROM n
                    """,
                arguments: [people])
            try connection.execute(
                sql: """
                    INSERT INTO interests(person_id, topic_id, weight)
                    SELECT p.id, t.id, 1 + (p.id * 7 + t.id) % 5 FROM people p JOIN topics t
                    WHERE (t.name = 'wide') = (p.id % 3 > 0) OR p.id % 5 = 0
                    """)
        }
        let draft = ResourceDraft(title: "Wide and narrow", topics: ["wide", "narrow"])
        for save in [false, true] {
            if save { try database.write { try $0.questions.saveRankingIndex() } }
            RankingIndex.forgetCached()
            let (everyone, top, exhaustiveTop) = try database.read {
                (
                    try $0.questions.recommend(draft, limit: people),
                    try $0.questions.recommend(draft, limit: 5),
                    try $0.questions.recommend(draft, storedAs: nil, limit: 5, asOf: .today(), exhaustive: true)
                )
            }
            #expect(everyone.count == people)
            #expect(top == exhaustiveTop)
            #expect(top == Array(everyone.prefix(5)))
            #expect(top.allSatisfy { $0.reasons.count == 2 })  // the few with both topics
        }
    }

    /// A stored row cut short by hand holds fewer people than its count says: they are read,
    /// and nothing past the bytes.
    @Test func aRowCutShortReadsWhatItHolds() throws {
        let entries: [(id: Int64, byte: UInt8, float: Float)] = (1...50).map { ($0 * 3, 2, 1.25) }
        let bytes = RankingIndex.Postings(entries).bytes
        let cut = RankingIndex.Interested(RankingIndex.Postings(count: 50, bytes: bytes.prefix(bytes.count / 2)))
        #expect(cut.count < 50 && cut.people == entries.prefix(cut.count).map(\.id))
        #expect(cut.weights.count == cut.count && cut.saturations.count == cut.count)
        let padded = RankingIndex.Interested(RankingIndex.Postings(count: 10, bytes: bytes))
        #expect(padded.people == entries.prefix(10).map(\.id))
    }

    @Test func aDamagedStoredIndexSaysWhereAndHowToMend() throws {
        let (_, database) = try Self.network()
        try database.write { connection in
            try connection.questions.saveRankingIndex()
            let stray = RankingIndex.Postings([(1 << 40, 3, 1)])
            try connection.execute(
                sql: """
                    UPDATE ranking_index_topics SET people = 1, postings = ?
                    WHERE topic_id = (SELECT id FROM topics WHERE name = 'running 0')
                    """,
                arguments: [stray.bytes])
        }
        RankingIndex.forgetCached()
        #expect {
            try Self.ask(database)
        } throws: { error in
            let error = error as? DatabaseError
            return error?.extendedCode == .corrupt && error?.message.contains("ranking_index_topics") == true
        }
        try database.write { try $0.execute(sql: "DELETE FROM ranking_index") }
        #expect(try !Self.ask(database).isEmpty)
    }

    @Test func backupsLeaveTheIndexOut() throws {
        let (_, database) = try Self.network()
        try database.write { try $0.questions.saveRankingIndex() }
        let backup = try database.read { try JSONBackup.export(from: $0) }
        let tables = try JSONSerialization.jsonObject(with: backup) as? [String: Any]
        let names = Set((tables?["tables"] as? [String: Any])?.keys.map { $0 } ?? [])
        #expect(
            names.contains("interests")
                && names.isDisjoint(with: [
                    "ranking_revision", "ranking_index", "ranking_index_topics", "ranking_index_shares",
                ]))
    }

    /// `kith recommend` stores the index when it is behind, so that the next one reads it.
    @Test func theCommandStoresTheIndex() throws {
        let folder = try TemporaryDirectory()
        let kith = KithTool(database: folder.path())
        try kith.ok("person", "add", "Ann", "--interest", "jazz:4")
        let stored = { () throws -> Bool in
            let database = try folder.kith()
            return try database.read {
                try $0.fetchValue(sql: "SELECT revision = (SELECT revision FROM ranking_revision) FROM ranking_index")
                    ?? false
            }
        }
        #expect(try !stored())
        #expect(try kith.ok("recommend", "--title", "Jazz tonight", "--topic", "jazz").contains("Ann"))
        #expect(try stored())
    }
}
