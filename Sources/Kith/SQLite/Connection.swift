import CSQLite

/// One open SQLite connection: runs SQL, caches prepared statements, nests transactions.
///
/// A connection is deliberately not `Sendable`. You get one inside ``Database/read(_:)-b1hz``
/// and ``Database/write(_:)-dzxb``, which hold the database's lock for the whole closure; it
/// must not escape that closure.
///
/// ```swift
/// try database.write { connection in
///     try connection.execute(sql: "INSERT INTO people(name) VALUES (?)", arguments: ["Ann"])
///     let count = try connection.fetchOne(Int.self, sql: "SELECT count(*) FROM people")
/// }
/// ```
public final class Connection {
    let handle: OpaquePointer
    private var statements: [String: Statement] = [:]
    private var savepointDepth = 0
    /// Raised when the task behind the async access running on this connection is cancelled.
    private var cancellation: CancellationFlag?
    /// The tables that statements being prepared write (their triggers' too), as SQLite's
    /// authorizer reports them; nil on a connection that does not track its writes.
    private let writes: WrittenTables?
    /// The tables the statements run since ``takeWrittenTables()`` may have written.
    private var written: Set<String> = []

    /// `tracksWrites` reports which tables each statement may write, for change notifications.
    init(handle: OpaquePointer, tracksWrites: Bool = false) {
        self.handle = handle
        writes = tracksWrites ? WrittenTables(handle) : nil
    }

    deinit {
        statements.removeAll()  // finalizes them, which must happen before closing
        sqlite3_close_v2(handle)
    }

    // MARK: Running SQL

    /// The prepared statement for `sql`, compiled on first use and cached for the
    /// connection's lifetime.
    public func cachedStatement(sql: String) throws -> Statement {
        if let statement = statements[sql] {
            if let tables = statement.writtenTables { written.formUnion(tables) }
            return statement
        }
        writes?.reset()
        let statement = try Statement(sql: sql, connection: handle)
        if let writes, !writes.tables.isEmpty {
            statement.writtenTables = writes.tables
            written.formUnion(writes.tables)
        }
        statements[sql] = statement
        return statement
    }

    /// The tables written since the last call (by statements that may write them), and
    /// forgets them: what a commit touched, or what a rollback undid.
    func takeWrittenTables() -> Set<String> {
        defer { written = [] }
        return written
    }

