import Foundation
import Testing

/// Runs the built `kith` binary as a user would, and what it printed.
struct KithTool {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The standard output, parsed as the one JSON document it must be.
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        }
    }

    /// The `kith` binary next to the test bundle (the tests depend on it, so it is built first).
    static let executable: URL = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = products.appending(path: "kith")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        // Running from elsewhere (an IDE): the package's own debug build.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: ".build/debug/kith")
    }()

    /// The database every call uses, through `--db`.
    let database: String

    /// Runs `kith ARGUMENTS --db DATABASE` (or without `--db` when `useDatabaseOption` is false).
    @discardableResult
    func run(_ arguments: [String], useDatabaseOption: Bool = true, environment: [String: String] = [:]) throws
        -> Output
    {
        try Self.run(arguments + (useDatabaseOption ? ["--db", database] : []), environment: environment)
    }

    /// Runs a command that must succeed (recording an issue when it does not), and its standard output.
    @discardableResult
    func ok(_ arguments: String...) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "kith \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    /// Runs `kith ARGUMENTS` with `environment` added to (and `KITH_DB` removed from) this process's.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        variables["KITH_DB"] = nil
        process.environment = variables.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes before waiting, so a large output cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Runs SQL through the sqlite3 shell, as a user at the prompt would.
func sqliteShell(_ database: String, _ sql: String) throws -> KithTool.Output {
    try runProcess(onPath("sqlite3"), ["-bail", database], input: sql)
}

/// Where a program is on the PATH, as a shell would find it; the bare name when it is not
/// there, so that running it fails and says which package to install (``runProcess``).
func onPath(_ program: String) -> String {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let candidate = "\(folder)/\(program)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return program
}

/// A program a test runs that is not on the PATH, and the Debian package that has it.
struct MissingProgram: Error, CustomStringConvertible {
    let program: String
    var description: String {
        let packages = [
            "php": "php-cli", "setpriv": "util-linux", "sh": "dash", "radicale": "radicale, or pip install radicale",
        ]
        return
            "\(program) is not on the PATH: install it (apt-get install \(packages[program] ?? program); README, \"Try it\")"
    }
}

/// Runs a program with `input` on its standard input, and what it printed.
func runProcess(_ executable: String, _ arguments: [String], input: String) throws -> KithTool.Output {
    guard executable.contains("/") else { throw MissingProgram(program: executable) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let (stdin, out, err) = (Pipe(), Pipe(), Pipe())
    process.standardInput = stdin
    process.standardOutput = out
    process.standardError = err
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return KithTool.Output(
        status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
        stderr: String(decoding: stderr, as: UTF8.self))
}
