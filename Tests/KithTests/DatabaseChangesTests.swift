import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Kith

/// Change notifications: from this database's writes as they commit, and from other processes.
@Suite("Change notifications")
struct DatabaseChangesTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    /// What a stream yields, collected by a task of its own; `next` waits (until a deadline)
    /// for the next element without blocking the shared pool.
    final class Collected<Element: Sendable>: Sendable {
        private let elements = Mutex<[Element]>([])
        private let arrived = DispatchSemaphore(value: 0)
        private let task = Mutex<Task<Void, Never>?>(nil)

        init<S: AsyncSequence & Sendable>(_ sequence: S) where S.Element == Element {
            let collecting = Task { [self] in
                do {
                    for try await element in sequence {
                        elements.withLock { $0.append(element) }
                        arrived.signal()
                    }
                } catch {}
            }
            task.withLock { $0 = collecting }
        }

        /// The next element, or nil when none came by the deadline.
        func next() async -> Element? {
            await signalled(arrived) ? elements.withLock { $0.removeFirst() } : nil
        }

        /// How many elements came and were not taken.
        var waiting: Int { elements.withLock { $0.count } }

        func stop() { task.withLock { $0?.cancel() } }
    }

    @Test func aCommitTellsThoseWatchingTheTablesItWrote() async throws {
        let changes = Collected(database.changes(of: ["people", "resources"]))
        let statistics = Collected(database.changes(of: ["topic_statistics"]))
        defer {
            changes.stop()
            statistics.stop()
        }
        // Rolled back: nothing to tell.
        _ = try? await database.write { connection in
            try connection.people.add(NewPerson(name: "Gone"))
            throw CancellationError()
        }
        // Writes nothing.
        try await database.write { _ = try $0.fetchValue(sql: "SELECT count(*) FROM people") as Int? }
        try await database.write { _ = try $0.resources.add(title: "Hill repeats") }
        let first = await changes.next()
        #expect(first == DatabaseChange(tables: ["resources"], isExternal: false))
        // A trigger's writes count: an interest moves the topic statistics.
        try await database.write {
            _ = try $0.people.add(NewPerson(name: "Ann", interests: [NewInterest(topic: "chess", weight: 5)]))
        }
        #expect(await changes.next()?.tables == ["people"])
        #expect(await statistics.next()?.tables == ["topic_statistics"])
        #expect(changes.waiting == 0 && statistics.waiting == 0)
    }

    @Test func anObservedValueComesNowAndWheneverItChanges() async throws {
        let names = Collected(database.observe(tables: ["people"]) { try $0.people.all().map(\.name) })
        defer { names.stop() }
        #expect(await names.next() == [])
        try await database.write { _ = try $0.people.add(NewPerson(name: "Ann")) }
        #expect(await names.next() == ["Ann"])
        // A write that leaves the value as it was gives nothing new.
        try await database.write { try $0.execute(sql: "UPDATE people SET title = 'Coach'") }
        try await database.write { _ = try $0.people.add(NewPerson(name: "Bo")) }
        #expect(await names.next() == ["Ann", "Bo"])
        #expect(names.waiting == 0)
    }

    @Test func anotherProcessWritingIsNoticed() async throws {
        let changes = Collected(database.changes(of: ["people"]))
        defer { changes.stop() }
        let kith = KithTool(database: folder.path())
        #expect(try kith.run(["person", "add", "Ann Lee"]).status == 0)
        #expect(await changes.next() == DatabaseChange(tables: ["people"], isExternal: true))
    }

    @Test func kithWatchPrintsTheAnswerAgainWhenKithChangesTheDatabase() throws {
        let kith = KithTool(database: folder.path())
        try kith.ok("person", "add", "Bo Chen", "--interest", "cooking:4")
        let watch = Process()
        watch.executableURL = KithTool.executable.deletingLastPathComponent().appending(path: "kith-watch")
        watch.arguments = [folder.path(), "Chess openings", "chess"]
        let output = Pipe()
        watch.standardOutput = output
        let printed = Mutex("")
        let arrived = DispatchSemaphore(value: 0)
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = String(decoding: handle.availableData, as: UTF8.self)
            printed.withLock { $0 += chunk }
            arrived.signal()
        }
        try watch.run()
        defer {
            watch.terminate()
            watch.waitUntilExit()
        }
        func waitFor(_ text: String) -> Bool {
            while !printed.withLock({ $0.contains(text) }) {
                guard arrived.wait(timeout: .now() + .seconds(stepDeadlineSeconds)) == .success else { return false }
            }
            return true
        }
        #expect(waitFor("nobody yet"), "\(printed.withLock { $0 })")
        try kith.ok("person", "add", "Ann Lee", "--interest", "chess:5")
        #expect(waitFor("Changed:\n  Ann Lee"), "\(printed.withLock { $0 })")
    }
}
