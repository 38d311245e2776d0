import Foundation

/// A whole-database backup as one JSON document, and its restore.
///
/// The format (version 1) is the database itself, table by table:
///
/// ```json
/// {
///   "format": "kith-backup",
///   "version": 1,
///   "migrations": ["0001_initial", "0002_text_search", "0003_views", "0004_archived_index"],
///   "tables": {
///     "people": [{"id": 1, "name": "Ann Lee", "organization": null, "...": "..."}],
///     "interests": [{"id": 1, "person_id": 1, "topic_id": 1, "weight": 5, "learned_on": "2026-01-05"}]
///   }
/// }
/// ```
///
/// Every table of the schema is there (people, emails, phones, notes, acquaintances,
/// topics, aliases, interests, resources and their topics, shares, commitments and their
/// members, interactions, asks), each row an object keyed by column name with its stored
/// value (integers, reals, text or null). The full-text indexes are rebuilt on restore.
/// The column meanings are the schema's: read them in `Migrations/*.sql`.
///
/// ```swift
/// let json = try database.read { try JSONBackup.export(from: $0) }
/// let restored = try Database.openKith(at: .file(otherPath))
/// try restored.write { try JSONBackup.restore(json, into: $0) }
/// ```
public enum JSONBackup {
    /// The `format` field of every backup.
    public static let format = "kith-backup"
    /// The newest format version this Kith writes and reads.
    public static let version = 1

    /// Every row of every table, as a version-1 backup document.
    public static func export(from connection: Connection) throws -> Data {
        var tables: [String: [[String: Any]]] = [:]
        for table in try dataTables(in: connection) {
            tables[table] = try connection.fetchAll(sql: "SELECT * FROM \"\(table)\"") { row in
                var object: [String: Any] = [:]
                for index in 0..<row.statement.columnCount {
                    object[row.statement.columnName(at: index)] =
                        switch row.databaseValue(at: index) {
                        case .null: NSNull()
                        case .integer(let value): value
                        case .real(let value): value
                        case .text(let value): value
                        case .blob(let value): value.base64EncodedString()
                        }
                }
                return object
            }
        }
        let migrations = try connection.fetchAll(String.self, sql: "SELECT name FROM schema_migrations ORDER BY name")
        let document: [String: Any] = [
            "format": format, "version": version, "migrations": migrations, "tables": tables,
        ]
        return try JSONSerialization.data(
            withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    /// Restores a backup into `connection`'s database, which must hold no data yet.
    ///
    /// All or nothing: it runs in one transaction, with foreign keys checked at the end, and
    /// a document that is not a backup, comes from a newer Kith, names an unknown table or
    /// column, or breaks a constraint changes nothing. `file` names the input in errors.
    public static func restore(_ data: Data, into connection: Connection, file: String = "input") throws {
        func fail(_ location: String?, _ reason: String) -> InterchangeError {
            InterchangeError(file: file, location: location, reason: reason)
        }
        try InterchangeLimits.checkSize(data, file: file)
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail(
                nil, "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? "unreadable"))")
        }
        guard let document = parsed as? [String: Any], document["format"] as? String == format else {
            throw fail(nil, "not a Kith backup (\"format\" must be \"\(format)\")")
        }
        guard let version = document["version"] as? Int, version >= 1 else {
            throw fail("version", "missing or not a number")
        }
        guard version <= Self.version else {
            throw fail("version", "written by a newer Kith (version \(version); this one reads up to \(Self.version))")
        }
        guard let tables = document["tables"] as? [String: Any] else {
            throw fail("tables", "missing or not an object")
        }
        try connection.transaction {
            let known = try dataTables(in: connection)
            for table in known
            where try connection.fetchValue(sql: "SELECT EXISTS (SELECT 1 FROM \"\(table)\")") == true {
                throw fail(nil, "the database already holds data (in \(table)); restore into a new, empty database")
            }
            for (table, _) in tables where !known.contains(table) {
                throw fail("tables.\(table)", "no such table in this version of Kith")
            }
            // In creation order, so parents come before children: a row that names a missing
            // parent is refused at once (by its foreign key and Migrations/0006's trigger).
            for table in known {
                guard let rows = tables[table] else { continue }
                guard let rows = rows as? [[String: Any]] else {
                    throw fail("tables.\(table)", "must be an array of objects")
                }
                let columns = Set(
                    try connection.fetchAll(
                        String.self, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]))
                for (index, row) in rows.enumerated() {
                    let location = "\(table)[\(index)]"
                    let names = row.keys.sorted()
                    if let unknown = names.first(where: { !columns.contains($0) }) {
                        throw fail(location, "no column '\(unknown)' in \(table)")
                    }
                    let values = try names.map { name -> (any DatabaseValueConvertible)? in
                        switch row[name] {
                        case is NSNull, nil: return nil
                        case let number as NSNumber where "fd".contains(String(cString: number.objCType)):
                            return number.doubleValue
                        case let number as NSNumber: return number.int64Value
                        case let text as String: return text
                        default: throw fail("\(location).\(name)", "must be a number, text or null")
                        }
                    }
                    // Table and column names are checked against the schema above; values are bound.
                    let sql =
                        "INSERT INTO \"\(table)\"(\(names.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
                    try InterchangeError.naming(file, location) { try connection.execute(sql: sql, arguments: values) }
                }
            }
        }
    }

    /// The tables that hold data, in the order the schema created them (not the full-text
    /// indexes nor `topic_statistics`, which triggers rebuild, nor the ranking index, which
    /// Kith rebuilds, nor Kith's own bookkeeping).
    static func dataTables(in connection: Connection) throws -> [String] {
        try connection.fetchAll(
            String.self,
            sql: """
                SELECT s.name FROM sqlite_schema s JOIN pragma_table_list t ON t.name = s.name AND t.schema = 'main'
                WHERE s.type = 'table' AND t.type = 'table' AND s.name NOT LIKE 'sqlite_%' AND s.name NOT IN ('schema_migrations', 'topic_statistics', 'topic_revision', 'ranking_revision', 'ranking_index', 'ranking_index_topics', 'ranking_index_resources', 'ranking_index_shares')
                ORDER BY s.rowid
                """
        )
    }
}
