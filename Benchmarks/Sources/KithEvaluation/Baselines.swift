import Foundation
import Kith
import KithTestSupport

/// The classical answers to "who should get this?", computed from exactly what Kith is
/// given: each person's weighted interests (tag → weight) and, for the history track, the
/// items that passed between us with their tags.
struct Baselines {
    let profiles: [[Int: Int]]
    private var postings: [Int: [(person: Int, weight: Double)]] = [:]
    private let people: Double
    private var norms: [Double] = []
    private var lengths: [Double] = []
    private let averageLength: Double

    init(profiles: [[Int: Int]]) {
        self.profiles = profiles
        for (person, profile) in profiles.enumerated() {
            for (tag, weight) in profile { postings[tag, default: []].append((person, Double(weight))) }
        }
        people = Double(profiles.count)
        lengths = profiles.map { Double($0.values.reduce(0, +)) }
        averageLength = lengths.reduce(0, +) / max(1, people)
        // Sums run in tag order, so that ties come out alike in every process.
        norms = profiles.map { profile in
            sqrt(
                profile.sorted { $0.key < $1.key }
                    .map { tag, weight in pow(Double(weight) * log(people / Double(postings[tag]?.count ?? 1)), 2) }
                    .reduce(0, +))
        }
    }

    private func idf(_ tag: Int) -> Double { log(people / Double(postings[tag]!.count)) }

    private func sum(_ query: [Int], _ points: (Int, Int, Double) -> Double) -> [Int: Double] {
        var scores: [Int: Double] = [:]
        for tag in Set(query).sorted() where postings[tag] != nil {
            for (person, weight) in postings[tag]! { scores[person, default: 0] += points(tag, person, weight) }
        }
        return scores
    }

    /// Every person in a random order (seeded per question).
    func random(_ item: Int, seed: UInt64) -> [Int: Double] {
        var random = SplitMix64(seed: seed &+ UInt64(item))
        return Dictionary(uniqueKeysWithValues: profiles.indices.map { ($0, Double(random.next(1_000_000) + 1)) })
    }

    /// Tag overlap: the sum of the person's weights on the question's tags (Kith before this model).
    func overlap(_ query: [Int]) -> [Int: Double] { sum(query) { _, _, weight in weight } }

    /// Overlap × IDF: each weight times ln(N / df).
    func overlapIDF(_ query: [Int]) -> [Int: Double] { sum(query) { tag, _, weight in weight * idf(tag) } }

    /// TF-IDF cosine between the person's weighted profile and the question's tags.
    func cosine(_ query: [Int]) -> [Int: Double] {
        let tags = Set(query).sorted().filter { postings[$0] != nil }
        let queryNorm = sqrt(tags.map { pow(idf($0), 2) }.reduce(0, +))
        return sum(query) { tag, person, weight in weight * idf(tag) * idf(tag) / (norms[person] * queryNorm) }
    }

    /// Okapi BM25 with its usual k1 = 1.2, b = 0.75; the profile's length is its weight sum.
    func bm25(_ query: [Int]) -> [Int: Double] {
        sum(query) { tag, person, weight in
            let n = Double(postings[tag]!.count)
            let idf = log(1 + (people - n + 0.5) / (n + 0.5))
            return idf * weight * 2.2 / (weight + 1.2 * (0.25 + 0.75 * lengths[person] / averageLength))
        }
    }
}

/// The item-based neighbour method: the people who hold the items most similar to this one
/// (TF-IDF cosine of their tags), each item adding its similarity.
struct ItemNeighbours {
    let neighbours = 50
    private var itemsByTag: [Int: [Int]] = [:]
    private var holders: [Int: [Int]] = [:]
    private var norms: [Int: Double] = [:]
    private let items: Double

    init(libraries: [[Int]], itemTags: [[Int]]) {
        for (person, library) in libraries.enumerated() {
            for item in library { holders[item, default: []].append(person) }
        }
        for item in holders.keys {
            for tag in itemTags[item] { itemsByTag[tag, default: []].append(item) }
        }
        items = Double(holders.count)
        for item in holders.keys {
            norms[item] = sqrt(itemTags[item].map { pow(Self.idf(items, itemsByTag[$0]!.count), 2) }.reduce(0, +))
        }
    }

    private static func idf(_ items: Double, _ count: Int) -> Double { log(items / Double(count)) }

    func scores(_ query: [Int]) -> [Int: Double] {
        let tags = Set(query).sorted().filter { itemsByTag[$0] != nil }
        let queryNorm = sqrt(tags.map { pow(Self.idf(items, itemsByTag[$0]!.count), 2) }.reduce(0, +))
        var overlap: [Int: Double] = [:]
        for tag in tags {
            let weight = pow(Self.idf(items, itemsByTag[tag]!.count), 2)
            for item in itemsByTag[tag]! { overlap[item, default: 0] += weight }
        }
        let similarities: [(item: Int, similarity: Double)] = overlap.compactMap { item, overlap in
            let similarity = overlap / (norms[item]! * queryNorm)
            return similarity > 0 && similarity.isFinite ? (item, similarity) : nil
        }
        let similar = similarities.sorted { a, b in
            a.similarity != b.similarity ? a.similarity > b.similarity : a.item < b.item
        }.prefix(neighbours)
        var scores: [Int: Double] = [:]
        for (item, similarity) in similar {
            for person in holders[item]! { scores[person, default: 0] += similarity }
        }
        return scores
    }
}
