import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Kith

/// The async reads and writes: they leave the caller's executor free, and cancelling the
/// task that waits for a write rolls all of it back.
@Suite("Async reads and writes")
struct AsyncTests {
    static var deadline: DispatchTime { .now() + .seconds(stepDeadlineSeconds) }

    static func cards(_ range: Range<Int>) -> Data {
        Data(
            range.map { "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Card \($0)\r\nEMAIL:card\($0)@example.org\r\nEND:VCARD\r\n" }
                .joined().utf8)
    }

    /// An actor that writes: while its write waits for the writer, it must stay free.
    actor Caller {
        let database: Database
        init(_ database: Database) { self.database = database }

        func write(_ name: String, started: DispatchSemaphore) async throws {
            started.signal()
            _ = try await database.write { try $0.people.add(NewPerson(name: name)) }
        }

        func ping() -> Bool { true }
    }

    @Test func aWriteWaitingForTheWriterLeavesTheCallerFree() async throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let (holding, release, started, pinged) = (
            DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0),
            DispatchSemaphore(value: 0)
        )
        Thread {
            try? database.write { _ in
                holding.signal()
                _ = release.wait(timeout: Self.deadline)
            }
        }.start()
        #expect(await signalled(holding))
        let caller = Caller(database)
        let writing = Task { try await caller.write("Waiting", started: started) }
        #expect(await signalled(started))
        // Had the write blocked the actor, the ping would wait for the writer, which the
        // watcher releases only when the ping is done or at the deadline.
        let pingWasOnTime = Atomic<Bool>(false)
        let watcher = Thread {
            pingWasOnTime.store(pinged.wait(timeout: Self.deadline) == .success, ordering: .relaxed)
            release.signal()
        }
        watcher.start()
        #expect(await caller.ping())
        pinged.signal()
        try await writing.value
        let onTime = pingWasOnTime.load(ordering: .relaxed)
        #expect(onTime)
        #expect(try await database.read { try $0.people.all().map(\.name) } == ["Waiting"])
    }

    @Test func cancellingAnImportBetweenBatchesRollsAllOfItBack() async throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try await database.write { try $0.people.add(NewPerson(name: "Kept")) }
        let (firstDone, cancelled) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let importing = Task {
            try await database.write { connection in
                _ = try VCardImporter.import(Self.cards(0..<600), file: "first.vcf", into: connection)
                firstDone.signal()
                _ = cancelled.wait(timeout: Self.deadline)
                // Cancelled now: the second file stops at its first batch.
                return try VCardImporter.import(Self.cards(600..<1_200), file: "second.vcf", into: connection)
            }
        }
        #expect(await signalled(firstDone))
        importing.cancel()
        cancelled.signal()
        let outcome = await importing.result
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(try await database.read { try $0.people.all().map(\.name) } == ["Kept"])
    }

    @Test func aTaskCancelledBeforeItsWriteBeginsWritesNothing() async throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let task = Task {
            try await database.write { try $0.people.add(NewPerson(name: "Never")) }
        }
        task.cancel()
        let outcome = await task.result
        // Either the write was cancelled before it began, or it finished before the cancel.
        switch outcome {
        case .success: #expect(try await database.read { try $0.people.all().count } == 1)
        case .failure(let error):
            #expect(error is CancellationError)
            #expect(try await database.read { try $0.people.all().count } == 0)
        }
        // The synchronous calls never see a cancellation.
        #expect(try Self.checkedInASynchronousWrite(database))
    }

    static func checkedInASynchronousWrite(_ database: Database) throws -> Bool {
        try database.write { connection -> Bool in
            try connection.checkCancellation()
            return true
        }
    }

    @Test func theImportersAwaitIntoADatabase() async throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let summary = try await VCardImporter.import(Self.cards(0..<50), file: "cards.vcf", into: database)
        let csv = Data("First Name,Last Name,E-mail 1 - Value\nAnn,Lee,ann@example.org\n".utf8)
        let report = try await ContactsCSVImporter.import(csv, format: .google, file: "contacts.csv", into: database)
        #expect(summary.added == 50 && report.added == 1)
        #expect(try await database.read { try $0.people.all().count } == 51)
    }

    @Test func aBackupAndAQuestionAwaitLikeAnyRead() async throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try await database.write {
            try $0.people.add(NewPerson(name: "Ann", interests: [NewInterest(topic: "chess", weight: 5)]))
        }
        let picks = try await database.read {
            try $0.questions.recommend(ResourceDraft(title: "Chess", topics: ["chess"]))
        }
        #expect(picks.map(\.name) == ["Ann"])
        let article = try await database.write { try $0.resources.add(title: "Chess openings", topics: ["chess"]) }
        #expect(try await database.recommend(ResourceDraft(title: "Chess", topics: ["chess"])) == picks)
        #expect(try await database.recommend(article.id).map(\.name) == ["Ann"])
        try await database.backup(to: folder.path("copy.sqlite"))
        let copy = try Database.openKith(at: .file(folder.path("copy.sqlite")))
        #expect(try await copy.read { try $0.people.all().map(\.name) } == ["Ann"])
    }
}
