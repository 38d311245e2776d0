import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// The `KithStress` helper (Tests/KithStress) that the reliability tests start, kill and race,
/// and how long they run: a short version by default, the full one with `KITH_RELIABILITY=full`
/// (the commands are in RELIABILITY.md).
enum StressHelper {
    static let isFullRun = ProcessInfo.processInfo.environment["KITH_RELIABILITY"] == "full"

    /// `short` in the default test run, `full` in the long one.
    static func scale(_ short: Int, full: Int) -> Int { isFullRun ? full : short }

    /// A seed for the random choices of a run: `KITH_SEED` when set (to repeat a run), else
    /// the clock in a full run (to explore), and a fixed one in the default run (so that it
    /// fuzzes the same inputs every time). Tests print it when they fail.
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["KITH_SEED"].flatMap { UInt64($0) }
        ?? (isFullRun ? UInt64(Date().timeIntervalSince1970) : 20_261_126)

    /// The helper, built beside the test bundle (the tests depend on it).
    static let executable = KithTool.executable.deletingLastPathComponent().appending(path: "KithStress")

    /// Starts the helper with `arguments`; its standard output is a pipe.
    static func start(_ arguments: [String]) throws -> (Process, FileHandle) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        return (process, out.fileHandleForReading)
    }

    /// Runs the helper to the end: its exit status and what it printed.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let (process, out) = try start(arguments)
        let output = String(decoding: out.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    /// Starts the helper with `arguments`, waits for its first line, kills it with SIGKILL
    /// after a random delay of up to `maximumDelay` microseconds, and gives the whole lines
    /// it printed (a line cut short by the kill was never acknowledged) and whether the kill
    /// is what ended it.
    static func kill(_ arguments: [String], afterFirstLineWithin maximumDelay: Int, random: inout SplitMix64) throws
        -> (lines: [Substring], killed: Bool)
    {
        let (process, out) = try start(arguments)
        var printed = readFirstLine(out)
        usleep(UInt32(random.next(maximumDelay)))
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        printed += out.readDataToEndOfFile()
        let lines = String(decoding: printed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast()
        return (Array(lines), process.terminationReason == .uncaughtSignal)
    }

    /// Reads from `handle` until a whole line has arrived; returns what was read (empty at end of file).
    static func readFirstLine(_ handle: FileHandle) -> Data {
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data += chunk
        }
        return data
    }
}
