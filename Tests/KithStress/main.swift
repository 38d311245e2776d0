// KithStress: the processes the reliability tests start, kill and race (see RELIABILITY.md).
//
//   KithStress write DB                     loop over writes, printing each committed person id
//   KithStress import DB                    loop over imports of 600 vCards, printing the people after each
//   KithStress old-schema DB PEOPLE         a file at the first migration, with PEOPLE people and notes
//   KithStress migrate DB                   open DB with Kith, applying every missing migration
//   KithStress concurrent DB TAG TASKS OPS  TASKS tasks writing and reading at once; TAG starts
//                                           with "load-" (readers check every load-* person)
//   KithStress fuzz vcard|csv|json SEED RUNS FIXTURES WORKDIR
//                                           mutate fixture files and import them
//   KithStress nested DB                    a read started inside a write on the same database (a misuse)
import Foundation
import Kith

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch (arguments.first, arguments.count) {
    case ("write", 2): try Writer.writeForever(to: arguments[1])
    case ("import", 2): try Writer.importForever(to: arguments[1])
    case ("old-schema", 3): try Writer.createOldSchema(at: arguments[1], people: Int(arguments[2])!)
    case ("migrate", 2):
        _ = try Database.openKith(at: .file(arguments[1]))
        print("migrated")
    case ("concurrent", 5):
        try await ConcurrentLoad(
            path: arguments[1], tag: arguments[2], tasks: Int(arguments[3])!, operations: Int(arguments[4])!
        ).run()
    case ("fuzz", 6):
        var fuzzer = try Fuzzer(
            kind: Fuzzer.Kind(rawValue: arguments[1])!, seed: UInt64(arguments[2])!, fixtures: arguments[4],
            workDirectory: arguments[5])
        try fuzzer.run(Int(arguments[3])!)
    case ("nested", 2):
        let database = try Database.openKith(at: .file(arguments[1]))
        FileHandle.standardOutput.write(Data("started\n".utf8))  // unbuffered: the misuse ends the process
        try database.write { _ in try database.read { _ in print("never here") } }
    default:
        FileHandle.standardError.write(Data("usage: see the comment at the top of Tests/KithStress/main.swift\n".utf8))
        exit(64)
    }
} catch {
    print("error: \(error)")
    exit(1)
}

/// The most memory this process has held, in MB (Linux `VmHWM`).
func peakMemoryMB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
}
