import Foundation

/// What is wrong with a Kith database file, if anything: the answer of
/// ``Database/integrityReport()`` and of `kith doctor`.
///
/// It looks for what a crash, a failing disk or an edit made by hand in the sqlite3 shell
/// could leave behind: damaged pages or indexes and values that break a CHECK (SQLite's
/// `integrity_check`), rows that name a missing person or topic (`foreign_key_check`),
/// full-text indexes or topic statistics out of step with what they summarize, and migrations that are missing,
/// unknown to this version of Kith, or edited since they were applied.
public struct IntegrityReport: Sendable, Hashable, CustomStringConvertible {
    /// One thing found wrong.
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// Which check found it: `integrity`, `foreign keys`, `full-text index`, `topic statistics`
        /// or `migrations`.
        public let check: String
        /// What it found, naming tables and columns, never the values in them.
        public let detail: String

        /// "check: detail", as `kith doctor` prints it.
        public var description: String { "\(check): \(detail)" }
    }

    /// Everything found wrong; empty when the file is sound.
    public let problems: [Problem]
    /// The checks that could not run, and why: on a database opened read-only, the
    /// full-text checks (SQLite spells them as writes).
    public let notChecked: [String]

    /// True when nothing was found wrong.
    public var isHealthy: Bool { problems.isEmpty }

    /// One problem a line, or "no problems found".
    public var description: String {
        (isHealthy ? ["no problems found"] : problems.map(\.description)).joined(separator: "\n")
            + notChecked.map { "\nnot checked: \($0)" }.joined()
    }
}

extension Database {
    /// Checks the whole file and says what is wrong with it, without changing anything and
    /// without migrating it (so it also reads a file that ``openKith(at:access:readers:)`` refuses).
    ///
    /// ```swift
    /// let database = try Database(.file(path))
    /// let report = try database.integrityReport()
    /// if !report.isHealthy { print(report) }
    /// ```
    ///
    /// It reads every page, so it takes about as long as reading the file once.
    public func integrityReport() throws -> IntegrityReport {
        // The full-text check is spelled as an INSERT, so this runs as a write transaction,
        // always rolled back: nothing is written, and a damaged file is not asked to commit.
        // A read-only handle cannot run it; its transaction takes no write lock either.
        var problems: [IntegrityReport.Problem] = []
        let notChecked = access == .readOnly ? ["full-text indexes (the database was opened read-only)"] : []
        do {
            try write { connection in
                // Runs one check; a check that SQLite cannot finish (a damaged page) is itself a problem.
                func check(_ name: String, _ body: () throws -> [String]) throws {
                    do {
                        problems += try body().map { IntegrityReport.Problem(check: name, detail: $0) }
                    } catch let error as DatabaseError {
                        problems.append(.init(check: name, detail: "could not be checked: \(error.message)"))
                    }
                }
                try check("integrity") {
                    try connection.fetchAll(String.self, sql: "PRAGMA integrity_check(100)").filter {
                        $0 != "ok"
                    }
                }
                try check("foreign keys") {
                    try connection.fetchAll(
                        (String, String, Int).self,
                        sql:
                            "SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2 ORDER BY 1, 2"
                    ).map { table, parent, rows in "\(rows) row(s) of \(table) name a missing row of \(parent)" }
                }
                for (index, againstContent) in FullTextIndexes.all where notChecked.isEmpty {
                    try check("full-text index") {
                        do {
                            // Rank 1 also compares the index with its content table. how_we_met_search
                            // holds only the people who have a how-we-met (its triggers skip the others,
                            // so that adding people does not write to it), so only its own structure is checked.
                            try connection.execute(
                                sql: "INSERT INTO \(index)(\(index), rank) VALUES ('integrity-check', ?)",
                                arguments: [againstContent ? 1 : 0])
                            return []
                        } catch let error as DatabaseError where error.message.contains("malformed") {
                            return ["\(index) does not match the text it indexes"]
                        }
                    }
                }
                try check("topic statistics") { try topicStatisticsProblems(in: connection) }
                try check("migrations") { try migrationProblems(in: connection) }
                throw RolledBack()
            }
        } catch is RolledBack {}
        return IntegrityReport(problems: problems, notChecked: notChecked)
    }

    private struct RolledBack: Error {}

    /// The topics whose row in `topic_statistics` (0007) differs from a recount of `interests`.
    private func topicStatisticsProblems(in connection: Connection) throws -> [String] {
        let exists: Bool =
            try connection.fetchValue(
                sql: "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'topic_statistics')") ?? false
        guard exists else { return [] }
        let recount = "SELECT topic_id, count(*), sum(weight * weight) FROM interests GROUP BY topic_id"
        let kept = "SELECT topic_id, people, weight_squares FROM topic_statistics"
        let differing: Int =
            try connection.fetchValue(
                sql: """
                    SELECT count(DISTINCT topic_id) FROM (
                        SELECT * FROM (\(recount) EXCEPT \(kept)) UNION ALL SELECT * FROM (\(kept) EXCEPT \(recount)))
                    """) ?? 0
        return differing == 0 ? [] : ["topic_statistics differs from a recount of interests for \(differing) topic(s)"]
    }

    private func migrationProblems(in connection: Connection) throws -> [String] {
        let hasRecord: Bool =
            try connection.fetchValue(
                sql: "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'schema_migrations')") ?? false
        guard hasRecord else { return ["not a Kith database (no schema_migrations table)"] }
        let recorded = Dictionary(
            try connection.fetchAll((String, String).self, sql: "SELECT name, checksum FROM schema_migrations"),
            uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        for migration in Migrator.kith.migrations {
            switch recorded[migration.name] {
            case nil: problems.append("\(migration.name) is not applied (Kith applies it when it opens the file)")
            case migration.checksum: break
            default: problems.append("\(migration.name) was applied from a different text than this Kith's")
            }
        }
        let known = Set(Migrator.kith.migrations.map(\.name))
        for name in recorded.keys.sorted() where !known.contains(name) {
            problems.append("\(name) is unknown to this version of Kith (a newer one wrote the file)")
        }
        return problems
    }
}
