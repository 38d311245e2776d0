import Foundation
import Kith

/// The writer that the crash tests kill.
enum Writer {
    /// Adds people forever, each with an email, an interest, a note and an interaction in one
    /// transaction, and prints the person's id once the transaction has committed. Every 50
    /// writes it checkpoints the WAL, so some kills land in a checkpoint.
    static func writeForever(to path: String) throws -> Never {
        let database = try Database.openKith(at: .file(path))
        var next: Int = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM people") } ?? 0
        while true {
            let id = try database.write { connection in
                let person = try connection.people.add(
                    NewPerson(
                        name: "Writer \(next)", emails: [EmailAddress("writer\(next)@example.org")],
                        interests: [NewInterest(topic: "topic \(next % 7)")],
                        notes: ["Note \(next) about gardens and bicycles"]))
                try connection.interactions.log(.call, with: person.id, minutes: next % 90)
                return person.id.rawValue
            }
            print(id)
            fflush(nil)  // the id reaches the pipe now: it is acknowledged
            next += 1
            if next % 50 == 0 { try database.withConnection { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") } }
        }
    }

    /// Imports 600 vCards forever (more than the 500 from which an import sets the hand-edit
    /// guards aside), each file in one transaction, and prints the number of people once the
    /// transaction has committed.
    static func importForever(to path: String) throws -> Never {
        let database = try Database.openKith(at: .file(path))
        let done: Int = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM people") } ?? 0
        for round in (done / 600)... {  // new cards: the same ones again would only update their people
            let cards = (0..<600).map {
                "BEGIN:VCARD\nFN:Card \(round)-\($0)\nEMAIL:c\(round)-\($0)@example.org\nCATEGORIES:topic \($0 % 9)\nNOTE:note \($0)\nEND:VCARD\n"
            }
            let people: Int = try database.write { connection in
                _ = try VCardImporter.import(Data(cards.joined().utf8), into: connection)
                return try connection.fetchValue(sql: "SELECT count(*) FROM people") ?? -1
            }
            print(people)
            fflush(nil)
        }
        fatalError("unreachable")
    }

    /// A file with only the first migration applied, holding `people` people with a note each:
    /// enough that the next migrations (full-text indexes built over every note) take a while.
    static func createOldSchema(at path: String, people: Int) throws {
        let database = try Database(.file(path))
        try Migrator(migrations: Array(Migrator.kith.migrations.prefix(1))).migrate(database)
        try database.write { connection in
            try connection.execute(
                sql: """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                    INSERT INTO people(id, name, how_we_met) SELECT i, 'Old ' || i, 'met at meetup ' || (i % 97) FROM n
                    """,
                arguments: [people])
            try connection.execute(
                sql:
                    "INSERT INTO notes(person_id, body) SELECT id, 'Talked about gardens, bicycles and item ' || id FROM people"
            )
        }
        print("created")
    }
}
