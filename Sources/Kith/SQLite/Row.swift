/// The current row of a statement, read column after column (``columns``), by column name,
/// or by column index.
///
/// A row is only valid inside the closure that receives it:
///
/// ```swift
/// let names = try connection.fetchAll(sql: "SELECT id, name FROM people") { row in
///     var column = row.columns
///     return (id: try column.next(Int64.self), name: try column.next(String.self))
/// }
/// ```
///
/// Most queries need no closure: ``Connection/fetchAll(_:sql:arguments:)->[(V)]`` reads
/// each row as a tuple of the types given.
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

    /// The row's columns, read one after another in the order of the SELECT list: what a
    /// ``Connection/fetchAll(_:sql:arguments:)->[(V)]`` tuple or a record's `init(row:)` reads.
    public var columns: Columns { Columns(row: self) }

    /// The columns of a row, read in order: each ``next(_:)`` reads the next one.
    public struct Columns {
        @usableFromInline let row: Row
        @usableFromInline var index: Int32 = 0

        @usableFromInline init(row: Row) {
            self.row = row
        }

        /// The next column's value, converted to `T`.
        @inlinable public mutating func next<T: DatabaseValueConvertible>(_ type: T.Type = T.self) throws -> T {
            guard index < Int32(row.statement.columnCount) else { throw row.noColumn(at: Int(index)) }
            defer { index += 1 }
            return try row.decode(index)
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
