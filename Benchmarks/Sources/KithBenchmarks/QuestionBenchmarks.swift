import Foundation
import Kith
import KithTestSupport

/// Kith's questions on a synthetic network of `people` (SyntheticNetwork: about 10 interest
/// links and 10 shares a person, a skewed topic distribution), with a naive baseline for
/// "who should get this?".
struct QuestionBenchmarks {
    let people: Int
    var topics = 300
    static let asOf = try! Day("2026-11-26")

    /// An article with 3 topics (a popular one, a middling one, a rarer one) and a paragraph.
    static let draft = ResourceDraft(
        title: "What climate data tells gardeners", url: "https://example.org/climate-gardens",
        topics: ["climate 0", "gardening 1", "data 2"],
        text: """
            A long read on how jazz musicians and robotics engineers use climate data, with notes on photography,
            cycling routes and community education programs that help gardeners plan for hotter summers.
            """)

    /// A broad article: its text names the 30 most popular topics (and gives none).
    static let broadDraft = ResourceDraft(
        title: "A survey of everything", url: "https://example.org/survey",
        text: (0..<30).map { "\(SyntheticNetwork.topicName($0 + 1))" }.joined(separator: ", "))

    static func printHeader() {
        print("| people | question | p50 (ms) | p99 (ms) | runs | answers | peak memory (MB) |")
        print("|---:|---|---:|---:|---:|---:|---:|")
    }

    func run() throws {
        let scratch = try Scratch()
        let database = try Database.openKith(at: .file(scratch.path("network.sqlite")))
        let build = try measure(runs: 1, warmUp: false) {
            try database.write { try SyntheticNetwork(people: people, topics: topics).build(in: $0) }
        }
        // What the first question after a change costs on top (an app keeps the index in
        // memory after it; `kith recommend` stores it in the file, as this does).
        let index = try measure(runs: 1, warmUp: false) {
            try database.write { try $0.questions.saveRankingIndex() }
        }
        var answers = 0
        let naive = NaiveRecommender()
        let questions: [(String, Int, () throws -> Void)] = [
            (
                "who should get this?", 200,
                { answers = try database.read { try $0.questions.recommend(Self.draft, asOf: Self.asOf) }.count }
            ),
            (
                "who should get this? (broad: 30 popular topics in its text)", people >= 100_000 ? 40 : 200,
                {
                    answers = try database.read { try $0.questions.recommend(Self.broadDraft, asOf: Self.asOf) }.count
                }
            ),
            (
                "  naive baseline: load everyone, score in Swift", people >= 100_000 ? 5 : 20,
                {
                    answers = try database.read { try naive.recommend(Self.draft, in: $0) }.count
                }
            ),
            ("reconnect", 20, { answers = try database.read { try $0.questions.reconnect(asOf: Self.asOf) }.count }),
            (
                "search: a name (\"person 4242\")", 200,
                { answers = try database.read { try $0.search("person 4242") }.count }
            ),
            (
                "search: a common word (\"running\": topics, notes)", 50,
                { answers = try database.read { try $0.search("running") }.count }
            ),
            (
                "search: the start of a rare word (\"kalo\")", 200,
                { answers = try database.read { try $0.search("kalo") }.count }
            ),
            ("ledger of one person", 200, { answers = try database.read { try $0.questions.ledger(of: 1) }.given }),
            ("ledger of everyone", 5, { answers = try database.read { try $0.questions.ledger() }.count }),
            ("introductions", 5, { answers = try database.read { try $0.questions.introductions() }.count }),
        ]
        let label = topics == 300 ? "\(people)" : "\(people) (\(topics) topics)"
        print("| \(label) | build the network (one transaction) | \(format(build.median)) | | 1 | | |")
        print(
            "| \(label) | build and store the ranking index (once after a change) | \(format(index.median)) | | 1 | | |"
        )
        for (name, runs, body) in questions {
            let timing = try measure(runs: runs, body)
            print(
                "| \(label) | \(name) | \(format(timing.median)) | \(format(timing.p99)) | \(runs) | \(answers) | \(format(peakMemoryMB(), 0)) |"
            )
        }
    }

    /// Asks both drafts 20 times each on a network kept at `path` (built the first time),
    /// for profiling one part of "who should get this?" without rebuilding the network.
    func profileRecommend(at path: String) throws {
        let exists = FileManager.default.fileExists(atPath: path)
        let database = try Database.openKith(at: .file(path))
        if !exists { try database.write { try SyntheticNetwork(people: people, topics: topics).build(in: $0) } }
        for (name, draft) in [("draft", Self.draft), ("broad", Self.broadDraft)] {
            let timing = try measure(runs: 20) {
                _ = try database.read { try $0.questions.recommend(draft, asOf: Self.asOf) }
            }
            print("\(name): p50 \(format(timing.median)) ms, p99 \(format(timing.p99)) ms")
        }
    }
}
