import Dispatch
import Foundation
import Synchronization

/// A commit that touched tables someone is watching (``Database/changes(of:)``).
public struct DatabaseChange: Sendable, Hashable {
    /// The watched tables it touched, in lower case. A commit by another connection (another
    /// process, a sqlite3 shell) gives all the watched tables: SQLite does not say which it wrote.
    public let tables: Set<String>
    /// True when the commit came from another connection than this database's writer.
    public let isExternal: Bool
}

extension Database {
    /// The commits that touch `tables` (every table when nil), as they happen: those of this
    /// database's writes as soon as they commit, and those of other processes (the `kith`
    /// command, a sqlite3 shell) within ``externalChangeInterval``.
    ///
    /// ```swift
    /// for await change in database.changes(of: ["people", "interests"]) {
    ///     print("changed:", change.tables.sorted())  // read again here
    /// }
    /// ```
    ///
    /// The stream starts watching when it is made, so a commit between making it and the first
    /// `await` is not missed, and stops when the loop ends or its task is cancelled. Every commit
    /// is one element; a write that may have touched a table (an UPDATE that matched no row)
    /// counts. Other processes are noticed by `PRAGMA data_version`, read by a timer while
    /// someone watches (skipped while this database writes); an in-memory database has none.
    public func changes(of tables: Set<String>? = nil) -> AsyncStream<DatabaseChange> {
        let watched = tables.map { Set($0.map { $0.lowercased() }) }
        return AsyncStream { continuation in
            let id = changeObservers.add { change in
                let touched = watched.map { change.isExternal ? $0 : $0.intersection(change.tables) } ?? change.tables
                guard !touched.isEmpty || (change.isExternal && watched == nil) else { return }
                continuation.yield(DatabaseChange(tables: touched, isExternal: change.isExternal))
            }
            if location != .inMemory { startWatchingOtherConnections() }
            continuation.onTermination = { [weak self] _ in self?.changeObservers.remove(id) }
        }
    }

    /// A value read now and again after every commit that touches `tables` (every table when
    /// nil), each time it differs from the last one given: a list on screen that stays current.
    ///
    /// ```swift
    /// for try await picks in database.observe({ try $0.questions.recommend(draft) }) {
    ///     show(picks)  // now, and whenever the answer changes
    /// }
    /// ```
    ///
    /// Each read runs as ``read(_:)-8c63m`` does, on a thread of its own.
    /// A read that fails ends the sequence with its error.
    public func observe<T: Sendable & Equatable>(
        tables: Set<String>? = nil, _ value: @escaping @Sendable (Connection) throws -> T
    ) -> AsyncThrowingStream<T, any Error> {
        AsyncThrowingStream { continuation in
            let changes = self.changes(of: tables)  // watching before the first read
            let task = Task {
                do {
                    var last = try await self.read(value)
                    continuation.yield(last)
                    for await _ in changes {
                        let next = try await self.read(value)
                        if next != last {
                            continuation.yield(next)
                            last = next
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// How often another process's commits are looked for while someone watches.
    public static let externalChangeInterval: Duration = .milliseconds(250)

    /// Reads `PRAGMA data_version` every ``externalChangeInterval`` while someone watches, and
    /// tells the watchers when another connection has committed.
    private func startWatchingOtherConnections() {
        let interval = Self.externalChangeInterval.components
        let nanoseconds = Int(interval.seconds) * 1_000_000_000 + Int(interval.attoseconds / 1_000_000_000)
        changeObservers.startTimer {
            let lastVersion = Mutex<Int?>(dataVersionUnlessWriting())  // what "changed" is measured from
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now(), repeating: .nanoseconds(nanoseconds))
            timer.setEventHandler { [weak self] in
                guard let self, let version = self.dataVersionUnlessWriting() else { return }
                let previous = lastVersion.withLock { last in
                    defer { last = version }
                    return last
                }
                if let previous, previous != version { self.changeObservers.notify([], isExternal: true) }
            }
            return timer
        }
    }
}

/// The watchers of one database: each gets every commit, and filters it.
final class ChangeObservers: Sendable {
    private struct State {
        var observers: [Int: @Sendable (DatabaseChange) -> Void] = [:]
        var nextID = 0
        var timer: Timer?
    }

    private let state = Mutex(State())

    deinit {
        // The database is gone while a stream still waits: its timer must not go on firing.
        state.withLock { $0.timer }?.source.cancel()
    }

    func add(_ observer: @escaping @Sendable (DatabaseChange) -> Void) -> Int {
        state.withLock { state in
            state.nextID += 1
            state.observers[state.nextID] = observer
            return state.nextID
        }
    }

    func remove(_ id: Int) {
        let timer = state.withLock { state -> Timer? in
            state.observers[id] = nil
            guard state.observers.isEmpty else { return nil }
            defer { state.timer = nil }
            return state.timer
        }
        timer?.source.cancel()
    }

    /// Tells every watcher; `tables` empty means nothing was written.
    func notify(_ tables: Set<String>, isExternal: Bool) {
        guard !tables.isEmpty || isExternal else { return }
        let change = DatabaseChange(tables: tables, isExternal: isExternal)
        for observer in state.withLock({ Array($0.observers.values) }) { observer(change) }
    }

    /// Starts the timer `make` gives, unless one runs already or nobody watches; it is
    /// cancelled when the last watcher goes.
    func startTimer(_ make: () -> DispatchSourceTimer) {
        let timer = state.withLock { state -> Timer? in
            guard !state.observers.isEmpty, state.timer == nil else { return nil }
            state.timer = Timer(source: make())
            return state.timer
        }
        timer?.source.resume()
    }
}

/// A Dispatch timer, which is safe to use from any thread.
private struct Timer: @unchecked Sendable {
    let source: DispatchSourceTimer
}
