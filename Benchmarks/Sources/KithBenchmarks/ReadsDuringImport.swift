import Foundation
import Kith
import KithTestSupport
import Synchronization

/// Reads in the same process while a large import writes: each read is one person loaded
/// whole (`people.get`) from a network that was there before the import, one every 5 ms on
/// a thread of its own, for as long as the import runs.
struct ReadsDuringImport {
    let contacts: Int

    func run() throws {
        let scratch = try Scratch()
        let database = try Database.openKith(at: .file(scratch.path("reads.sqlite")))
        try database.write { try SyntheticNetwork(people: 1_000, topics: 100).build(in: $0) }
        var cards = ""
        for i in 0..<contacts {
            cards +=
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Person \(i)\r\nEMAIL:ann\(i)@example.org\r\nTEL:+1 555 \(100_000 + i)\r\n"
                + "CATEGORIES:topic \(i % 300),topic \((i * 7) % 300)\r\nNOTE:Met at event \(i % 40)\r\nEND:VCARD\r\n"
        }
        let data = Data(cards.utf8)
        let importing = Atomic<Bool>(true)
        let waits = Mutex<[Double]>([])
        let reader = Thread {
            var random = SystemRandomNumberGenerator()
            while importing.load(ordering: .relaxed) {
                let id = Person.ID(rawValue: Int64.random(in: 1...1_000, using: &random))
                let start = ContinuousClock.now
                let found = (try? database.read { try $0.people.get(id) }) != nil
                let elapsed = ContinuousClock.now - start
                precondition(found, "a read failed during the import")
                waits.withLock {
                    $0.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                }
                usleep(5_000)
            }
        }
        let start = ContinuousClock.now
        reader.start()
        let summary = try database.write { try VCardImporter.import(data, file: "import.vcf", into: $0) }
        importing.store(false, ordering: .relaxed)
        let seconds =
            Double((ContinuousClock.now - start).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - start).components.seconds)
        precondition(summary.added == contacts)
        let sorted = waits.withLock { $0 }.sorted()
        let p50 = sorted[sorted.count / 2]
        let p99 = sorted[min(sorted.count - 1, sorted.count * 99 / 100)]
        print(
            "| import of \(contacts) vCards: \(format(seconds)) s | \(sorted.count) | \(format(p50)) | \(format(p99)) | \(format(sorted.last ?? 0)) |"
        )
    }
}
