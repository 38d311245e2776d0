import Dispatch
import Foundation
import Synchronization
import Testing

@testable import Kith

/// Reads of a file database run on connections of their own, beside the writer: scripted
/// with semaphores, so each step happens when the one before has, never after a sleep. Every
/// wait has a deadline, so that a broken pool fails the test instead of hanging it.
@Suite("Readers beside the writer")
struct ReaderPoolTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
        try database.write { try $0.people.add(NewPerson(name: "Before")) }
    }

    static var deadline: DispatchTime { .now() + .seconds(stepDeadlineSeconds) }

    static func count(_ connection: Connection) throws -> Int {
        try connection.fetchValue(sql: "SELECT count(*) FROM people") ?? -1
    }

    @Test func readsRunWhileAWriteIsOpenAndEachSeesOneSnapshot() throws {
        let (written, release, committed) = (
            DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)
        )
        let released = Atomic<Bool>(false)
        let database = database
        // The long write: a first half, then it waits for the script, then a second half.
        DispatchQueue.global().async {
            try? database.write { connection in
                for index in 0..<100 { try connection.people.add(NewPerson(name: "First \(index)")) }
                written.signal()
                released.store(release.wait(timeout: Self.deadline) == .success, ordering: .relaxed)
                for index in 0..<100 { try connection.people.add(NewPerson(name: "Second \(index)")) }
            }
            committed.signal()
        }
        #expect(written.wait(timeout: Self.deadline) == .success)
        // Eight reads at once while the write is open: none waits for it (if one did, the
        // write would time out waiting for the release below, and `released` would be false).
        let seen = Mutex<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let value = (try? database.read { try Self.count($0) }) ?? -2
            seen.withLock { $0.append(value) }
        }
        #expect(seen.withLock { $0 } == Array(repeating: 1, count: 8))

        // A read that begins before the commit sees the same database to its end.
        let (readStarted, readDone) = (DispatchSemaphore(value: 0), DispatchSemaphore(value: 0))
        let counts = Mutex<(Int, Int)>((-1, -1))
        DispatchQueue.global().async {
            _ = try? database.read { connection in
                let first = try Self.count(connection)
                readStarted.signal()
                _ = committed.wait(timeout: Self.deadline)
                let second = try Self.count(connection)
                counts.withLock { $0 = (first, second) }
            }
            readDone.signal()
        }
        #expect(readStarted.wait(timeout: Self.deadline) == .success)
        release.signal()
        #expect(readDone.wait(timeout: Self.deadline) == .success)
        let writeSawTheRelease = released.load(ordering: .relaxed)
        #expect(writeSawTheRelease)
        #expect(counts.withLock { $0 } == (1, 1))
        #expect(try database.read { try Self.count($0) } == 201)
    }

    @Test func atMostReadersReadsRunAtOnce() throws {
        let database = try Database.openKith(at: .file(folder.path()), readers: 2)
        let (entered, go, thirdEntered) = (
            DispatchSemaphore(value: 0), DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)
        )
        let group = DispatchGroup()
        for _ in 0..<2 {
            DispatchQueue.global().async(group: group) {
                _ = try? database.read { connection in
                    entered.signal()
                    _ = go.wait(timeout: Self.deadline)
                    return try Self.count(connection)
                }
            }
        }
        #expect(entered.wait(timeout: Self.deadline) == .success && entered.wait(timeout: Self.deadline) == .success)
        DispatchQueue.global().async(group: group) {
            _ = try? database.read { _ in thirdEntered.signal() }
        }
        // Both connections are taken: the third read waits for one of them.
        #expect(thirdEntered.wait(timeout: .now() + 0.5) == .timedOut)
        go.signal()
        #expect(thirdEntered.wait(timeout: Self.deadline) == .success)
        go.signal()
        #expect(group.wait(timeout: Self.deadline) == .success)
    }

    @Test func anInMemoryDatabaseHasOneConnectionForReadsAndWrites() throws {
        let memory = try Database.openKith(at: .inMemory)
        try memory.write { try $0.people.add(NewPerson(name: "Ann")) }
        #expect(try memory.read { try Self.count($0) } == 1)
        // A write attempted inside a read is refused by SQLite, here and on a file's readers.
        for database in [memory, database] {
            #expect(throws: DatabaseError.self) { try database.read { try $0.execute(sql: "DELETE FROM people") } }
        }
    }

    @Test func closingTheDatabaseLeavesNoWAL() throws {
        do {
            let database = try Database.openKith(at: .file(folder.path("other.sqlite")))
            try database.write { try $0.people.add(NewPerson(name: "Ann")) }
            #expect(try database.read { try Self.count($0) } == 1)
        }
        // The writer closed last, so it checkpointed the WAL into the file and removed it.
        #expect(!FileManager.default.fileExists(atPath: folder.path("other.sqlite-wal")))
    }
}
