/// A record that reads itself from a row: the columns it reads, listed next to the
/// initializer that reads them in that order, so that no caller counts positions.
///
/// A column named `table.column` comes from another table the query joins (by its own name);
/// the others are `table`'s. The columns may follow others in the row (a caller reads those
/// first, then the record).
///
/// ```swift
/// extension Note: RowDecodable {
///     static let table = "notes"
///     static let columns = ["id", "person_id", "body", "written_on"]
///     init(row column: inout Row.Columns) throws {
///         self.init(id: try column.next(), personID: try column.next(), body: try column.next(), writtenOn: try column.next())
///     }
/// }
/// let notes = try connection.fetchAll(Note.self, sql: "SELECT \(Note.selection) FROM notes WHERE person_id = ?", arguments: [id])
/// ```
protocol RowDecodable {
    /// The table the columns belong to (a test checks each column against it).
    static var table: String { get }
    /// The columns ``init(row:)`` reads, in its order.
    static var columns: [String] { get }
    /// Reads ``columns``, in order, from where `row` stands.
    init(row: inout Row.Columns) throws
}

extension RowDecodable {
    /// ``columns`` as a SELECT list, the table's own prefixed with `alias` and a dot when given.
    static func selection(_ alias: String? = nil) -> String {
        columns.map { column in
            column.utf8.contains(UInt8(ascii: ".")) ? column : alias.map { "\($0).\(column)" } ?? column
        }
        .joined(separator: ", ")
    }

    /// Reads a row that holds ``columns`` and nothing before them.
    init(row: Row) throws {
        var columns = row.columns
        try self.init(row: &columns)
    }
}

extension Connection {
    /// Runs a query that selects `R.columns` and reads every row as an `R`.
    func fetchAll<R: RowDecodable>(
        _ type: R.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [R] {
        try fetchAll(sql: sql, arguments: arguments) { try R(row: $0) }
    }

    /// Runs a query that selects `R.columns` and reads its first row as an `R`, or nil.
    func fetchOne<R: RowDecodable>(
        _ type: R.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> R? {
        try fetchOne(sql: sql, arguments: arguments) { try R(row: $0) }
    }

    /// Runs a query and reads the first column of every row as a `V`.
    ///
    /// ```swift
    /// let ids = try connection.fetchAll(Person.ID.self, sql: "SELECT id FROM people WHERE is_archived = 1")
    /// ```
    @inlinable public func fetchAll<V: DatabaseValueConvertible>(
        _ type: V.Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [V] {
        try fetchAll(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return try column.next(V.self)
        }
    }

    /// Runs a query and reads every row as a tuple of these types, one per column in order.
    ///
    /// ```swift
    /// let people = try connection.fetchAll((Person.ID, String).self, sql: "SELECT id, name FROM people")
    /// ```
    ///
    /// - throws: ``DatabaseError`` with ``ResultCode/mismatch`` when a column does not hold
    ///   its type, ``ResultCode/range`` when the query has fewer columns than types.
    @inlinable public func fetchAll<each V: DatabaseValueConvertible>(
        _ types: (repeat each V).Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [(repeat each V)] {
        try fetchAll(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return (repeat try column.next((each V).self))
        }
    }

    // Two, three and four columns, the common cases, are also spelled out without a parameter
    // pack: a tuple built from a pack asks the runtime for its type on every row, which cost a
    // question at 100,000 people more than its SQL did.

    /// Runs a query and reads every row as a pair: the tuple `fetchAll(_:sql:arguments:)`
    /// for two columns.
    @inlinable public func fetchAll<A: DatabaseValueConvertible, B: DatabaseValueConvertible>(
        _ types: (A, B).Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [(A, B)] {
        try fetchAll(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return (try column.next(A.self), try column.next(B.self))
        }
    }

    /// Runs a query and reads every row as a triple: the tuple `fetchAll(_:sql:arguments:)`
    /// for three columns.
    @inlinable
    public func fetchAll<
        A: DatabaseValueConvertible, B: DatabaseValueConvertible, C: DatabaseValueConvertible
    >(
        _ types: (A, B, C).Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [(A, B, C)] {
        try fetchAll(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return (try column.next(A.self), try column.next(B.self), try column.next(C.self))
        }
    }

    /// Runs a query and reads every row as four values: the tuple `fetchAll(_:sql:arguments:)`
    /// for four columns.
    @inlinable
    public func fetchAll<
        A: DatabaseValueConvertible, B: DatabaseValueConvertible, C: DatabaseValueConvertible,
        D: DatabaseValueConvertible
    >(
        _ types: (A, B, C, D).Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> [(A, B, C, D)] {
        try fetchAll(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return (try column.next(A.self), try column.next(B.self), try column.next(C.self), try column.next(D.self))
        }
    }

    /// Runs a query and reads its first row as a tuple of these types, or nil when there is none.
    ///
    /// ```swift
    /// let (given, received) = try connection.fetchOne((Int, Int).self, sql: "SELECT given, received FROM ledger WHERE person_id = ?", arguments: [id])!
    /// ```
    @inlinable public func fetchOne<each V: DatabaseValueConvertible>(
        _ types: (repeat each V).Type, sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> (repeat each V)? {
        try fetchOne(sql: sql, arguments: arguments) { row in
            var column = row.columns
            return (repeat try column.next((each V).self))
        }
    }
}
