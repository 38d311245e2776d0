import Foundation
import Testing

@testable import Kith

/// Edits made by hand in the sqlite3 shell, where foreign keys are off: what the schema can
/// refuse it refuses, and what it cannot is reported by `integrityReport()` and `kith doctor`
/// while every other command fails cleanly or works, never crashing.
@Suite("Hand edits")
struct HandEditTests {
    let folder: TemporaryDirectory
    let path: String
    let kith: KithTool

    init() throws {
        folder = try TemporaryDirectory()
        path = folder.path()
        kith = KithTool(database: path)
        #expect(try KithTool.run(["tour", "--db", path]).status == 0)
    }

    @Test func withForeignKeysOffTheTriggersStillRefuseOrphansAndCascadeDeletes() throws {
        for (sql, refusal) in [
            ("UPDATE interests SET weight = 'high' WHERE id = 1;", "cannot store TEXT value in INTEGER column"),
            ("INSERT INTO people(name) VALUES (NULL);", "NOT NULL constraint failed: people.name"),
            ("UPDATE people SET birthday = '2026-02-30' WHERE id = 1;", "CHECK constraint failed"),
            ("INSERT INTO acquaintances(person_id, other_person_id) VALUES (2, 1);", "CHECK constraint failed"),
        ] {
            let result = try sqliteShell(path, sql)
            #expect(result.status != 0 && result.stderr.contains(refusal), "\(sql): \(result.stderr)")
        }
        for sql in [
            "INSERT INTO emails(person_id, address) VALUES (9999, 'ghost@example.org');",
            "UPDATE interests SET topic_id = 9999 WHERE id = 1;",
            "INSERT INTO asks(person_id, direction, topic, status, redirected_to_id) VALUES (1, 'mine', 'x', 'redirected', 9999);",
            "INSERT INTO vcard_cards(person_id, uid) VALUES (9999, 'u');",
        ] {
            let result = try sqliteShell(path, sql)
            #expect(result.status != 0 && result.stderr.contains("names no"), "\(sql): \(result.stderr)")
        }
        // Someone with notes, interests, shares and interactions, deleted by hand.
        let deleted = try sqliteShell(
            path,
            """
            CREATE TEMP TABLE victim AS SELECT person_id AS id FROM interactions WHERE person_id IN (SELECT person_id FROM notes) LIMIT 1;
            SELECT count(*) FROM victim;
            DELETE FROM people WHERE id = (SELECT id FROM victim);
            SELECT (SELECT count(*) FROM notes WHERE person_id IN victim) + (SELECT count(*) FROM interests WHERE person_id IN victim)
                 + (SELECT count(*) FROM shares WHERE person_id IN victim) + (SELECT count(*) FROM interactions WHERE person_id IN victim);
            """)
        #expect(deleted.stdout == "1\n0\n", "\(deleted.stderr)")
        let report = try Database(.file(path)).integrityReport()
        #expect(report.isHealthy, "\(report)")
        #expect(try kith.run(["doctor"]).stdout.contains("no problems found"))
    }

    @Test func whatTheSchemaCannotRefuseIsReportedByTheDoctor() throws {
        let edit = try sqliteShell(
            path,
            """
            PRAGMA ignore_check_constraints = 1;
            UPDATE interests SET weight = 9 WHERE id = 1;
            DROP TRIGGER notes_person_id_exists_on_insert;
            INSERT INTO notes(person_id, body) VALUES (9999, 'an orphan');
            INSERT INTO notes_search(rowid, body) VALUES (123456, 'a ghost in the index');
            """)
        #expect(edit.status == 0, "\(edit.stderr)")
        let report = try Database(.file(path)).integrityReport()
        #expect(Set(report.problems.map(\.check)) == ["integrity", "foreign keys", "full-text index"], "\(report)")
        #expect(report.problems.contains { $0.detail.contains("CHECK constraint failed in interests") })
        #expect(report.problems.contains { $0.detail == "1 row(s) of notes name a missing row of people" })

        let doctor = try kith.run(["doctor"])
        #expect(doctor.status == 1 && doctor.stdout.contains("3 problems") && doctor.stderr.isEmpty, "\(doctor)")
        let json = try kith.run(["doctor", "--json"])
        #expect(try json.json()["healthy"] as? Bool == false)
        #expect((try json.json()["problems"] as? [[String: String]])?.count == 3)

        // Every other command works or fails with one clear line; none crashes.
        for arguments in [
            ["person", "list"], ["person", "show", "1"],
            ["recommend", "--title", "Chess openings", "--topic", "chess"],
            ["week"], ["reconnect"], ["ledger"], ["introductions"], ["timeline", "1"],
            ["export", "json"], ["export", "vcard"], ["backup", folder.path("copy.sqlite")],
        ] {
            let result = try kith.run(arguments)
            #expect(
                result.status == 0 || (result.status == 1 && result.stderr.hasPrefix("kith: ")),
                "\(arguments): \(result.status) \(result.stderr)")
        }

        // An edited migration: Kith refuses to open the file and says why; the doctor still reads it.
        #expect(
            try sqliteShell(path, "UPDATE schema_migrations SET checksum = 'edited' WHERE name = '0003_views';").status
                == 0)
        let refused = try kith.run(["person", "list"])
        #expect(refused.status == 1 && refused.stderr.contains("0003_views was changed after it was applied"))
        #expect(try kith.run(["doctor"]).stdout.contains("migrations: 0003_views was applied from a different text"))
    }

    @Test func aDamagedOrForeignFileGetsAClearAnswerNotACrash() throws {
        // Overwrite pages in the middle of the file, as a failing disk might.
        _ = try KithTool.run(["backup", folder.path("whole.sqlite"), "--db", path])  // damage a copy
        let damaged = folder.path("whole.sqlite")
        let handle = try #require(FileHandle(forUpdatingAtPath: damaged))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 2)
        handle.write(Data(repeating: 0xA5, count: 8192))
        try handle.close()
        let notDatabase = folder.path("notes.txt")
        try Data("just some notes, not a database\n".utf8).write(to: URL(fileURLWithPath: notDatabase))
        for file in [damaged, notDatabase] {
            for arguments in [
                ["doctor"], ["person", "list"], ["recommend", "--title", "Chess", "--topic", "chess"],
                ["export", "json"],
            ] {
                let result = try KithTool.run(arguments + ["--db", file])
                #expect(
                    [0, 1].contains(result.status)
                        && (result.status == 0 || result.stderr.hasPrefix("kith: ") || !result.stdout.isEmpty),
                    "\(arguments) on \(file): \(result.status) \(result.stderr)")
            }
        }
        let doctor = try KithTool.run(["doctor", "--db", damaged])
        #expect(doctor.status == 1 && doctor.stdout.contains("integrity: "), "\(doctor)")
        #expect(try KithTool.run(["doctor", "--db", notDatabase]).stderr.contains("not a database"))
    }

    @Test func theDoctorNeverCreatesAFile() throws {
        let missing = folder.path("missing.sqlite")
        let result = try KithTool.run(["doctor", "--db", missing])
        #expect(result.status != 0 && result.stderr.contains("no Kith database at"))
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
