import Dispatch
import Synchronization

extension Database {
    /// ``read(_:)-b1hz`` for Swift concurrency: the read runs on a thread of its own, so the
    /// caller's executor (the main actor, or a thread of the shared pool) is never blocked.
    ///
    /// ```swift
    /// let picks = try await database.read { try $0.questions.recommend(draft) }
    /// ```
    ///
    /// Cancelling the calling task before the read begins throws `CancellationError`; once it
    /// runs, work that calls ``Connection/checkCancellation()`` stops there.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await onItsOwnThread { flag in try self.read { try $0.cancellable(by: flag, body) } }
    }

    /// ``write(_:)-dzxb`` for Swift concurrency: the write runs on a thread of its own, and
    /// cancelling the calling task rolls the whole write back at its next
    /// ``Connection/checkCancellation()`` (imports check between batches).
    ///
    /// ```swift
    /// let task = Task { try await database.write { try VCardImporter.import(data, into: $0) } }
    /// task.cancel()  // the import stops at its next batch and nothing of it is kept
    /// ```
    @discardableResult
    public func write<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) async throws -> T {
        try await onItsOwnThread { flag in try self.write { try $0.cancellable(by: flag, body) } }
    }

    /// ``backup(to:)`` for Swift concurrency, on a thread of its own.
    public func backup(to path: String) async throws {
        try await onItsOwnThread { _ in try self.backup(to: path) }
    }

    /// Runs `work` on a thread of Dispatch's pool and resumes the caller with its result;
    /// the flag it is given is raised when the calling task is cancelled.
    private func onItsOwnThread<T: Sendable>(_ work: @escaping @Sendable (CancellationFlag) throws -> T) async throws
        -> T
    {
        try Task.checkCancellation()
        let flag = CancellationFlag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(with: Result { try work(flag) }) }
            }
        } onCancel: {
            flag.cancel()
        }
    }
}

/// Raised when the task waiting for an async read or write is cancelled; read by the
/// connection doing the work (``Connection/checkCancellation()``).
final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    var isRaised: Bool { raised.load(ordering: .relaxed) }

    func cancel() {
        raised.store(true, ordering: .relaxed)
    }
}
