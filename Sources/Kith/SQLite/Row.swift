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
    @usableFromInline let statement: Statement

    @usableFromInline init(statement: Statement) {
        self.statement = statement
    }

    /// The value of the column at `index` (0-based), converted to `T`.
    @inlinable public subscript<T: DatabaseValueConvertible>(_ index: Int) -> T {
        get throws {
            guard index >= 0, index < statement.columnCount else { throw noColumn(at: index) }
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

    @inlinable func decode<T: DatabaseValueConvertible>(_ index: Int32) throws -> T {
        let value = statement.value(at: index)
        guard let decoded = T(databaseValue: value) else { throw mismatch(value, at: index, as: T.self) }
        return decoded
    }

    @usableFromInline func noColumn(at index: Int) -> DatabaseError {
        DatabaseError(code: .range, message: "no column at index \(index)", sql: statement.sql)
    }

    /// The error for a value that does not fit the type asked for, naming the column.
    @usableFromInline func mismatch<T>(_ value: DatabaseValue, at index: Int32, as type: T.Type) -> DatabaseError {
        let stored: String =
            switch value {
            case .null: "NULL"
            case .integer: "an integer"
            case .real: "a real"
            case .text: "text"
            case .blob: "a blob"
            }
        return DatabaseError(
            code: .mismatch,
            message:
                "column '\(statement.columnName(at: Int(index)))' holds \(stored), which cannot be read as \(T.self)",
            sql: statement.sql)
    }
}
