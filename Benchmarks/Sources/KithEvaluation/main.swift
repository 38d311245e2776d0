// Judges "who should get this?" on a public data set of people and their libraries, against
// the classical baselines computed in the same run from exactly what Kith is given.
// From Benchmarks/:
//   swift run -c release KithEvaluation [--data DIR] [--items N] [--seed S]
// DIR defaults to ../shared/eval/citeulike-a beside the repository; without it, one line
// says so and nothing runs. EVALUATION.md holds the figures and what each change did.
import Foundation
import Kith

var options = (
    data: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appending(path: "../../../../shared/eval/citeulike-a").standardizedFileURL,
    items: 300, seed: UInt64(7)
)
var arguments = Array(CommandLine.arguments.dropFirst())
while arguments.count >= 2 {
    let (flag, value) = (arguments.removeFirst(), arguments.removeFirst())
    switch flag {
    case "--data": options.data = URL(fileURLWithPath: value)
    case "--items": options.items = Int(value) ?? options.items
    case "--seed": options.seed = UInt64(value) ?? options.seed
    default: throw EvaluationError("unknown option \(flag); use --data DIR, --items N, --seed S")
    }
}
guard FileManager.default.fileExists(atPath: options.data.appending(path: "users.dat.gz").path) else {
    print("No evaluation data at \(options.data.path) (users.dat.gz): nothing evaluated.")
    exit(0)
}

let data = try LibraryDataSet(folder: options.data)
let split = Split(data, count: options.items, seed: options.seed)
let asOf = try Day("2026-01-01")
print(
    "Data: \(data.libraries.count) people, \(data.itemTags.count) items, \(data.tagNames.count) tags; "
        + "held out: \(split.tune.count) items to tune on, \(split.test.count) to report; seed \(options.seed).")
print(
    "Profiles: \(split.profiles.map(\.count).reduce(0, +)) interests "
        + "(median \(split.profiles.map(\.count).sorted()[split.profiles.count / 2]) a person).")

/// A Kith database of everyone's profile, and for the history track the items left in as
/// resources (topics: their tags) received from the people who hold them.
@MainActor func kithDatabase(_ path: String, history: Bool) throws -> (Database, [Person.ID: Int]) {
    try? FileManager.default.removeItem(atPath: path)
    let database = try Database.openKith(at: .file(path))
    var people: [Person.ID: Int] = [:]
    try database.write { connection in
        var ids: [Person.ID] = []
        for (index, profile) in split.profiles.enumerated() {
            let interests = profile.sorted { $0.key < $1.key }.map {
                NewInterest(topic: data.tagNames[$0.key], weight: $0.value, learnedOn: asOf)
            }
            let id = try connection.people.add(NewPerson(name: "Person \(index)", interests: interests)).id
            ids.append(id)
            people[id] = index
        }
        guard history else { return }
        var resources: [Int: Resource.ID] = [:]
        for (index, library) in split.libraries.enumerated() {
            for item in library {
                if resources[item] == nil {
                    resources[item] = try connection.resources.add(
                        title: "Item \(item)", topics: data.itemTags[item].map { data.tagNames[$0] }
                    ).id
                }
                try connection.resources.share(
                    resources[item]!, .received, with: ids[index], on: asOf.adding(days: -200))
            }
        }
    }
    return (database, people)
}

let folder = FileManager.default.temporaryDirectory.appending(path: "kith-evaluation-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let (profilesDatabase, profilesPeople) = try kithDatabase(
    folder.appending(path: "profiles.sqlite").path, history: false)
let (historyDatabase, historyPeople) = try kithDatabase(folder.appending(path: "history.sqlite").path, history: true)
let baselines = Baselines(profiles: split.profiles)
let neighbours = ItemNeighbours(libraries: split.libraries, itemTags: data.itemTags)

@MainActor func kith(_ database: Database, _ people: [Person.ID: Int], _ query: [Int]) throws -> [Int] {
    let draft = ResourceDraft(title: "", topics: query.map { data.tagNames[$0] })
    return try database.read { try $0.questions.recommend(draft, limit: 50, asOf: asOf) }.compactMap {
        people[$0.personID]
    }
}

