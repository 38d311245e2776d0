/// Brings a database to the latest schema by applying the migrations it lacks.
///
/// Each migration runs in its own immediate transaction, checks foreign keys before it
/// commits, and is recorded (name, checksum, time) in `schema_migrations`, a table you can
/// read in the sqlite3 shell:
///
/// ```sql
/// SELECT name, applied_at FROM schema_migrations;
/// ```
///
/// Before applying anything, the migrator refuses a database that records a migration it
/// does not know (a newer Kith wrote it) or one whose checksum changed.
public struct Migrator: Sendable {
    /// The migrations, in the order they apply.
    public let migrations: [Migration]

    /// Creates a migrator; migrations apply in name order.
    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.name < $1.name }
    }

    /// Kith's own migrations, embedded from `Migrations/*.sql` at build time.
    public static let kith = Migrator(migrations: embeddedMigrations.map { Migration(name: $0.name, sql: $0.sql) })

    /// Applies every migration the database lacks.
    ///
    /// ```swift
    /// let database = try Database(.file(path))
    /// try Migrator.kith.migrate(database)
    /// ```
    ///
    /// - throws: ``MigrationError``. A failed migration is rolled back; those before it stay applied.
    public func migrate(_ database: Database) throws {
        // Read first: an up-to-date database (the usual case) is opened without a write lock.
        guard try !pendingMigrations(in: database).isEmpty else { return }
        try bookkeeping { try database.write { try checkRecorded(in: $0) } }
        for migration in migrations {
            try bookkeeping {
                try database.write { connection in
                    // Re-checked inside the transaction: another process may have applied it meanwhile.
                    guard try recorded(in: connection)[migration.name] == nil else { return }
                    try apply(migration, in: connection)
                }
            }
        }
    }

    private func apply(_ migration: Migration, in connection: Connection) throws {
        do {
            try connection.execute(script: migration.sql)
        } catch let error as DatabaseError {
            throw MigrationError.failed(migration: migration.name, underlying: error)
        }
        let violations = try connection.fetchAll(
            String.self, sql: "SELECT DISTINCT \"table\" FROM pragma_foreign_key_check")
        guard violations.isEmpty else {
            throw MigrationError.foreignKeyViolations(migration: migration.name, tables: violations)
        }
        try connection.execute(
            sql: "INSERT INTO schema_migrations(name, checksum) VALUES (?, ?)",
            arguments: [migration.name, migration.checksum])
    }

    /// The migrations recorded in the database, by name, with their checksums.
    ///
    /// - throws: ``MigrationError/bookkeepingFailed(underlying:)`` when the table cannot be read.
    public func appliedMigrations(in database: Database) throws -> [String: String] {
        try bookkeeping { try database.read { try recorded(in: $0) } }
    }

    /// The migrations this build has that the database has not applied, in order: what
    /// ``migrate(_:)`` would apply. Reads only, so it works on a read-only database.
    ///
    /// - throws: ``MigrationError/newerDatabase(unknownMigrations:)`` when a newer Kith wrote
    ///   the database, ``MigrationError/checksumMismatch(migration:recorded:expected:)`` when an
    ///   applied migration was edited, ``MigrationError/bookkeepingFailed(underlying:)`` when
    ///   the record cannot be read.
    public func pendingMigrations(in database: Database) throws -> [String] {
        let recorded = try bookkeeping {
            try database.read { connection -> [String: String] in
                let exists =
                    try connection.fetchValue(
                        sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'")
                    as Int? ?? 0
                return exists > 0 ? try self.recorded(in: connection) : [:]
            }
        }
        try check(recorded)
        return migrations.map(\.name).filter { recorded[$0] == nil }
    }

    /// Creates the record table if needed, then checks what it records against this build.
    private func checkRecorded(in connection: Connection) throws {
        try connection.execute(
            script: """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name       TEXT PRIMARY KEY,
                    checksum   TEXT NOT NULL,
                    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                ) STRICT;
                """)
        try check(try recorded(in: connection))
    }

    /// Refuses what a database records that this build cannot trust: a migration it does
    /// not know (a newer Kith wrote the file), or one whose text changed since it was applied.
    private func check(_ recorded: [String: String]) throws {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.name, $0.checksum) })
        let unknown = recorded.keys.filter { known[$0] == nil }.sorted()
        guard unknown.isEmpty else { throw MigrationError.newerDatabase(unknownMigrations: unknown) }
        for migration in migrations {
            if let checksum = recorded[migration.name], checksum != migration.checksum {
                throw MigrationError.checksumMismatch(
                    migration: migration.name, recorded: checksum, expected: migration.checksum)
            }
        }
    }

    private func recorded(in connection: Connection) throws -> [String: String] {
        let rows = try connection.fetchAll((String, String).self, sql: "SELECT name, checksum FROM schema_migrations")
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    /// Runs `body`, reporting a database failure outside any migration's own SQL as a
    /// bookkeeping failure.
    private func bookkeeping<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw MigrationError.bookkeepingFailed(underlying: error)
        }
    }
}
