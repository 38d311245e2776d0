/// The current row of a statement, read by column index or by column name.
///
/// A row is only valid inside the closure that receives it:
///
/// ```swift
/// let names = try connection.fetchAll(sql: "SELECT id, name FROM people") { row in
///     (id: try row[0] as Int64, name: try row["name"] as String)
/// }
/// ```
///
/// Reading a column into a type it does not fit (NULL into a non-optional, text into an
/// `Int`) throws a ``DatabaseError`` with code ``ResultCode/mismatch`` that names the column.
public struct Row {
    let statement: Statement

    /// The value of the column at `index` (0-based), converted to `T`.
    public subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        get throws {
            guard index >= 0, index < statement.columnCount else {
                throw DatabaseError(code: .range, message: "no column at index \(index)", sql: statement.sql)
            }
            return try decode(Int32(index))
        }
    }

    /// The value of the column named `name` (case-insensitive), converted to `T`.
    public subscript<T: DatabaseValueConvertible>(_ name: String) -> T {
        get throws {
            guard let index = statement.columnIndex(named: name) else {
                throw DatabaseError(code: .range, message: "no column named '\(name)'", sql: statement.sql)
            }
            return try decode(index)
        }
    }

    /// The raw value of the column at `index`.
    public func databaseValue(at index: Int) -> DatabaseValue {
        statement.value(at: Int32(index))
    }

    private func decode<T: DatabaseValueConvertible>(_ index: Int32) throws -> T {
        let value = statement.value(at: index)
        guard let decoded = T(databaseValue: value) else {
            let stored: String = switch value {
            case .null: "NULL"
            case .integer: "an integer"
            case .real: "a real"
            case .text: "text"
            case .blob: "a blob"
            }
            throw DatabaseError(
                code: .mismatch,
                message: "column '\(statement.columnName(at: Int(index)))' holds \(stored), which cannot be read as \(T.self)",
                sql: statement.sql)
        }
        return decoded
    }
}
