import Foundation
import KithTestSupport
import Testing

@testable import Kith

@Suite("JSON backup and database backup")
struct JSONBackupTests {
    let folder: TemporaryDirectory
    let asOf = Day.on("2026-11-26")

    init() throws {
        folder = try TemporaryDirectory()
    }

    /// Every answer Kith gives, as text, to compare two databases.
    func answers(_ database: Database) throws -> [String] {
        try database.read { connection in
            let questions = connection.questions
            let draft = ResourceDraft(
                title: "Jazz and climate data for gardeners", topics: ["climate 0", "jazz 1"], text: "kakakan lokakan")
            return [
                "\(try questions.recommend(draft, limit: 10, asOf: asOf))",
                "\(try questions.recommend(Resource.ID(rawValue: 3), limit: 10, asOf: asOf))",
                "\(try questions.ledger())", "\(try questions.whoIOwe())",
                "\(try questions.reconnect(limit: 10, asOf: asOf))", "\(try questions.introductions(limit: 10))",
                "\(try questions.whoCanHelp(with: "climate 0"))", "\(try questions.sharedCauses(asOf: asOf))",
                "\(try questions.timeline(of: 7))", "\(try questions.week(asOf: asOf))",
                "\(try questions.beforeAsking(5, asOf: asOf))",
            ]
        }
    }

    func network() throws -> Database {
        let database = try folder.kith("source.sqlite")
        try database.write { connection in
            try SyntheticNetwork(people: 400, topics: 40, seed: 9).build(in: connection)
            try connection.interests.addAlias("cc", to: 7)
            try connection.people.recordAcquaintance(1, 2)
            try connection.asks.log(.theirs, of: 3, topic: "a reference", on: .on("2026-11-01"))
            try connection.people.archive(4)
        }
        return database
    }

    @Test func aRestoredBackupGivesTheSameAnswersToEveryQuestion() throws {
        let source = try network()
        let json = try source.read { try JSONBackup.export(from: $0) }
        let restored = try folder.kith("restored.sqlite")
        try restored.write { try JSONBackup.restore(json, into: $0) }
        #expect(try answers(restored) == answers(source))
        // And the restored database exports the same document.
        #expect(try restored.read { try JSONBackup.export(from: $0) } == json)
        let document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(document["format"] as? String == "kith-backup" && document["version"] as? Int == 1)
        let tables = try #require(document["tables"] as? [String: Any])
        #expect(
            Set(tables.keys).isSuperset(of: [
                "people", "interests", "topic_aliases", "shares", "notes", "acquaintances", "asks",
            ]))
    }

    @Test func aBrokenBackupNamesWhereAndChangesNothing() throws {
        let source = try network()
        let json = try source.read { try JSONBackup.export(from: $0) }
        var document = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        var tables = try #require(document["tables"] as? [String: Any])
        var interests = try #require(tables["interests"] as? [[String: Any]])
        interests[17]["weight"] = 9
        tables["interests"] = interests
        document["tables"] = tables
        let broken = try JSONSerialization.data(withJSONObject: document)
        let target = try folder.kith("target.sqlite")
        #expect {
            try target.write { try JSONBackup.restore(broken, into: $0, file: "b.json") }
        } throws: { error in
            let error = try #require(error as? InterchangeError)
            return error.file == "b.json" && error.location == "interests[17]" && error.reason.contains("CHECK")
        }
        #expect(try target.read { try $0.fetchValue(sql: "SELECT count(*) FROM people") as Int? } == 0)

        for (text, reason) in [
            (#"{"format": "kith-backup", "version": 2, "tables": {}}"#, "newer Kith"),
            (#"{"format": "something else"}"#, "not a Kith backup"),
            (
                #"{"format": "kith-backup", "version": 1, "tables": {"people": [{"id": 1, "nmae": "Ann"}]}}"#,
                "no column 'nmae'"
            ),
            (#"{"format": "kith-backup", "version": 1, "tables": {"friends": []}}"#, "no such table"),
            (
                #"{"format": "kith-backup", "version": 1, "tables": {"shares": [{"id": 1, "resource_id": 5, "person_id": 5}]}}"#,
                "names no"
            ),
            ("[1, 2", "not valid JSON"),
        ] {
            #expect {
                try target.write { try JSONBackup.restore(Data(text.utf8), into: $0) }
            } throws: { error in
                (error as? InterchangeError)?.reason.contains(reason) == true
            }
        }
        #expect(
            try target.read { try JSONBackup.export(from: $0) }
                == (try folder.kith("empty.sqlite").read { try JSONBackup.export(from: $0) }))
        // A database that holds data is not restored over.
        #expect(throws: InterchangeError.self) { try source.write { try JSONBackup.restore(json, into: $0) } }
    }

    @Test func aBackupFileIsAConsistentOwnerOnlyCopy() throws {
        let source = try network()
        let copy = folder.path("copy.sqlite")
        try source.backup(to: copy)
        let attributes = try FileManager.default.attributesOfItem(atPath: copy)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try answers(try Database.openKith(at: .file(copy))) == answers(source))
        #expect(throws: DatabaseError.self) { try source.backup(to: copy) }  // never overwrites
    }
}
