import CSQLite
import Foundation
import Synchronization

/// A SQLite database that any thread or task may share: the `Sendable` handle over one
/// ``Connection``.
///
/// Every access holds the database's lock for the whole closure, so accesses from many
/// tasks run one after another and never see each other's half-done work. A `read` or
/// `write` started inside another on the same database stops the program with a message
/// (use the connection the outer closure was given). Every
/// connection turns on foreign keys and a busy timeout; a file database uses WAL.
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

    /// Where this database lives.
    public let location: Location
    /// What this handle may do with it.
    public let access: Access
    /// The one lock: `connection` is touched only while it is held.
    private let lock = Mutex(())
    /// The thread holding `lock` (0 when none), to stop a read or write started inside another
    /// with a message instead of a deadlock.
    private let holder = Atomic<UInt>(0)
    /// Not `Sendable` itself; safe to share because every access goes through `lock`.
    nonisolated(unsafe) private let connection: Connection

    /// Opens (or, with ``Access/readWrite``, creates) a database and configures its connection.
    ///
    /// ```swift
    /// let reader = try Database(.file(path), access: .readOnly)  // fails if there is no file
    /// ```
    ///
    /// - throws: ``DatabaseError`` when the file cannot be opened or is not a database; with
    ///   ``Access/readOnly``, ``ResultCode/cantOpen`` when there is no file.
    public init(_ location: Location, access: Access = .readWrite) throws {
        let path: String
        switch location {
        case .file(let file):
            path = file
            if access == .readWrite { try Self.createOwnerOnly(file) }
        case .inMemory:
            path = ":memory:"
        }
        var handle: OpaquePointer?
        let mode = access == .readWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY
        let flags = mode | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK, let handle else {
            let error = DatabaseError(resultCode: code, connection: handle)
            sqlite3_close_v2(handle)
            throw error
        }
        let connection = Connection(handle: handle)
        do {
            try Self.configure(connection, isFile: location != .inMemory, access: access)
        } catch {
            sqlite3_close_v2(handle)
            throw error
        }
        self.location = location
        self.access = access
        self.connection = connection
    }

    /// Runs `body` in a read-only transaction and returns its result: a consistent
    /// snapshot, in which any attempt to write fails.
    public func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try locked {
            try connection.transaction(.deferred) {
                try connection.execute(sql: "PRAGMA query_only = 1")
                defer { try? connection.execute(sql: "PRAGMA query_only = 0") }
                return try body(connection)
            }
        }
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it
    /// throws. Nested ``Connection/transaction(_:_:)`` calls become savepoints.
    @discardableResult
    public func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try locked {
            try connection.transaction(.immediate) { try body(connection) }
        }
    }

    /// Runs `body` on the connection outside any transaction, for the few statements
    /// SQLite refuses inside one (`VACUUM`, `VACUUM INTO`, some pragmas).
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try locked { try body(connection) }
    }

    /// Runs `body` holding the lock. A read or write started inside another on the same
    /// database, on the same thread, would wait for itself forever: it stops the program with
    /// a message that says so, in debug and release builds alike.
    private func locked<T>(_ body: () throws -> T) throws -> T {
        let thread = Self.currentThread
        precondition(
            holder.load(ordering: .relaxed) != thread,
            """
            Kith: a read or write was started inside another read or write on the same Database. \
            It would wait for itself forever. Use the Connection the outer closure was given instead \
            (a write's connection can read too), or run the second access after the first returns.
            """)
        return try lock.withLock { _ in
            holder.store(thread, ordering: .relaxed)
            defer { holder.store(0, ordering: .relaxed) }
            return try body()
        }
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
                code: .cantOpen, message: "cannot create or open the database file: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
    }

    private static func configure(_ connection: Connection, isFile: Bool, access: Access) throws {
        kith_disable_double_quoted_strings(connection.handle)
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
            throw DatabaseError(code: .error, message: "the database could not be switched to WAL mode (it is in \(mode ?? "no") mode)")
        }
        try connection.execute(sql: "PRAGMA synchronous = FULL")
        try connection.execute(sql: "PRAGMA cache_size = -32768")
    }
}