@MainActor func evaluate(_ items: [Int], form: Int?) throws -> (profiles: [MethodResult], history: [MethodResult]) {
    var results: [String: [Scores]] = [:]
    var seconds: [String: Double] = [:]
    for item in items {
        let query = Split.query(item, data.itemTags, limit: form, seed: options.seed)
        let relevant = split.holders[item]!
        func record(_ name: String, _ ranked: () throws -> [Int]) rethrows {
            let start = ContinuousClock.now
            let answer = try ranked()
            seconds[name, default: 0] +=
                Double((ContinuousClock.now - start).components.attoseconds) / 1e18
                + Double((ContinuousClock.now - start).components.seconds)
            results[name, default: []].append(Scores(ranked: answer, relevant: relevant))
        }
        record("random") { Scores.ranking(baselines.random(item, seed: options.seed)) }
        record("tag overlap (Kith before)") { Scores.ranking(baselines.overlap(query)) }
        record("overlap × IDF") { Scores.ranking(baselines.overlapIDF(query)) }
        record("TF-IDF cosine") { Scores.ranking(baselines.cosine(query)) }
        record("BM25") { Scores.ranking(baselines.bm25(query)) }
        try record("Kith") { try kith(profilesDatabase, profilesPeople, query) }
        record("item neighbours") { Scores.ranking(neighbours.scores(query)) }
        try record("Kith with history") { try kith(historyDatabase, historyPeople, query) }
    }
    let result = { (name: String) in MethodResult(name: name, perQuestion: results[name]!) }
    let profileNames = ["random", "tag overlap (Kith before)", "overlap × IDF", "TF-IDF cosine", "BM25", "Kith"]
    let historyNames = profileNames.dropLast() + ["item neighbours", "Kith with history"]
    FileHandle.standardError.write(
        Data(
            ("mean ms a question: "
                + seconds.sorted { $0.key < $1.key }
                .map { "\($0.key) \(String(format: "%.1f", $0.value * 1000 / Double(items.count)))" }.joined(
                    separator: ", ") + "\n").utf8))
    return (profileNames.map(result), historyNames.map(result))
}

@MainActor func report(
    _ title: String, _ methods: [MethodResult], kith: String, against ownProfiles: MethodResult? = nil
) {
    print("\n\(title)\n")
    print("| method | nDCG@10 | P@10 | R@50 | no answer |")
    print("|---|---:|---:|---:|---:|")
    for method in methods {
        print(
            "| \(method.name) | \(String(format: "%.4f", method.mean(\.ndcg10))) | \(String(format: "%.4f", method.mean(\.precision10))) "
                + "| \(String(format: "%.4f", method.mean(\.recall50))) | \(String(format: "%.3f", method.mean(\.noAnswer))) |"
        )
    }
    let ours = methods.first { $0.name == kith }!
    let best = methods.filter { $0.name != kith && $0.name != "Kith" }.max { $0.mean(\.ndcg10) < $1.mean(\.ndcg10) }!
    let (low, high) = ours.ndcgDifferenceInterval(against: best, seed: options.seed)
    print(
        "\n\(kith) ÷ best baseline (\(best.name)): \(String(format: "%.3f", ours.mean(\.ndcg10) / best.mean(\.ndcg10)))×; "
            + "difference in nDCG@10, 95% paired bootstrap: \(String(format: "%+.4f", low)) to \(String(format: "%+.4f", high))"
    )
    if let ownProfiles {
        print(
            "\(kith) ÷ Kith on profiles only: \(String(format: "%.3f", ours.mean(\.ndcg10) / ownProfiles.mean(\.ndcg10)))×"
        )
    }
}

for (part, items) in [("tune", split.tune), ("test", split.test)] {
    for (formName, form) in [("5 of its tags", Optional(5)), ("all its tags", nil)] {
        let (profiles, history) = try evaluate(items, form: form)
        report("### \(part) part, the item with \(formName): profiles only", profiles, kith: "Kith")
        report(
            "### \(part) part, the item with \(formName): profiles and history", history, kith: "Kith with history",
            against: profiles.last!)
    }
}
