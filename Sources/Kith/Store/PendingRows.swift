/// Rows waiting to be inserted into one table, written many to a statement.
///
/// Each statement costs SQLite far more than each row: the statement journal that foreign
/// keys and triggers need is opened and closed, and every page of the file the statement
/// changes is copied to it first, once per statement. `INSERT … VALUES (…), (…), …` pays
/// that once for many rows, and the more rows, the fewer copies (an index page takes many
/// rows of one statement). The SQL is built from the constant table and column names and a
/// row count only; every value is bound.
struct PendingRows {
    /// A table's insert statement, for any number of rows.
    struct Table: Sendable {
        let name: String
        let width: Int
        /// The most rows one statement writes: the largest power of two whose values stay
        /// within ``maximumParameters``.
        let mostRows: Int
        private let insert, row, conflict: String

        /// - Parameters:
        ///   - table: the table, and `columns` its columns, as constant SQL.
        ///   - conflict: an `ON CONFLICT` clause, or empty.
        init(_ table: String, _ columns: [String], conflict: String = "") {
            name = table
            width = columns.count
            var rows = 1
            while rows * 2 * width <= Self.maximumParameters { rows *= 2 }
            mostRows = rows
            row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            insert = "INSERT INTO \(table)(\(columns.joined(separator: ", "))) VALUES "
            self.conflict = conflict
        }

        /// The statement for `rows` rows.
        func sql(rows: Int) -> String {
            insert + repeatElement(row, count: rows).joined(separator: ", ") + conflict
        }

        /// The most values one statement binds: a quarter of SQLite's default limit (32,766
        /// since SQLite 3.32; Kith needs 3.37 for STRICT tables).
        static let maximumParameters = 8_192
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

    /// Inserts the rows in the order they came, and forgets them: as many full statements as
    /// fit, then the rest in statements of halving sizes (the binary digits of its count), so
    /// that a table never has more than a dozen statements prepared.
    mutating func write(to connection: Connection) throws {
        var start = 0
        while start < values.count {
            let left = (values.count - start) / table.width
            let rows = min(table.mostRows, 1 << (Int.bitWidth - 1 - left.leadingZeroBitCount))
            let end = start + rows * table.width
            try connection.cachedStatement(sql: table.sql(rows: rows)).execute(values: values[start..<end])
            start = end
        }
        values.removeAll(keepingCapacity: true)
    }
}
