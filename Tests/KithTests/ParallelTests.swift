import Foundation
import Synchronization
import Testing

@testable import Kith

/// The import's work on other threads gives what the same work in one thread gives.
@Suite("Parallel")
struct ParallelTests {
    @Test(arguments: [0, 1, 2, 3, 1000, 1001])
    func mapKeepsTheOrder(count: Int) {
        let numbers = Array(0..<count)
        for parts in [1, 2, 3, 7, 2000] {
            #expect(Parallel.map(numbers, parts: parts) { $0 * 3 } == numbers.map { $0 * 3 }, "\(parts) parts")
        }
    }

    @Test(arguments: [0, 1, 5, 6, 7, 20])
    func forEachGivesEveryElementWithItsTransformInOrder(count: Int) {
        var seen: [String] = []
        Parallel.forEach(Array(0..<count), chunk: 6, transformedBy: { "#\($0)" }) { number, text in
            seen.append("\(number)\(text)")
        }
        #expect(seen == (0..<count).map { "\($0)#\($0)" })
    }

    @Test func forEachStopsAtTheFirstErrorAndWaitsForTheOtherThread() {
        struct Stop: Error, Equatable {}
        let transformed = Mutex(0)
        let returned = Atomic(false)
        let lateTransforms = Atomic(0)
        var seen: [Int] = []
        #expect(throws: Stop()) {
            try Parallel.forEach(
                Array(0..<100), chunk: 10, ahead: 2,
                transformedBy: { number -> Int in
                    Thread.sleep(forTimeInterval: 0.001)  // so that the error comes in the middle of a chunk
                    if returned.load(ordering: .sequentiallyConsistent) {
                        lateTransforms.add(1, ordering: .sequentiallyConsistent)
                    }
                    transformed.withLock { $0 += 1 }
                    return number
                }
            ) { number, _ in
                if number == 15 { throw Stop() }
                seen.append(number)
            }
        }
        returned.store(true, ordering: .sequentiallyConsistent)
        #expect(seen == Array(0..<15))
        // While the second chunk was read, the other thread could have started at most the
        // two chunks it had room for after it: it stopped there, so at most 4 chunks.
        let count = transformed.withLock { $0 }
        #expect(count >= 20 && count <= 40, "\(count)")
        // And it was finished before the call returned: nothing is transformed after.
        Thread.sleep(forTimeInterval: 0.05)
        #expect(lateTransforms.load(ordering: .sequentiallyConsistent) == 0 && transformed.withLock { $0 } == count)
    }

    /// The other thread runs ahead of a slow body by up to `ahead` chunks, and no further.
    @Test func forEachReadsAheadAsFarAsItMay() {
        let transformed = Mutex(0)
        var farthestAhead = 0
        Parallel.forEach(
            Array(0..<100), chunk: 5, ahead: 3,
            transformedBy: { number -> Int in
                transformed.withLock { $0 += 1 }
                return number
            }
        ) { number, _ in
            if number % 5 == 0 { Thread.sleep(forTimeInterval: 0.02) }  // slow at each chunk's first element
            farthestAhead = max(farthestAhead, transformed.withLock { $0 } - number)
        }
        // Taking chunk k makes room for chunk k + 3: up to 4 chunks are done before element
        // k·5, and while the body sleeps the other thread gets that far (more than 3 chunks,
        // which it could not with less room).
        #expect(farthestAhead > 3 * 5 && farthestAhead <= 4 * 5, "\(farthestAhead)")
    }
}

/// A question's part that reads no database runs on another thread while this one goes on.
@Suite("Overlap")
struct OverlapTests {
    struct Failure: Error, Equatable { let part: String }

    @Test func bothResultsComeBackAndTheOtherThreadIsAnother() throws {
        let (background, foreground) = try Overlap.run({ (ObjectIdentifier(Thread.current), 6 * 7) }) {
            (ObjectIdentifier(Thread.current), "here")
        }
        #expect(background.1 == 42 && foreground.1 == "here")
        #expect(background.0 != foreground.0)
    }

    /// Whichever part throws, the other has finished when `run` returns: the background part
    /// is waited for, and the foreground part runs to its end.
    @Test func aFailureIsThrownOnlyAfterBothParts() {
        let finished = Atomic(0)
        #expect(throws: Failure(part: "background")) {
            _ = try Overlap.run({ () throws -> Int in throw Failure(part: "background") }) {
                finished.add(1, ordering: .sequentiallyConsistent)
            }
        }
        #expect(throws: Failure(part: "foreground")) {
            _ = try Overlap.run({
                Thread.sleep(forTimeInterval: 0.05)
                finished.add(1, ordering: .sequentiallyConsistent)
            }) { () throws -> Int in throw Failure(part: "foreground") }
        }
        #expect(finished.load(ordering: .sequentiallyConsistent) == 2)
    }
}
