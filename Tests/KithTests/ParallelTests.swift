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
        var seen: [Int] = []
        #expect(throws: Stop()) {
            try Parallel.forEach(Array(0..<100), chunk: 10, transformedBy: { number -> Int in
                transformed.withLock { $0 += 1 }
                return number
            }) { number, _ in
                if number == 15 { throw Stop() }
                seen.append(number)
            }
        }
        #expect(seen == Array(0..<15))
        // The chunk being read ahead when the error came (20..<30) was finished before the
        // call returned; nothing after it was started.
        #expect(transformed.withLock { $0 } == 30)
    }
}
