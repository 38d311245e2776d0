import CSQLite
import Foundation
import Synchronization

/// A SQLite database that any thread or task may share: one connection that writes and, for
/// a file, a few that read.
///
/// **Who waits for whom.** Writes take turns on the writer connection: each runs in one
/// transaction, after the one before has committed. Reads of a file database run on
/// read-only connections of their own (at most `readers` at once), each on a WAL snapshot of
/// the database as of its first statement: a read never waits for a write, in this process
/// or another, and never sees half of one. An in-memory database has one connection, so its
/// reads and writes take turns. A `read` or `write` started inside another on the same
/// database stops the program with a message (use the connection the outer closure was
/// given). Every connection turns on foreign keys and a busy timeout; a file database uses WAL.
///
/// ```swift
/// let database = try Database(.file("/tmp/example.sqlite"))
/// try database.write { try $0.execute(sql: "CREATE TABLE notes(body TEXT)") }
/// let count = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM notes") as Int? }
/// ```
///
/// Durability: file databases run in WAL mode with `synchronous=FULL`. A write that has
/// returned is on disk: it survives the process being killed and the machine losing power.
/// `NORMAL` would survive a killed process but may lose the last commits on power loss; a
/// personal record of years is worth the one fsync per transaction that `FULL` costs.
/// Related SQLite documentation: <https://www.sqlite.org/pragma.html#pragma_synchronous>
///
/// Each connection keeps up to 32 MiB of pages in its cache (SQLite's default is 2 MiB), so
/// the questions on a large network read pages from memory rather than through the OS.
public final class Database: Sendable {
    /// Where a database lives.
    public enum Location: Sendable, Hashable {
        /// A file, created owner-only (mode 0600) if it does not exist. Its folder must exist.
        case file(String)
        /// A private database in memory, gone when the handle is.
        case inMemory
    }

    /// What a handle may do with its database.
    public enum Access: Sendable, Hashable {
        /// Read and write; a file that does not exist is created (owner-only).
        case readWrite
        /// Read only: the file must exist, nothing is ever created or changed (the file is read
        /// in the journal mode it has), and every write fails with ``ResultCode/readOnly``. It
        /// works on a file the user may not write (its folder must let SQLite keep its `-wal`
        /// and `-shm` files, as for any reader).
        case readOnly
    }

    /// How long a call waits for a lock another connection (another process, or a sqlite3
    /// shell) holds before failing with ``ResultCode/busy``.
    public static let busyTimeout: Duration = .seconds(5)

    /// How many reads of a file database may run at once when the opener does not say.
    public static let defaultReaderCount = 4

    /// Where this database lives.
    public let location: Location
    /// What this handle may do with it.
    public let access: Access
    /// The writer's lock: `writer` is touched only while it is held.
    private let lock = Mutex(())
    /// Writes, and every access to an in-memory database. Not `Sendable` itself; safe to
    /// share because every access goes through `lock`.
    nonisolated(unsafe) private let writer: Connection
    /// The read-only connections of a file database; nil in memory.
    private let readers: ReaderPool?
    /// The threads inside a read or write, to stop one started inside another with a message
    /// instead of a deadlock or a read that cannot see the write around it.
    private let threadsInside = Mutex<Set<UInt>>([])
    /// Who is told of each commit (``changes(of:)``).
    let changeObservers = ChangeObservers()

    /// Opens (or, with ``Access/readWrite``, creates) a database and configures its writer
    /// connection; reader connections open as reads need them, at most `readers` at once.
    ///
    /// ```swift
    /// let database = try Database(.file(path), readers: 8)  // eight reads at once
    /// let reader = try Database(.file(path), access: .readOnly)  // fails if there is no file
    /// ```
    ///
    /// - throws: ``DatabaseError`` when the file cannot be opened or is not a database; with
    ///   ``Access/readOnly``, ``ResultCode/cantOpen`` when there is no file.
    public init(_ location: Location, access: Access = .readWrite, readers: Int = Database.defaultReaderCount) throws {
        precondition(readers >= 1, "Kith: a database needs at least one reader connection (readers: \(readers))")
        switch location {
        case .file(let path):
            if access == .readWrite { try Self.createOwnerOnly(path) }
            writer = try Self.connect(path: path, isFile: true, access: access, tracksWrites: access == .readWrite)
            self.readers = ReaderPool(capacity: readers) {
                try Self.connect(path: path, isFile: true, access: .readOnly)
            }
        case .inMemory:
            writer = try Self.connect(path: ":memory:", isFile: false, access: access, tracksWrites: true)
            self.readers = nil
        }
        self.location = location
        self.access = access
    }

    deinit {
        readers?.close()  // before the writer, so that the writer's close checkpoints the WAL
    }

