import Foundation
import Kith
import KithTestSupport

/// A data set of people and the items in their libraries, each item with tags, in the
/// citeulike-a format (README of ../shared/eval/citeulike-a): `users.dat.gz` (per person:
/// a count, then item ids), `item-tag.dat.gz` (per item: a count, then tag ids) and
/// `tags.dat.gz` (one tag's text per line). Ids are 0-based line numbers.
struct LibraryDataSet {
    let libraries: [[Int]]
    let itemTags: [[Int]]
    let tagNames: [String]

    init(folder: URL) throws {
        libraries = try Self.lines(folder.appending(path: "users.dat.gz")).map(Self.idsAfterCount)
        itemTags = try Self.lines(folder.appending(path: "item-tag.dat.gz")).map {
            Array(Set(Self.idsAfterCount($0))).sorted()
        }
        tagNames = try Self.lines(folder.appending(path: "tags.dat.gz"))
    }

    /// "3 12 40 7" → [12, 40, 7].
    private static func idsAfterCount(_ line: String) -> [Int] {
        line.split(separator: " ").dropFirst().compactMap { Int($0) }
    }

    /// The lines of a gzip file, read through `gzip -dc` (found on the PATH).
    private static func lines(_ file: URL) throws -> [String] {
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        gzip.arguments = ["gzip", "-dc", file.path]
        let pipe = Pipe()
        gzip.standardOutput = pipe
        try gzip.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        gzip.waitUntilExit()
        guard gzip.terminationStatus == 0 else { throw EvaluationError("could not read \(file.path) with gzip -dc") }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// What the harness holds out and what it gives Kith and the baselines, built without
/// looking at any held-out item: profiles and history come only from the items left in.
struct Split {
    /// Held-out items for tuning, and for the report.
    let tune: [Int]
    let test: [Int]
    /// Who really had each held-out item.
    let holders: [Int: Set<Int>]
    /// Each person's library without any held-out item.
    let libraries: [[Int]]
    /// Each person's interests: tag id → weight 1–5.
    let profiles: [[Int: Int]]

    /// Items held by at least 3 people and with at least 5 tags are eligible; `count` of them
    /// (chosen with `seed`) are the tuning part and `count` more the test part.
    init(_ data: LibraryDataSet, count: Int, seed: UInt64) {
        var holders: [Int: Set<Int>] = [:]
        for (person, library) in data.libraries.enumerated() {
            for item in library { holders[item, default: []].insert(person) }
        }
        var eligible = (0..<data.itemTags.count).filter {
            (holders[$0]?.count ?? 0) >= 3 && data.itemTags[$0].count >= 5
        }
        var random = SplitMix64(seed: seed)
        eligible.shuffle(using: &random)
        tune = Array(eligible.prefix(count))
        test = Array(eligible.dropFirst(count).prefix(count))
        let heldOut = Set(tune + test)
        self.holders = holders.filter { heldOut.contains($0.key) }
        libraries = data.libraries.map { $0.filter { !heldOut.contains($0) } }
        profiles = libraries.map { Self.profile(of: $0, data.itemTags) }
    }

    /// A person's interests as a person would state them: the tags on at least two of their
    /// papers (at most the 100 most used), weighted 1–5 by how often, relative to their most used.
    static func profile(of library: [Int], _ itemTags: [[Int]]) -> [Int: Int] {
        var counts: [Int: Int] = [:]
        for item in library { for tag in itemTags[item] { counts[tag, default: 0] += 1 } }
        let kept = counts.filter { $0.value >= 2 }.sorted {
            $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }.prefix(100)
        guard let most = kept.first?.value else { return [:] }
        return Dictionary(
            uniqueKeysWithValues: kept.map { ($0.key, max(1, Int((5 * Double($0.value) / Double(most)).rounded(.up)))) }
        )
    }

    /// The question for an item: all of its tags, or `limit` of them chosen with `seed`.
    static func query(_ item: Int, _ itemTags: [[Int]], limit: Int?, seed: UInt64) -> [Int] {
        guard let limit else { return itemTags[item] }
        var random = SplitMix64(seed: seed &+ UInt64(item))
        return Array(itemTags[item].shuffled(using: &random).prefix(limit)).sorted()
    }
}

struct EvaluationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
