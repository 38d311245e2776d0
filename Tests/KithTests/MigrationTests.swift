import Foundation
import Testing

@testable import Kith

@Suite("Migrations")
struct MigrationTests {
    /// Every table and index in the file, as the sqlite3 shell would list them.
    private func schema(_ database: Database) throws -> [String] {
        try database.read {
            try $0.fetchAll(sql: "SELECT type || ' ' || name FROM sqlite_schema ORDER BY name") { try $0[0] as String }
        }
    }

    @Test func anEmptyDatabaseGetsTheWholeSchemaAndARecord() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let tables = try schema(database)
        for table in [
            "people", "emails", "phones", "notes", "acquaintances", "topics", "topic_aliases", "interests",
            "resources", "resource_topics", "shares", "commitments", "commitment_members", "interactions",
            "asks", "schema_migrations",
        ] {
            #expect(tables.contains("table \(table)"), "\(table)")
        }
        let applied = try Migrator.kith.appliedMigrations(in: database)
        #expect(Set(applied.keys) == Set(Migrator.kith.migrations.map(\.name)))
        #expect(applied["0001_initial"] == Migrator.kith.migrations[0].checksum)
    }

    @Test func reopeningAppliesNothingTwice() throws {
        let folder = try TemporaryDirectory()
        let before = try schema(folder.kith())
        let database = try folder.kith()
        #expect(try schema(database) == before)
        #expect(
            try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM schema_migrations") as Int? }
                == Migrator.kith.migrations.count)
    }

    @Test func theEmbeddedMigrationsAreTheFilesInMigrations() throws {
        let folder = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../Migrations")
            .standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
            .sorted()
        #expect(Migrator.kith.migrations.map { $0.name + ".sql" } == files)
        for migration in Migrator.kith.migrations {
            let text = try String(contentsOf: folder.appending(path: migration.name + ".sql"), encoding: .utf8)
            #expect(migration.sql == text)
        }
    }

    @Test func aDatabaseFromANewerKithIsRefusedAndLeftUntouched() throws {
        let folder = try TemporaryDirectory()
        try folder.kith().write { connection in
            try connection.execute(sql: "INSERT INTO schema_migrations(name, checksum) VALUES ('9999_future', 'abc')")
            try connection.execute(sql: "INSERT INTO people(name) VALUES ('Ann')")
        }
        let bytes = try Data(contentsOf: folder.url.appending(path: "kith.sqlite"))
        let error = try #require(throws: MigrationError.self) { try folder.kith() }
        #expect(error == .newerDatabase(unknownMigrations: ["9999_future"]))
        #expect(error.description.contains("newer version of Kith"))
        let raw = try Database(.file(folder.path()))
        #expect(try raw.read { try $0.fetchValue(sql: "SELECT name FROM people") as String? } == "Ann")
        try raw.withConnection { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        #expect(try Data(contentsOf: folder.url.appending(path: "kith.sqlite")) == bytes)
    }

    @Test func readOnlyOpensNeverCreateNorMigrate() throws {
        let folder = try TemporaryDirectory()
        // No file: refused, and none is created.
        let missing = try #require(throws: DatabaseError.self) {
            try Database.openKith(at: .file(folder.path()), access: .readOnly)
        }
        #expect(missing.code == .cantOpen && !FileManager.default.fileExists(atPath: folder.path()))

        // A file an older Kith wrote (the first three migrations): read-only says what it lacks and changes nothing.
        let older = Migrator(migrations: Array(Migrator.kith.migrations.prefix(3)))
        let database = try Database(.file(folder.path()))
        try older.migrate(database)
        try database.write { try $0.execute(sql: "INSERT INTO people(name) VALUES ('Ann')") }
        try database.withConnection { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let bytes = try Data(contentsOf: folder.url.appending(path: "kith.sqlite"))
        let lacking = Migrator.kith.migrations.dropFirst(3).map(\.name)
        #expect(try Migrator.kith.pendingMigrations(in: database) == lacking)
        let error = try #require(throws: MigrationError.self) {
            try Database.openKith(at: .file(folder.path()), access: .readOnly)
        }
        #expect(error == .pendingMigrations(lacking) && error.description.contains("older version of Kith"))
        #expect(try Data(contentsOf: folder.url.appending(path: "kith.sqlite")) == bytes)

        // Brought up to date, it opens read-only: reads work, writes are refused.
        try Migrator.kith.migrate(database)
        #expect(try Migrator.kith.pendingMigrations(in: database).isEmpty)
        let reader = try Database.openKith(at: .file(folder.path()), access: .readOnly)
        #expect(reader.access == .readOnly)
        #expect(try reader.read { try $0.people.all().map(\.name) } == ["Ann"])
        let refused = try #require(throws: DatabaseError.self) {
            try reader.write { try $0.people.add(NewPerson(name: "Bo")) }
        }
        #expect(refused.code == .readOnly)
        // The doctor reads it, and says which checks a reader cannot run.
        let report = try reader.integrityReport()
        #expect(
            report.isHealthy && report.notChecked.count == 1 && report.description.contains("not checked: full-text"))
        #expect(try folder.kith().integrityReport().notChecked.isEmpty)
    }

    @Test func anEditedMigrationIsRefused() throws {
        let folder = try TemporaryDirectory()
        try folder.kith().write { connection in
            try connection.execute(
                sql: "UPDATE schema_migrations SET checksum = '0000000000000000' WHERE name = '0001_initial'")
        }
        let error = try #require(throws: MigrationError.self) { try folder.kith() }
        guard case .checksumMismatch(let name, let recorded, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(name == "0001_initial" && recorded == "0000000000000000")
    }

    @Test func checksumsIgnoreLineEndingsButNotContent() {
        let unix = Migration(name: "0001_a", sql: "CREATE TABLE a(x);\n")
        #expect(unix.checksum == Migration(name: "0001_a", sql: "CREATE TABLE a(x);\r\n").checksum)
        #expect(unix.checksum != Migration(name: "0001_a", sql: "CREATE TABLE a(y);\n").checksum)
        #expect(unix.checksum.count == 16)
        // 64-bit FNV-1a of the bytes, as files already record it (worked out apart from Kith).
        #expect(unix.checksum == "dd0ef5c8eca0bf00")
    }

    @Test func aFailingMigrationIsRolledBackWhole() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        let migrator = Migrator(migrations: [
            Migration(name: "0001_good", sql: "CREATE TABLE good(x);"),
            Migration(name: "0002_bad", sql: "CREATE TABLE half(x); INSERT INTO nowhere VALUES (1);"),
        ])
        let error = try #require(throws: MigrationError.self) { try migrator.migrate(database) }
        guard case .failed(let name, let underlying) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(name == "0002_bad")
        #expect(underlying.message.contains("nowhere"))
        let tables = try schema(database)
        #expect(tables.contains("table good"))
        #expect(!tables.contains("table half"))
        #expect(try migrator.appliedMigrations(in: database).keys.sorted() == ["0001_good"])
    }

    @Test func aMigrationThatBreaksForeignKeysIsRolledBack() throws {
        let database = try Database(.inMemory)
        let migrator = Migrator(migrations: [
            Migration(name: "0001_parent", sql: "CREATE TABLE parent(id INTEGER PRIMARY KEY);"),
            Migration(
                name: "0002_orphans",
                sql: """
                    CREATE TABLE child(parent_id INTEGER REFERENCES parent(id));
                    PRAGMA defer_foreign_keys = ON;
                    INSERT INTO child VALUES (7);
                    """),
        ])
        #expect(throws: MigrationError.foreignKeyViolations(migration: "0002_orphans", tables: ["child"])) {
            try migrator.migrate(database)
        }
        #expect(try !schema(database).contains("table child"))
    }

    @Test func theMigrationFilesRunInTheSQLiteShell() throws {
        let folder = try TemporaryDirectory()
        for migration in Migrator.kith.migrations {
            let result = try sqliteShell(folder.path("shell.sqlite"), migration.sql)
            #expect(result.status == 0, "\(migration.name): \(result.stderr)")
        }
    }
}
