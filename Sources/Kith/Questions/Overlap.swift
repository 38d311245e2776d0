import Foundation
import Synchronization

/// Two parts of a question run at once: one that reads no database on another thread, while
/// this thread goes on with one that does (a connection is used by one thread at a time).
enum Overlap {
    /// `background`'s result, worked out on another thread while `foreground` runs on this
    /// one, and `foreground`'s: both are waited for, even when one throws.
    ///
    /// ```swift
    /// let (interests, history) = try Overlap.run({ try InterestEvidence(topics: topics, index: index) }) {
    ///     try HistoryEvidence(topics: topics, excluding: [], index: index, in: connection)
    /// }
    /// ```
    static func run<Background: Sendable, Foreground>(
        _ background: @escaping @Sendable () throws -> Background, while foreground: () throws -> Foreground
    ) throws -> (Background, Foreground) {
        let result = Mutex<Result<Background, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let value = Result { try background() }
            result.withLock { $0 = value }
            done.signal()
        }
        let foregroundResult = Result { try foreground() }
        done.wait()
        let backgroundResult = result.withLock { $0 }
        // Set before the signal that the wait above received.
        guard let backgroundResult else { preconditionFailure("the background part signalled without a result") }
        return (try backgroundResult.get(), try foregroundResult.get())
    }
}
