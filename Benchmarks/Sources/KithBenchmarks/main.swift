// Times Kith's questions on synthetic networks of growing size, in release mode.
// Usage: swift run -c release KithBenchmarks [SIZES...]   (default: 1000 10000 100000)
import Foundation
import Kith

let sizes = CommandLine.arguments.dropFirst().compactMap(Int.init)
let asOf = try Day("2026-11-26")

/// Runs `body` `runs` times and returns the median and the 99th percentile, in milliseconds.
func measure(runs: Int, _ body: () throws -> Void) rethrows -> (p50: Double, p99: Double) {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
    }
    times.sort()
    return (times[times.count / 2], times[min(times.count - 1, Int(Double(times.count) * 0.99))])
}

func format(_ value: Double) -> String { String(format: "%8.2f", value) }

print("| people | build (s) | question | p50 (ms) | p99 (ms) | answers |")
print("|---:|---:|---|---:|---:|---:|")
for size in sizes.isEmpty ? [1_000, 10_000, 100_000] : sizes {
    let folder = FileManager.default.temporaryDirectory.appending(path: "kith-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = ProcessInfo.processInfo.environment["KITH_BENCH_KEEP"].map { "\($0)/bench-\(size).sqlite" }
        ?? folder.appending(path: "bench.sqlite").path
    let database = try Database.openKith(at: .file(path))
    let buildStart = ContinuousClock.now
    try database.write { try SyntheticNetwork(people: size).build(in: $0) }
    let build = ContinuousClock.now - buildStart

    let draft = ResourceDraft(
        title: "What climate data tells gardeners", url: "https://example.org/climate-gardens",
        topics: ["climate 0", "gardening 1", "data 2"],
        text: """
            A long read on how jazz musicians and robotics engineers use climate data, with notes on photography,
            cycling routes and community education programs that help gardeners plan for hotter summers.
            """)
    var answers = 0
    let questions: [(String, Int, () throws -> Void)] = [
        ("who should get this?", 200, { answers = try database.read { try $0.questions.recommend(draft, asOf: asOf) }.count }),
        ("reconnect", 20, { answers = try database.read { try $0.questions.reconnect(asOf: asOf) }.count }),
        ("ledger of one person", 200, { answers = try database.read { try $0.questions.ledger(of: 1) }.given }),
        ("introductions", 5, { answers = try database.read { try $0.questions.introductions() }.count }),
    ]
    for (name, runs, body) in questions {
        let (p50, p99) = try measure(runs: runs, body)
        print("| \(size) | \(format(Double(build.components.seconds) + Double(build.components.attoseconds) / 1e18)) | \(name) | \(format(p50)) | \(format(p99)) | \(answers) |")
    }
}