    /// Runs one SQL statement that returns no rows, with its `?` parameters bound to `arguments`.
    ///
    /// ```swift
    /// try connection.execute(sql: "UPDATE people SET title = ? WHERE id = ?", arguments: ["Editor", 42])
    /// ```
    public func execute(sql: String, arguments: [(any DatabaseValueConvertible)?] = []) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }

    /// Runs several SQL statements separated by semicolons, such as a migration file.
    /// A script takes no arguments: use it for schema, never for values.
    public func execute(script: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        writes?.reset()
        defer { if let writes { written.formUnion(writes.tables) } }
        let code = sqlite3_exec(handle, script, nil, nil, &message)
        defer { sqlite3_free(message) }
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            let extended = sqlite3_extended_errcode(handle)
            throw DatabaseError(
                code: ResultCode(rawValue: (extended & 0xFF) == (code & 0xFF) ? extended : code),
                message: text, sql: script)
        }
    }

    /// Runs a query and hands every row to `body` as it is read, keeping none: for reading
    /// more rows than are worth holding at once.
    ///
    /// ```swift
    /// var total = 0
    /// try connection.forEachRow(sql: "SELECT weight FROM interests") { row in total += try row.columns.next(Int.self) }
    /// ```
    @inlinable public func forEachRow(
        sql: String, arguments: [(any DatabaseValueConvertible)?] = [], _ body: (Row) throws -> Void
    ) throws {
        let statement = try cachedStatement(sql: sql)
        try statement.reset(binding: arguments)
        defer { sqlite3_reset(statement.handle) }
        let row = Row(statement: statement)
        while try statement.step() {
            try body(row)
        }
    }

    /// Runs a query and converts every row with `transform`.
    ///
    /// ```swift
    /// let names = try connection.fetchAll(String.self, sql: "SELECT name FROM people ORDER BY name")
    /// ```
    @inlinable public func fetchAll<T>(
        sql: String, arguments: [(any DatabaseValueConvertible)?] = [], _ transform: (Row) throws -> T
    ) throws -> [T] {
        let statement = try cachedStatement(sql: sql)
        try statement.reset(binding: arguments)
        defer { sqlite3_reset(statement.handle) }
        var results: [T] = []
        let row = Row(statement: statement)
        while try statement.step() {
            results.append(try transform(row))
        }
        return results
    }

    /// Runs a query and converts its first row with `transform`, or returns nil when there is none.
    @inlinable public func fetchOne<T>(
        sql: String, arguments: [(any DatabaseValueConvertible)?] = [], _ transform: (Row) throws -> T
    ) throws -> T? {
        let statement = try cachedStatement(sql: sql)
        try statement.reset(binding: arguments)
        defer { sqlite3_reset(statement.handle) }
        return try statement.step() ? transform(Row(statement: statement)) : nil
    }

    /// The first column of the first row, or nil when there is no row.
    ///
    /// ```swift
    /// let count: Int? = try connection.fetchValue(sql: "SELECT count(*) FROM people")
    /// ```
    @inlinable public func fetchValue<T: DatabaseValueConvertible>(
        sql: String, arguments: [(any DatabaseValueConvertible)?] = []
    ) throws -> T? {
        try fetchOne(T.self, sql: sql, arguments: arguments)
    }

    /// The rowid of the last row inserted through this connection.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// The number of rows the last INSERT, UPDATE or DELETE changed.
    public var changedRowCount: Int { Int(sqlite3_changes64(handle)) }

    // MARK: Cancellation

    /// Throws `CancellationError` when the task waiting for this work (an async
    /// ``Database/read(_:)-8c63m`` or ``Database/write(_:)-1a1f8``) has been cancelled; never in a
    /// synchronous access. Long work calls it between batches: the error rolls the whole
    /// unit of work back.
    ///
    /// ```swift
    /// for chunk in rows.chunked(1_000) {
    ///     try connection.checkCancellation()
    ///     try insert(chunk, into: connection)
    /// }
    /// ```
    public func checkCancellation() throws {
        if cancellation?.isRaised == true { throw CancellationError() }
    }

    /// Runs `body` with `flag` as this connection's cancellation, checked once before it starts.
    func cancellable<T>(by flag: CancellationFlag, _ body: (Connection) throws -> T) throws -> T {
        cancellation = flag
        defer { cancellation = nil }
        try checkCancellation()
        return try body(self)
    }

    // MARK: Transactions

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// How a top-level transaction takes its locks.
    ///
    /// Related SQLite documentation: <https://www.sqlite.org/lang_transaction.html>
    public enum TransactionKind: String, Sendable {
        /// Takes locks as statements need them: right for reads.
        case deferred = "DEFERRED"
        /// Takes the write lock at once (waiting up to the busy timeout): right for writes,
        /// since a deferred transaction that later writes can fail with SQLITE_BUSY at once.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` as one unit of work: committed when it returns, rolled back when it throws.
    ///
    /// At the top level this is a transaction of the given kind; inside another unit it is a
    /// savepoint, so an inner failure undoes only the inner work if the caller catches it.
    ///
    /// ```swift
    /// try connection.transaction {
    ///     try connection.execute(sql: "INSERT INTO people(name) VALUES (?)", arguments: ["Ann"])
    ///     try? connection.transaction {        // a savepoint
    ///         try connection.execute(sql: "INSERT INTO people(name) VALUES ('')")  // fails its CHECK
    ///     }                                    // only the inner insert is undone
    /// }
    /// ```
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        let begin: String
        let commit: String
        let rollback: [String]
        if isInTransaction {
            savepointDepth += 1
            let name = "kith_savepoint_\(savepointDepth)"
            (begin, commit, rollback) = (
                "SAVEPOINT \(name)", "RELEASE \(name)", ["ROLLBACK TO \(name)", "RELEASE \(name)"]
            )
        } else {
            (begin, commit, rollback) = ("BEGIN \(kind.rawValue)", "COMMIT", ["ROLLBACK"])
        }
        defer { if begin.hasPrefix("SAVEPOINT") { savepointDepth -= 1 } }
        try execute(sql: begin)
        let result: T
        do {
            result = try body()
            try execute(sql: commit)
        } catch {
            // SQLite may already have rolled back on its own (after SQLITE_FULL, for example).
            if isInTransaction { for sql in rollback { try? execute(sql: sql) } }
            throw error
        }
        return result
    }
}
