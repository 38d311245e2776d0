import Foundation
import Testing

@testable import Kith

/// The schema is the last line of defence for edits made by hand in the sqlite3 shell.
@Suite("Schema")
struct SchemaTests {
    private func refuses(_ sql: String, in database: Database, _ code: ResultCode = .constraint) -> Bool {
        do {
            try database.write { try $0.execute(sql: sql) }
            return false
        } catch let error as DatabaseError {
            return error.code == code.primary
        } catch {
            return false
        }
    }

    @Test func aPersonNeedsOnlyAName() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { try $0.execute(sql: "INSERT INTO people(name) VALUES ('Ann')") }
        let ann = try #require(try database.read { try $0.people.named("ann") }.first)
        #expect(ann.isArchived == false && ann.emails.isEmpty)
        #expect(refuses("INSERT INTO people(name) VALUES ('   ')", in: database))
        #expect(refuses("INSERT INTO people(id) VALUES (99)", in: database))
    }

    @Test func boundedAndEnumeratedColumnsAreChecked() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try connection.execute(
                script: """
                    INSERT INTO people(id, name) VALUES (1, 'Ann');
                    INSERT INTO topics(id, name) VALUES (1, 'running');
                    INSERT INTO resources(id, title) VALUES (1, 'An article');
                    """)
        }
        #expect(refuses("INSERT INTO interests(person_id, topic_id, weight) VALUES (1, 1, 9)", in: database))
        #expect(refuses("INSERT INTO interests(person_id, topic_id, weight) VALUES (1, 1, 0)", in: database))
        #expect(refuses("INSERT INTO interests(person_id, topic_id, weight) VALUES (1, 1, 'high')", in: database))
        #expect(refuses("INSERT INTO topics(name) VALUES ('RUNNING')", in: database))
        #expect(refuses("INSERT INTO shares(resource_id, person_id, direction) VALUES (1, 1, 'lent')", in: database))
        #expect(refuses("INSERT INTO interactions(person_id, kind) VALUES (1, 'telepathy')", in: database))
        #expect(refuses("INSERT INTO interactions(person_id, minutes) VALUES (1, -5)", in: database))
        #expect(
            refuses(
                "INSERT INTO asks(person_id, direction, topic, status) VALUES (1, 'mine', 'x', 'maybe')", in: database))
        #expect(refuses("INSERT INTO commitments(name, kind) VALUES ('x', 'hobby')", in: database))
        #expect(
            refuses(
                "INSERT INTO commitments(name, started_on, ended_on) VALUES ('x', '2026-05-01', '2026-01-01')",
                in: database))
        #expect(refuses("UPDATE people SET met_on = '2026-02-30'", in: database))
        #expect(refuses("UPDATE people SET met_on = '14/03/2026'", in: database))
        #expect(refuses("UPDATE people SET birthday = '--02-30'", in: database))
        #expect(refuses("UPDATE people SET is_archived = 2", in: database))
        try database.write { try $0.execute(sql: "UPDATE people SET birthday = '--02-29', met_on = '2024-02-29'") }
    }

    @Test func foreignKeysHoldAndDeletesCascade() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        #expect(refuses("INSERT INTO shares(resource_id, person_id) VALUES (42, 42)", in: database))
        let ann = try database.write { connection in
            let ann = try connection.people.add(
                NewPerson(
                    name: "Ann", emails: [EmailAddress("ann@example.org")], interests: [NewInterest(topic: "running")],
                    notes: ["Training for Boston"]))
            let article = try connection.resources.add(title: "Hill repeats")
            try connection.resources.share(article.id, .given, with: ann.id)
            try connection.interactions.log(.coffee, with: ann.id)
            try connection.asks.log(.theirs, of: ann.id, topic: "a coach")
            return ann
        }
        try database.write { try $0.people.delete(ann.id) }
        for table in ["emails", "notes", "interests", "shares", "interactions", "asks"] {
            #expect(
                try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM \(table)") as Int? } == 0, "\(table)")
        }
        // The resource and the topic are not Ann's alone: they stay.
        #expect(try database.read { try $0.resources.all().count } == 1)
        #expect(try database.read { try $0.interests.topics().count } == 1)
    }
}

extension SchemaTests {
    /// `topic_statistics` (0007) is what "who should get this?" reads for how many people care
    /// about a topic: it must equal a recount after every kind of edit, the shell's included.
    @Test func topicStatisticsStayEqualToARecountThroughEveryEdit() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        func matchesRecount() throws -> Bool {
            try database.read { connection in
                let kept = try connection.fetchAll(
                    sql: "SELECT topic_id, people, weight_squares FROM topic_statistics ORDER BY 1"
                ) {
                    "\(try $0[0] as Int) \(try $0[1] as Int) \(try $0[2] as Int)"
                }
                let recount = try connection.fetchAll(
                    sql: "SELECT topic_id, count(*), sum(weight * weight) FROM interests GROUP BY topic_id ORDER BY 1"
                ) {
                    "\(try $0[0] as Int) \(try $0[1] as Int) \(try $0[2] as Int)"
                }
                return !kept.isEmpty && kept == recount
            }
        }
        let (ann, bo) = try database.write { connection in
            (
                try connection.people.add(
                    NewPerson(
                        name: "Ann", interests: [.init(topic: "running", weight: 5), .init(topic: "chess", weight: 2)])),
                try connection.people.add(NewPerson(name: "Bo", interests: [.init(topic: "running", weight: 3)]))
            )
        }
        #expect(try matchesRecount())
        try database.write { try $0.interests.add(NewInterest(topic: "running", weight: 1), to: ann.id) }  // re-weighed
        #expect(try matchesRecount())
        try database.write { try $0.people.delete(bo.id) }
        #expect(try matchesRecount())
        let shell = try sqliteShell(
            folder.path("kith.sqlite"),
            """
            PRAGMA foreign_keys = ON;
            INSERT INTO people(id, name) VALUES (3, 'Cy');
            INSERT INTO topics(name) VALUES ('jazz');
            INSERT INTO interests(person_id, topic_id, weight) SELECT 3, id, 4 FROM topics WHERE name = 'jazz';
            UPDATE interests SET topic_id = (SELECT id FROM topics WHERE name = 'jazz'), weight = 2
                WHERE topic_id = (SELECT id FROM topics WHERE name = 'chess');
            DELETE FROM topics WHERE name = 'running';
            """)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(try matchesRecount())
        // Only jazz is left, for Ann (2/5) and Cy (4/5).
        #expect(
            try database.read {
                try $0.fetchValue(sql: "SELECT people || ' ' || weight_squares FROM topic_statistics") as String?
            } == "2 20")
        #expect(try database.integrityReport().isHealthy)
        // Edited by hand, the derived table is out of step, and the doctor says so.
        try database.write { try $0.execute(sql: "UPDATE topic_statistics SET people = 7") }
        #expect(
            try database.integrityReport().problems.map(\.description)
                == ["topic statistics: topic_statistics differs from a recount of interests for 1 topic(s)"])
    }
}
