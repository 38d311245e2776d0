/// Rows waiting to be inserted into one table, written many to a statement.
///
/// Each statement costs SQLite far more than each row: the statement journal that foreign
/// keys and triggers need is opened and closed, and every page the statement touches is
/// journaled again. `INSERT … VALUES (…), (…), …` pays that once for many rows. The SQL
/// is built from the constant table and column names and a row count only; every value is
/// bound.
struct PendingRows {
    /// A table's insert statements, built once (a batch of one person must not pay for them).
    struct Table: Sendable {
        let width: Int
        let rowsPerStatement: Int
        /// The statement for a full chunk of rows, and for one row (the leftovers, so that
        /// only two statements per table are ever prepared).
        let chunkSQL, rowSQL: String

        /// - Parameters:
        ///   - table: the table, and `columns` its columns, as constant SQL.
        ///   - conflict: an `ON CONFLICT` clause, or empty.
        init(_ table: String, _ columns: [String], conflict: String = "") {
            width = columns.count
            rowsPerStatement = max(1, 900 / width)  // well under SQLite's limit on bound parameters
            let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            let insert = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
            chunkSQL = insert + Array(repeating: row, count: rowsPerStatement).joined(separator: ", ") + conflict
            rowSQL = insert + row + conflict
        }
    }

    private let table: Table
    private var values: [DatabaseValue] = []

    init(_ table: Table) {
        self.table = table
    }

    /// Holds back one row: a value for each column, in order.
    mutating func append(_ row: [(any DatabaseValueConvertible)?]) {
        precondition(row.count == table.width, "a row of \(row.count) values for \(table.width) columns")
        for value in row {  // a loop: appending a lazy map cost more than converting the values
            values.append(value?.databaseValue ?? .null)
        }
    }

    /// Inserts the rows in the order they came, and forgets them.
    mutating func write(to connection: Connection) throws {
        var start = 0
        while start < values.count {
            let rows = values.count - start >= table.rowsPerStatement * table.width ? table.rowsPerStatement : 1
            let end = start + rows * table.width
            try connection.cachedStatement(sql: rows == 1 ? table.rowSQL : table.chunkSQL).execute(values: values[start..<end])
            start = end
        }
        values.removeAll(keepingCapacity: true)
    }
}
