// Kith's benchmarks, in release mode. From Benchmarks/:
//   swift run -c release KithBenchmarks                 everything: the layer table, then the questions at 1k, 10k, 100k
//   swift run -c release KithBenchmarks layer           Kith beside raw SQLite and GRDB only
//   swift run -c release KithBenchmarks questions N... [--topics T]  the questions at these sizes only (T topics, 300)
//   swift run -c release KithBenchmarks import [N]      importing N contacts (100,000) from vCard and CSV
//   swift run -c release KithBenchmarks reads-during-import [N]  reads in the same process while N vCards import
//   swift run -c release KithBenchmarks people-get      people.get × 100,000, to compare two builds
//   swift run -c release KithBenchmarks profile-recommend PATH [N [T]]  both drafts on a network kept in PATH (for perf)
// Each size of the questions runs in a child process, so its peak memory is its own.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "layer":
    try LayerBenchmarks().run()
case "questions":
    // questions N... [--topics T]: the networks' vocabulary is T topics (300).
    var rest = Array(arguments.dropFirst())
    var topics = 300
    if let flag = rest.firstIndex(of: "--topics"), flag + 1 < rest.count, let value = Int(rest[flag + 1]) {
        topics = value
        rest.removeSubrange(flag...(flag + 1))
    }
    let sizes = rest.compactMap(Int.init)
    QuestionBenchmarks.printHeader()
    for size in sizes.isEmpty ? [1_000, 10_000, 100_000] : sizes {
        try runChild(["question-size", String(size), String(topics)])
    }
case "profile-fetch":  // for valgrind --tool=callgrind: one way of fetching, 20,000 rows × 5
    let scratch = try Scratch()
    let items = scratch.path("items.sqlite")
    try RawSQLite(path: items).createItems(20_000)
    for _ in 0..<5 {
        switch arguments.dropFirst().first {
        case "raw": _ = try RawSQLite(path: items).fetchItems()
        case "grdb": _ = try GRDBWorkloads(path: items).fetchItems()
        default: _ = try KithWorkloads(path: items).fetchItems()
        }
    }
case "profile-add":  // for valgrind --tool=callgrind: 2,000 people.add with 3 interests each
    let scratch = try Scratch()
    try KithWorkloads(path: scratch.path("add.sqlite"), migrate: true).addPeople(2_000)
// For perf: profile-recommend PATH [N [T]] builds N people (T topics) into PATH once, then asks.
case "profile-recommend":
    let path = arguments.dropFirst().first ?? "network.sqlite"
    let people = arguments.dropFirst(2).first.flatMap { Int($0) } ?? 100_000
    let topics = arguments.dropFirst(3).first.flatMap { Int($0) } ?? 300
    try QuestionBenchmarks(people: people, topics: topics).profileRecommend(at: path)
case "people-get":  // people.get × 100,000 among 50,000 people, median of 7: for comparing two builds
    let scratch = try Scratch()
    let kith = try KithWorkloads(path: scratch.path("people.sqlite"), migrate: true)
    try kith.addPeople(50_000)
    let timing = try measure(runs: 7) { try kith.getPeople(100_000, among: 50_000) }
    print("people.get × 100,000 among 50,000: median \(format(timing.median)) ms, p99 \(format(timing.p99)) ms")
case "import":
    try ImportBenchmarks(contacts: arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000).run()
case "reads-during-import":
    print("| while | reads | p50 wait (ms) | p99 wait (ms) | longest (ms) |")
    print("|---|---:|---:|---:|---:|")
    try ReadsDuringImport(contacts: arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000).run()
case "question-size":
    try QuestionBenchmarks(people: Int(arguments[1])!, topics: arguments.dropFirst(2).first.flatMap { Int($0) } ?? 300)
        .run()
default:
    try LayerBenchmarks().run()
    print()
    QuestionBenchmarks.printHeader()
    for size in [1_000, 10_000, 100_000] { try runChild(["question-size", String(size)]) }
    print()
    try runChild(["import"])
}

/// Runs this executable again with `arguments`, its output going to ours.
func runChild(_ arguments: [String]) throws {
    fflush(nil)  // what we printed so far comes before what the child prints
    let child = Process()
    child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    child.arguments = arguments
    try child.run()
    child.waitUntilExit()
    guard child.terminationStatus == 0 else {
        throw ChildFailed(arguments: arguments, status: child.terminationStatus)
    }
}

struct ChildFailed: Error {
    let arguments: [String]
    let status: Int32
}
