import GRDBSQLite

/// The raw SQLite C API, used as efficiently as possible: prepared statements reused, one
/// transaction, no error checking beyond the step result, no mutex (one thread uses it).
final class RawSQLite {
    private let db: OpaquePointer
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        var handle: OpaquePointer?
        guard
            sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
                == SQLITE_OK, let handle
        else {
            throw RawError(message: "cannot open \(path)")
        }
        db = handle
        try exec(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768"
        )
    }

    deinit { sqlite3_close_v2(db) }

    struct RawError: Error { let message: String }

    func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw RawError(message: String(cString: sqlite3_errmsg(db)))
        }
    }

    private func prepare(_ sql: String) -> OpaquePointer {
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        return statement!
    }

    func insertPeople(_ count: Int) throws {
        try exec("BEGIN IMMEDIATE")
        let person = prepare("INSERT INTO people(name) VALUES (?)")
        let interest = prepare("INSERT INTO interests(person_id, topic_id, weight, learned_on) VALUES (?, ?, ?, ?)")
        defer {
            sqlite3_finalize(person)
            sqlite3_finalize(interest)
        }
        for i in 0..<count {
            sqlite3_bind_text(person, 1, "Person \(i)", -1, Self.transient)
            guard sqlite3_step(person) == SQLITE_DONE else { throw RawError(message: "insert person") }
            sqlite3_reset(person)
            let id = sqlite3_last_insert_rowid(db)
            for j in 0..<3 {
                sqlite3_bind_int64(interest, 1, id)
                sqlite3_bind_int64(interest, 2, Int64((i * 3 + j) % 30 + 1))
                sqlite3_bind_int64(interest, 3, Int64(1 + (i + j) % 5))
                sqlite3_bind_text(interest, 4, "2026-01-01", -1, Self.transient)
                guard sqlite3_step(interest) == SQLITE_DONE else { throw RawError(message: "insert interest") }
                sqlite3_reset(interest)
            }
        }
        try exec("COMMIT")
    }

    func createItems(_ count: Int) throws {
        try exec(
            "CREATE TABLE items(i0 INTEGER, i1 INTEGER, i2 INTEGER, i3 INTEGER, i4 INTEGER, i5 INTEGER, i6 INTEGER, i7 INTEGER, i8 INTEGER, i9 INTEGER)"
        )
        try exec("BEGIN")
        let insert = prepare("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        for i in 0..<count {
            for column in 0..<10 { sqlite3_bind_int64(insert, Int32(column + 1), Int64(i * 10 + column)) }
            sqlite3_step(insert)
            sqlite3_reset(insert)
        }
        sqlite3_finalize(insert)
        try exec("COMMIT")
    }

    func fetchItems() throws -> [Item] {
        try exec("BEGIN")
        let select = prepare("SELECT * FROM items")
        var items: [Item] = []
        while sqlite3_step(select) == SQLITE_ROW {
            items.append(
                Item(
                    i0: sqlite3_column_int64(select, 0), i1: sqlite3_column_int64(select, 1),
                    i2: sqlite3_column_int64(select, 2),
                    i3: sqlite3_column_int64(select, 3), i4: sqlite3_column_int64(select, 4),
                    i5: sqlite3_column_int64(select, 5),
                    i6: sqlite3_column_int64(select, 6), i7: sqlite3_column_int64(select, 7),
                    i8: sqlite3_column_int64(select, 8),
                    i9: sqlite3_column_int64(select, 9)))
        }
        sqlite3_finalize(select)
        try exec("COMMIT")
        return items
    }

    func lookUpPeople(_ count: Int, among people: Int) throws {
        try exec("BEGIN")
        let select = prepare("SELECT id, name, organization, title FROM people WHERE id = ?")
        for k in 0..<count {
            sqlite3_bind_int64(select, 1, Int64(1 + (k * 7919) % people))
            guard sqlite3_step(select) == SQLITE_ROW else { throw RawError(message: "no person") }
            let row = PersonRow(
                id: sqlite3_column_int64(select, 0), name: text(select, 1) ?? "",
                organization: text(select, 2), title: text(select, 3))
            precondition(row.id > 0)
            sqlite3_reset(select)
        }
        sqlite3_finalize(select)
        try exec("COMMIT")
    }

    /// Text by its byte count (no strlen), or nil for NULL.
    private func text(_ statement: OpaquePointer, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(
            decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, column))),
            as: UTF8.self)
    }

    static func openAndMigrate(_ path: String, _ migrations: [(name: String, sql: String)]) throws {
        let database = try RawSQLite(path: path)
        try database.exec("BEGIN IMMEDIATE")
        for migration in migrations { try database.exec(migration.sql) }
        try database.exec("COMMIT")
    }
}

/// One person, as the lookups read it.
struct PersonRow {
    let id: Int64
    let name: String
    let organization: String?
    let title: String?
}
