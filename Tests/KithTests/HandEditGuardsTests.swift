import Foundation
import Testing

@testable import Kith

/// The guards of migration 0006 are set aside while a large write runs on a Kith connection
/// (foreign keys on), and are always back, exactly as they were, when it ends.
@Suite("Hand-edit guards set aside")
struct HandEditGuardsTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    /// Every trigger's name and SQL, in the order they were created.
    private func triggers() throws -> [[String]] {
        try database.read { try triggers($0) }
    }

    private func triggers(_ connection: Connection) throws -> [[String]] {
        try connection.fetchAll(sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY rowid") {
            [try $0[0] as String, try $0[1] as String]
        }
    }

    private func schemaVersion() throws -> Int {
        try database.read { try $0.fetchValue(sql: "PRAGMA schema_version") ?? 0 }
    }

    @Test func onlyTheInsertGuardsOfTheNamedTablesAreDroppedAndTheyComeBackAsTheyWere() throws {
        let before = try triggers()
        let inside: [String] = try database.write { connection in
            try HandEditGuards.setAside(on: ["emails", "interests"], in: connection) {
                try triggers(connection).map { $0[0] }
            }
        }
        let dropped = [
            "emails_person_id_exists_on_insert", "interests_person_id_exists_on_insert",
            "interests_topic_id_exists_on_insert",
        ]
        #expect(inside == before.map { $0[0] }.filter { !dropped.contains($0) })
        #expect(
            inside.contains("phones_person_id_exists_on_insert") && inside.contains("emails_person_id_exists_on_update")
        )
        // Back in the same order: a name sorts the same among the triggers as before.
        #expect(Set(try triggers()) == Set(before))
        #expect(
            try triggers().map { $0[0] }.filter { dropped.contains($0) }
                == before.map { $0[0] }.filter { dropped.contains($0) })

        // And they still refuse an orphan typed in the shell, where foreign keys are off.
        let shell = try sqliteShell(
            folder.path(), "INSERT INTO emails(person_id, address) VALUES (9999, 'ghost@example.org');")
        #expect(shell.status != 0 && shell.stderr.contains("emails.person_id names no person"), "\(shell.stderr)")
    }

    @Test func aFailureWhileTheyAreAsideBringsThemBackAndKeepsNoRow() throws {
        struct Failure: Error {}
        let before = try triggers()
        let person = try database.write { try $0.people.add(NewPerson(name: "Ann")).id }
        try database.write { connection in
            // The caller catches the error and commits the rest of its transaction.
            #expect(throws: Failure.self) {
                try HandEditGuards.setAside(on: ["emails"], in: connection) {
                    try connection.execute(
                        sql: "INSERT INTO emails(person_id, address) VALUES (?, 'ann@example.org')", arguments: [person]
                    )
                    throw Failure()
                }
            }
        }
        #expect(try triggers() == before)
        #expect(try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM emails") as Int? } == 0)
    }

    @Test func aGuardChangedByHandStaysAndRuns() throws {
        let changed = try sqliteShell(
            folder.path(),
            """
            CREATE TABLE guard_log(person_id INTEGER);
            DROP TRIGGER emails_person_id_exists_on_insert;
            CREATE TRIGGER emails_person_id_exists_on_insert BEFORE INSERT ON emails
            BEGIN INSERT INTO guard_log VALUES (new.person_id); END;
            """)
        #expect(changed.status == 0, "\(changed.stderr)")
        let count = WriteBatch.guardsSetAsideFrom + 10
        let cards = (0..<count).map { "BEGIN:VCARD\nFN:Person \($0)\nEMAIL:p\($0)@example.org\nEND:VCARD\n" }.joined()
        try database.write { _ = try VCardImporter.import(Data(cards.utf8), into: $0) }
        #expect(try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM guard_log") as Int? } == count)
        #expect(try triggers().contains { $0[0] == "emails_person_id_exists_on_insert" && $0[1].contains("guard_log") })
    }

    @Test func withForeignKeysOffNothingIsSetAside() throws {
        let before = (version: try schemaVersion(), triggers: try triggers())
        try database.withConnection { try $0.execute(sql: "PRAGMA foreign_keys = OFF") }
        let inside: [[String]] = try database.write { connection in
            try HandEditGuards.setAside(on: ["emails", "phones"], in: connection) { try triggers(connection) }
        }
        #expect(inside == before.triggers)
        #expect(try schemaVersion() == before.version)
    }

    /// The schema version counts schema changes: a large import sets the guards aside (and
    /// puts them back), a small one leaves them.
    @Test(arguments: [1, WriteBatch.guardsSetAsideFrom])
    func anImportSetsThemAsideOnlyWhenLarge(people: Int) throws {
        let before = (version: try schemaVersion(), triggers: try triggers())
        let rows = (0..<people).map {
            "Ann,Person \($0),* myContacts ::: topic \($0 % 9),ann\($0)@example.org,+1 555 \($0)"
        }
        let csv = "First Name,Last Name,Labels,E-mail 1 - Value,Phone 1 - Value\n" + rows.joined(separator: "\n")
        let summary = try database.write { try ContactsCSVImporter.import(Data(csv.utf8), format: .google, into: $0) }
        #expect(summary.added == people)
        #expect(Set(try triggers()) == Set(before.triggers))
        #expect((try schemaVersion() > before.version) == (people >= WriteBatch.guardsSetAsideFrom))
    }

    /// A large import that fails after a batch was written with the guards aside leaves
    /// the file as it was, guards included.
    @Test func aLargeImportThatFailsLeavesTheGuardsAndNoRow() throws {
        let before = try triggers()
        let count = WriteBatch.peopleHeldAtMost + 10
        var cards = (0..<count).map {
            "BEGIN:VCARD\nFN:Person \($0)\nEMAIL:p\($0)@example.org\nNOTE:note \($0)\nEND:VCARD\n"
        }
        cards.append("BEGIN:VCARD\nFN:Person with a bad note\nNOTE:a\u{0}b\nEND:VCARD\n")
        #expect {
            try database.write { _ = try VCardImporter.import(Data(cards.joined().utf8), file: "big.vcf", into: $0) }
        } throws: { error in
            (error as? InterchangeError)?.location == "card \(count + 1)"
        }
        #expect(try triggers() == before)
        #expect(try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM people") as Int? } == 0)
    }
}
