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
            let mapped = elements[(elements.count * part / parts)..<(elements.count * (part + 1) / parts)].map(transform)
            results.withLock { $0[part] = mapped }
        }
        return results.withLock { $0.flatMap { $0 } }
    }

    /// Calls `body` with each element and its `transform`, in order, on the calling thread,
    /// while another thread transforms the next `chunk` elements: the two run at once.
    /// When `body` throws, the other thread's work is waited for and dropped.
    static func forEach<Element: Sendable, Result: Sendable>(
        _ elements: [Element], chunk: Int = 1024, transformedBy transform: @escaping @Sendable (Element) -> Result,
        _ body: (Element, Result) throws -> Void
    ) rethrows {
        func transformed(from start: Int) -> Pending<[Result]>? {
            guard start < elements.count else { return nil }
            return Pending { elements[start..<min(start + chunk, elements.count)].map(transform) }
        }
        var next = transformed(from: 0)
        defer { _ = next?.value() }
        var start = 0
        while let pending = next {
            let results = pending.value()
            next = transformed(from: start + chunk)
            for (offset, result) in results.enumerated() {
                try body(elements[start + offset], result)
            }
            start += chunk
        }
    }

    /// Work started on another thread, and its result once done.
    private final class Pending<Value: Sendable>: Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let result = Mutex<Value?>(nil)

        init(_ work: @escaping @Sendable () -> Value) {
            DispatchQueue.global().async { [self] in
                let value = work()
                result.withLock { $0 = value }
                done.signal()
            }
        }

        /// The result, waiting for it; call once.
        func value() -> Value {
            done.wait()
            return result.withLock { $0.take()! }
        }
    }
}