    /// Runs `body` in a read-only transaction and returns its result: a consistent
    /// snapshot, in which any attempt to write fails. On a file database it never waits for
    /// a write.
    public func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try entered {
            guard let readers else {
                return try lock.withLock { _ in
                    try writer.transaction(.deferred) {
                        try writer.execute(sql: "PRAGMA query_only = 1")
                        defer { try? writer.execute(sql: "PRAGMA query_only = 0") }
                        return try body(writer)
                    }
                }
            }
            return try readers.withConnection { reader in try reader.transaction(.deferred) { try body(reader) } }
        }
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it
    /// throws. Nested ``Connection/transaction(_:_:)`` calls become savepoints. Writes take
    /// turns; when one commits, those watching the tables it wrote are told (``changes(of:)``).
    @discardableResult
    public func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try entered {
            try writing { try writer.transaction(.immediate) { try body(writer) } }
        }
    }

    /// Runs `body` on the writer connection outside any transaction, for the few statements
    /// SQLite refuses inside one (`VACUUM`, `VACUUM INTO`, some pragmas).
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try entered {
            try writing { try body(writer) }
        }
    }

    /// Runs `body` on the writer, then tells the watchers what it committed (what it wrote,
    /// when it returns; nothing when it throws, since the transaction was rolled back).
    private func writing<T>(_ body: () throws -> T) throws -> T {
        let (result, written) = try lock.withLock { _ -> (T, Set<String>) in
            _ = writer.takeWrittenTables()  // what a rolled-back write, or one refused in a read, left
            return (try body(), writer.takeWrittenTables())
        }
        changeObservers.notify(written, isExternal: false)
        return result
    }

    /// The writer's `PRAGMA data_version`, which changes when another connection commits; nil
    /// while this database writes (the caller tries again later).
    func dataVersionUnlessWriting() -> Int? {
        let version: Int?? = lock.withLockIfAvailable { _ in try? writer.fetchValue(sql: "PRAGMA data_version") as Int?
        }
        return version ?? nil
    }

    /// Runs `body` as this thread's one access. A read or write started inside another on the
    /// same database, on the same thread, would wait for itself forever (or, for a read inside
    /// a write, not see the write): it stops the program with a message that says so, in
    /// debug and release builds alike.
    private func entered<T>(_ body: () throws -> T) throws -> T {
        let thread = Self.currentThread
        precondition(
            threadsInside.withLock { $0.insert(thread).inserted },
            """
            Kith: a read or write was started inside another read or write on the same Database. \
            It would wait for itself forever. Use the Connection the outer closure was given instead \
            (a write's connection can read too), or run the second access after the first returns.
            """)
        defer { _ = threadsInside.withLock { $0.remove(thread) } }
        return try body()
    }

    /// This thread's identity, for ``locked(_:)``.
    private static var currentThread: UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }

    private static func createOwnerOnly(_ path: String) throws {
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DatabaseError(
                code: .cantOpen, message: "cannot create or open the database file: \(String(cString: strerror(errno)))"
            )
        }
        close(descriptor)
    }

    /// Opens one connection and configures it (see ``configure(_:isFile:access:)``).
    private static func connect(path: String, isFile: Bool, access: Access, tracksWrites: Bool = false) throws
        -> Connection
    {
        var handle: OpaquePointer?
        let mode = access == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        let code = sqlite3_open_v2(path, &handle, mode | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let handle else {
            let error = DatabaseError(resultCode: code, connection: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        // Closes the handle when released, here on failure too.
        let connection = Connection(handle: handle, tracksWrites: tracksWrites)
        try configure(connection, isFile: isFile, access: access)
        return connection
    }

    private static func configure(_ connection: Connection, isFile: Bool, access: Access) throws {
        kith_disable_double_quoted_strings(connection.handle)
        let registered = kith_register_functions(connection.handle)
        guard registered == SQLITE_OK else {
            throw DatabaseError(resultCode: registered, connection: connection.handle)
        }
        sqlite3_busy_timeout(connection.handle, Int32(busyTimeout.components.seconds * 1000))
        try connection.execute(sql: "PRAGMA foreign_keys = ON")
        guard isFile else { return }
        guard access == .readWrite else {
            // A reader cannot change the journal mode; it reads the file as it is. Reading
            // the schema here makes "not a database" fail now, not at the first question.
            _ = try connection.fetchValue(sql: "SELECT count(*) FROM sqlite_schema") as Int?
            try connection.execute(sql: "PRAGMA cache_size = -32768")
            return
        }
        let mode: String? = try connection.fetchValue(sql: "PRAGMA journal_mode = WAL")
        guard mode?.lowercased() == "wal" else {
            throw DatabaseError(
                code: .error, message: "the database could not be switched to WAL mode (it is in \(mode ?? "no") mode)")
        }
        try connection.execute(sql: "PRAGMA synchronous = FULL")
        try connection.execute(sql: "PRAGMA cache_size = -32768")
    }
}
