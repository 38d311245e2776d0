/// The insert guards of migration 0006 (`Migrations/0006_hand_edit_guards.sql`), set aside
/// while a bulk write runs.
///
/// Each guard refuses a row that names a person or topic that does not exist. That is what
/// the foreign key already checks on every Kith connection; the guards are there for the
/// sqlite3 shell, where foreign keys are off. On a Kith connection they only cost time: a
/// trigger runs as a program of its own for every row, and a table with a trigger has
/// every multi-row insert copied to a temporary table first. For an interest row that was
/// about a third of its insert.
///
/// So a large write drops the guards on the tables it fills and creates them again, from
/// the text the database holds, before its savepoint ends. Nobody else sees them missing:
/// other connections read the last commit, and cannot write until this transaction ends.
/// If anything fails, the savepoint is rolled back and the guards are back as they were.
enum HandEditGuards {
    /// Runs `body` with the insert guards on `tables` dropped, and creates them again before
    /// returning. Only guards exactly as migration 0006 wrote them are set aside (a trigger a
    /// user changed by hand stays and runs), and only while foreign keys are on: they do
    /// the guards' work meanwhile.
    static func setAside<T>(on tables: [String], in connection: Connection, while body: () throws -> T) throws -> T {
        try connection.transaction {
            let guards = try insertGuards(on: tables, in: connection)
            for (name, _) in guards {
                // A name migration 0006 wrote (`insertGuards` checks the whole trigger), not a value.
                try connection.execute(script: "DROP TRIGGER \"\(name)\"")
            }
            let result = try body()
            for (_, sql) in guards {
                try connection.execute(script: sql)
            }
            return result
        }
    }

    /// The insert guards on `tables` that migration 0006 wrote and that are unchanged, in the
    /// order they were created: their names and SQL. None when foreign keys are off.
    private static func insertGuards(on tables: [String], in connection: Connection) throws -> [(
        name: String, sql: String
    )] {
        guard try connection.fetchValue(sql: "PRAGMA foreign_keys") == true else { return [] }
        let stored = try connection.fetchAll(
            (String, String, String).self,
            sql:
                "SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'trigger' AND name GLOB '*_exists_on_insert' ORDER BY rowid"
        ).map { (table: $0.0, name: $0.1, sql: $0.2) }
        return stored.filter { tables.contains($0.table) && migrationSQL.contains($0.sql + ";") }.map {
            ($0.name, $0.sql)
        }
    }

    /// The migrations that write guards (0006, and 0010 for websites, nicknames and
    /// addresses) as Kith embeds them.
    private static let migrationSQL = Migrator.kith.migrations
        .filter { ["0006_hand_edit_guards", "0010_websites_nicknames_addresses"].contains($0.name) }.map(\.sql).joined(
            separator: "\n")
}
