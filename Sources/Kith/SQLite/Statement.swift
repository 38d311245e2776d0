import CSQLite
import Foundation

/// A prepared SQL statement, compiled once and reused.
///
/// You rarely hold one yourself: ``Connection/execute(sql:arguments:)`` and the fetch
/// methods take SQL text and reuse the connection's cached statement for it. Values are
/// always bound to `?` parameters, never written into SQL text.
///
/// Like its ``Connection``, a statement is not `Sendable`: it lives inside one access to a
/// ``Database``.
public final class Statement {
    /// The SQL text the statement was compiled from.
    public let sql: String
    @usableFromInline let handle: OpaquePointer
    private let connection: OpaquePointer
    private var columnIndexesByName: [String: Int32]?

    /// The tables this statement may write, its triggers' included (nil when it writes none
    /// or its connection does not track writes).
    var writtenTables: Set<String>?

    init(sql: String, connection: OpaquePointer) throws {
        var handle: OpaquePointer?
        var hasMoreSQL = false
        let code = sql.withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(connection, text, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, &tail)
            hasMoreSQL = tail.map { !String(cString: $0).allSatisfy { $0.isWhitespace || $0 == ";" } } ?? false
            return code
        }
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(resultCode: code, connection: connection, sql: sql)
        }
        if hasMoreSQL {
            sqlite3_finalize(handle)
            throw DatabaseError(
                code: .misuse, message: "a statement must hold one SQL command; use execute(script:) for several",
                sql: sql)
        }
        self.sql = sql
        self.handle = handle
        self.connection = connection
        self.columnCount = Int(sqlite3_column_count(handle))
    }

    deinit { sqlite3_finalize(handle) }

    /// The number of result columns. Read once per row rather than once per column: it can
    /// only change when SQLite compiles the statement again, which happens inside a step.
    /// (Unchecked exclusivity: a statement is used by one thread at a time, and a dynamic
    /// check on every column read cost more than the read.)
    @exclusivity(unchecked) public private(set) var columnCount: Int

    /// The name of a result column.
    public func columnName(at index: Int) -> String {
        String(cString: sqlite3_column_name(handle, Int32(index)))
    }

    /// The index of the result column with this name (case-insensitive, as in SQL).
    func columnIndex(named name: String) -> Int32? {
        if columnIndexesByName == nil {
            var indexes: [String: Int32] = [:]
            for index in (0..<columnCount).reversed() {
                indexes[columnName(at: index).lowercased()] = Int32(index)
            }
            columnIndexesByName = indexes
        }
        return columnIndexesByName?[name.lowercased()]
    }

    /// Runs the statement, which returns no rows, with its `?` parameters bound to `arguments`.
    ///
    /// ``Connection/execute(sql:arguments:)`` does the same after finding the statement in
    /// the connection's cache; in a long loop, hold the statement and skip that lookup:
    /// ```swift
    /// let insert = try connection.cachedStatement(sql: "INSERT INTO topics(name) VALUES (?)")
    /// for name in ["chess", "jazz"] { try insert.execute(arguments: [name]) }
    /// ```
    public func execute(arguments: [(any DatabaseValueConvertible)?] = []) throws {
        try execute(values: arguments.lazy.map { $0?.databaseValue ?? .null })
    }

    /// Runs the statement, which returns no rows, with `values` bound in order: the bulk path,
    /// for values already converted (``PendingRows``).
    func execute(values: some Collection<DatabaseValue>) throws {
        try reset(binding: values)
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Resets the statement and binds `arguments` to its `?` parameters, in order.
    @usableFromInline func reset(binding arguments: [(any DatabaseValueConvertible)?]) throws {
        try reset(binding: arguments.lazy.map { $0?.databaseValue ?? .null })
    }

    private func reset(binding values: some Collection<DatabaseValue>) throws {
        sqlite3_reset(handle)  // every parameter is bound again below, so no clearing is needed
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw DatabaseError(
                code: .range,
                message: "the statement has \(expected) parameters but \(values.count) arguments were given",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    private func bind(_ value: DatabaseValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null:
            code = sqlite3_bind_null(handle, index)
        case .integer(let integer):
            code = sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            code = sqlite3_bind_double(handle, index, real)
        case .text(var text):
            // With an explicit length, so that text holding NUL characters is stored whole.
            code = text.withUTF8 { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    // A nil pointer would bind NULL, so empty text binds a literal "".
                    guard let base = chars.baseAddress else {
                        return sqlite3_bind_text64(handle, index, "", 0, kith_sqlite_transient(), UInt8(SQLITE_UTF8))
                    }
                    return sqlite3_bind_text64(
                        handle, index, base, sqlite3_uint64(chars.count), kith_sqlite_transient(), UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let data):
            code = data.withUnsafeBytes { bytes in
                guard let base = bytes.baseAddress else { return sqlite3_bind_zeroblob(handle, index, 0) }
                return sqlite3_bind_blob64(handle, index, base, sqlite3_uint64(bytes.count), kith_sqlite_transient())
            }
        }
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: code, connection: connection, sql: sql) }
    }

    /// Advances to the next row: true when a row is ready, false when the statement is done.
    @usableFromInline func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            columnCount = Int(sqlite3_column_count(handle))
            return true
        case SQLITE_DONE: return false
        case let code:
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: code, connection: connection, sql: sql)
        }
    }

    /// The value in a column of the current row. Inlinable, with the fetch methods and
    /// ``Row``'s subscripts, so that reading a row compiles to direct C calls in the caller.
    @inlinable func value(at index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL:
            return .null
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        default:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        }
    }
}
