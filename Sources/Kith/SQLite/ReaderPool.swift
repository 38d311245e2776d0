import Dispatch
import Synchronization

/// Read-only connections to one database file, opened as reads need them, at most `capacity`.
///
/// Each read takes a connection no other read is using, the one used most recently first (its
/// page cache is warm), and gives it back when it returns. A read waits only when `capacity`
/// reads are running already; never for a write, which has a connection of its own: in WAL
/// mode a reader sees the database as of its first statement, whatever writers do meanwhile.
final class ReaderPool: Sendable {
    private let open: @Sendable () throws -> Connection
    private let slots: DispatchSemaphore
    private let idle = Mutex<[IdleConnection]>([])

    /// A connection no read is using; only ever used by the one read that takes it.
    private struct IdleConnection: @unchecked Sendable {
        let connection: Connection
    }

    init(capacity: Int, open: @escaping @Sendable () throws -> Connection) {
        precondition(capacity >= 1, "Kith: a database needs at least one reader connection")
        self.open = open
        slots = DispatchSemaphore(value: capacity)
    }

    /// Runs `body` on a connection of its own, waiting for one while `capacity` reads run.
    func withConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        slots.wait()
        defer { slots.signal() }
        let connection = try idle.withLock { $0.popLast() }?.connection ?? open()
        defer { idle.withLock { $0.append(IdleConnection(connection: connection)) } }
        return try body(connection)
    }

    /// Closes the idle connections now. The writer must close last: only a connection that
    /// may write checkpoints the WAL into the file and removes it when it is the last to close.
    func close() {
        idle.withLock { $0.removeAll() }
    }
}
