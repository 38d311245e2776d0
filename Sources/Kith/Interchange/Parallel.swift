import Foundation
import Synchronization

/// Work shared out among the processor's cores, for the parts of an import that read a file
/// and touch no database (parsing, and preparing what each card holds).
enum Parallel {
    /// `transform` applied to every element, the elements shared out in `parts` parts (fewer
    /// when there are fewer elements), each on a thread of its own; the results in the
    /// elements' order.
    static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], parts: Int, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let parts = min(elements.count, parts)
        guard parts > 1 else { return elements.map(transform) }
        let results = Mutex<[[Result]]>(Array(repeating: [], count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let mapped = elements[(elements.count * part / parts)..<(elements.count * (part + 1) / parts)].map(
                transform)
            results.withLock { $0[part] = mapped }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// Calls `body` with each element and its `transform`, in order, on the calling thread,
    /// while another thread transforms the elements after it, `chunk` at a time and up to
    /// `ahead` chunks ahead (so that it keeps working while `body` is busy with a slow
    /// element, such as one that writes many rows at once). When `body` throws, the other
    /// thread stops after its current chunk and is waited for.
    static func forEach<Element: Sendable, Result: Sendable>(
        _ elements: [Element], chunk: Int = 1024, ahead: Int = 16,
        transformedBy transform: @escaping @Sendable (Element) -> Result,
        _ body: (Element, Result) throws -> Void
    ) rethrows {
        let chunks = stride(from: 0, to: elements.count, by: chunk).map { $0..<min($0 + chunk, elements.count) }
        let ahead = Ahead<[Result]>(count: chunks.count, room: ahead)
        DispatchQueue.global().async {
            for (index, range) in chunks.enumerated() {
                guard ahead.mayStart() else { break }
                ahead.done(index, elements[range].map(transform))
            }
            ahead.finish()
        }
        defer { ahead.stop() }
        for (index, range) in chunks.enumerated() {
            for (element, result) in zip(elements[range], ahead.take(index)) {
                try body(element, result)
            }
        }
    }

    /// The chunks the other thread of ``forEach(_:chunk:ahead:transformedBy:_:)`` has done,
    /// and how far ahead it may go.
    private final class Ahead<Value: Sendable>: Sendable {
        private let results: Mutex<[Value?]>
        private let room: DispatchSemaphore
        private let roomSize: Int
        private let ready = DispatchSemaphore(value: 0)
        private let stopped = Atomic(false)
        private let finished = DispatchSemaphore(value: 0)

        init(count: Int, room: Int) {
            results = Mutex(Array(repeating: nil, count: count))
            // Made at 0 and then given its room: libdispatch traps when a semaphore goes away
            // below the value it was made with, which a stopped reader may leave it at.
            self.room = DispatchSemaphore(value: 0)
            for _ in 0..<room { self.room.signal() }
            roomSize = room
        }

        /// Waits until the next chunk may start; false once the caller stopped.
        func mayStart() -> Bool {
            room.wait()
            return !stopped.load(ordering: .acquiring)
        }

        /// Hands over a chunk's results; chunks are done in order.
        func done(_ index: Int, _ value: Value) {
            results.withLock { $0[index] = value }
            ready.signal()
        }

        /// The results of chunk `index`, waiting for them: call once for each chunk, in order.
        func take(_ index: Int) -> Value {
            ready.wait()
            room.signal()
            return results.withLock { $0[index].take()! }
        }

        /// Says that the other thread has stopped.
        func finish() {
            finished.signal()
        }

        /// Stops the other thread after its current chunk and waits for it.
        func stop() {
            stopped.store(true, ordering: .releasing)
            for _ in 0..<roomSize { room.signal() }  // it may be waiting for room
            finished.wait()
        }
    }
}
