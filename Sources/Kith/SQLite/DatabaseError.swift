import CSQLite

/// An error from SQLite, with what failed, where and why.
///
/// It carries SQLite's extended result code (and derives the primary one), SQLite's own
/// message, and the SQL text that failed. It never carries the values bound to that SQL:
/// they are personal data (names, notes, emails) and must not end up in logs.
///
/// Match a kind of failure with a result code:
///
/// ```swift
/// do {
///     try connection.execute(sql: "INSERT INTO interests(person_id, topic_id, weight) VALUES (?, ?, ?)",
///                            arguments: [person, topic, 9])
/// } catch let error as DatabaseError where error.code == .constraint {
///     print(error.message)   // "CHECK constraint failed: weight BETWEEN 1 AND 5"
/// }
/// ```
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// SQLite's extended result code, such as ``ResultCode/constraintForeignKey``.
    public let extendedCode: ResultCode
    /// SQLite's message, or Kith's own when the failure is Kith's (a type mismatch on read).
    public let message: String
    /// The SQL that failed, if any. Bound values are never included.
    public let sql: String?

    /// The primary result code, such as ``ResultCode/constraint``.
    public var code: ResultCode { extendedCode.primary }

    /// Creates an error from a result code, a message and the SQL that failed.
    public init(code: ResultCode, message: String, sql: String? = nil) {
        self.extendedCode = code
        self.message = message
        self.sql = sql
    }

    /// The error SQLite reports for `connection` after `resultCode`.
    init(resultCode: Int32, connection: OpaquePointer?, sql: String? = nil) {
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? resultCode
        // The connection's code may be stale if the failure did not come through it.
        let code = (extended & 0xFF) == (resultCode & 0xFF) ? extended : resultCode
        let message =
            connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(resultCode))
        self.init(code: ResultCode(rawValue: code), message: message, sql: sql)
    }

    public var description: String {
        var text = "SQLite error \(extendedCode.rawValue) (\(extendedCode.name)): \(message)"
        if let sql { text += " — while executing `\(sql)`" }
        return text
    }
}

/// A SQLite result code, primary or extended.
///
/// Related SQLite documentation: <https://www.sqlite.org/rescode.html>
public struct ResultCode: RawRepresentable, Hashable, Sendable {
    /// The numeric code, as SQLite's C API returns it.
    public let rawValue: Int32

    /// Creates a result code from its numeric value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code of an extended one (the low eight bits); itself for a primary code.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    /// SQLite's English name for the code, such as "constraint failed".
    public var name: String { String(cString: sqlite3_errstr(rawValue)) }

    /// Lets `case .constraint:` match an extended constraint code too.
    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern == code || (pattern == pattern.primary && pattern == code.primary)
    }

    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let cantOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let mismatch = ResultCode(rawValue: SQLITE_MISMATCH)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
    public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
    public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    public static let constraintDataType = ResultCode(rawValue: SQLITE_CONSTRAINT | (12 << 8))
}
