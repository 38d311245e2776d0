import Foundation
import Testing

@testable import Kith

/// Two processes with several tasks each, writing and reading one file while a sqlite3 shell
/// holds a read transaction open and a backup is taken.
@Suite("Concurrency")
struct ConcurrencyTests {
    @Test func twoProcessesAndAShellReaderShareOneFile() throws {
        let folder = try TemporaryDirectory()
        let path = folder.path()
        _ = try folder.kith()  // migrated before the race, so the shell can read people
        // The shell's snapshot, taken before anyone writes and held open throughout.
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: onPath("sqlite3"))
        shell.arguments = [path]
        let (input, output) = (Pipe(), Pipe())
        shell.standardInput = input
        shell.standardOutput = output
        shell.standardError = output
        try shell.run()
        input.fileHandleForWriting.write(Data("BEGIN;\nSELECT count(*) FROM people;\n".utf8))
        #expect(String(decoding: StressHelper.readFirstLine(output.fileHandleForReading), as: UTF8.self) == "0\n")

        let (tasks, operations) = (StressHelper.scale(4, full: 8), StressHelper.scale(60, full: 1500))
        let loads = try ["load-a", "load-b"].map { tag in
            try StressHelper.start(["concurrent", path, tag, String(tasks), String(operations)])
        }
        // A backup taken meanwhile is one consistent snapshot (VACUUM INTO reads in one transaction).
        usleep(200_000)
        let copy = folder.path("copy.sqlite")
        try Database(.file(path)).backup(to: copy)
        let backup = try Database.openKith(at: .file(copy))
        #expect(try backup.integrityReport().isHealthy)
        let (people, notes, interactions): (Int, Int, Int) = try backup.read {
            (
                try $0.fetchValue(sql: "SELECT count(*) FROM people") ?? -1,
                try $0.fetchValue(sql: "SELECT count(*) FROM notes") ?? -2,
                try $0.fetchValue(sql: "SELECT count(*) FROM interactions") ?? -3
            )
        }
        #expect(
            people == notes && notes == interactions,
            "backup: \(people) people, \(notes) notes, \(interactions) interactions")

        var writes = 0
        for (process, out) in loads {
            let printed = String(decoding: out.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(printed)")  // an SQLITE_BUSY or a torn read exits 1
            let counts = printed.split(whereSeparator: \.isWhitespace)
            #expect(counts.count == 4 && counts[0] == "writes" && counts[2] == "reads", "\(printed)")
            writes += counts.count == 4 ? Int(counts[1]) ?? 0 : 0
        }
        #expect(writes == 2 * tasks * (operations - operations / 3))

        // The shell still sees its snapshot, then, after COMMIT, everything.
        input.fileHandleForWriting.write(
            Data("SELECT count(*) FROM people;\nCOMMIT;\nSELECT count(*) FROM people;\n".utf8))
        try input.fileHandleForWriting.close()
        let shellSaw = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(shellSaw == "0\n\(writes)\n")

        let database = try Database.openKith(at: .file(path))
        let stored: Int =
            try database.read {
                try $0.fetchValue(sql: "SELECT count(DISTINCT name) FROM people WHERE name GLOB 'load-*'")
            } ?? 0
        #expect(stored == writes)
        #expect(try database.integrityReport().isHealthy)
        print(
            "concurrency: 2 processes x \(tasks) tasks, \(writes) writes and \(2 * tasks * (operations / 3)) checked reads, no SQLITE_BUSY, no torn read; a backup taken meanwhile held \(people) whole writes"
        )
    }
}
