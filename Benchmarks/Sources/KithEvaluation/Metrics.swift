import Foundation
import Kith
import KithTestSupport

/// How good one ranking is for one held-out item, against who really had it.
struct Scores {
    var ndcg10 = 0.0
    var precision10 = 0.0
    var recall50 = 0.0
    var noAnswer = 0.0

    /// `ranked`: people best first (only those with a reason, at most 50).
    init(ranked: [Int], relevant: Set<Int>) {
        let gains = ranked.prefix(10).enumerated().map {
            relevant.contains($0.element) ? 1 / log2(Double($0.offset) + 2) : 0
        }
        let ideal = (0..<min(10, relevant.count)).map { 1 / log2(Double($0) + 2) }.reduce(0, +)
        ndcg10 = gains.reduce(0, +) / ideal
        precision10 = Double(ranked.prefix(10).filter(relevant.contains).count) / 10
        recall50 = Double(ranked.prefix(50).filter(relevant.contains).count) / Double(relevant.count)
        noAnswer = ranked.isEmpty ? 1 : 0
    }

    init() {}

    /// People with a positive score, best first, ties by id: at most 50.
    static func ranking(_ scores: [Int: Double]) -> [Int] {
        scores.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(
            50
        ).map(\.key)
    }
}

/// The scores of one method over every question of a part, and their means.
struct MethodResult {
    let name: String
    let perQuestion: [Scores]

    func mean(_ metric: KeyPath<Scores, Double>) -> Double {
        perQuestion.map { $0[keyPath: metric] }.reduce(0, +) / Double(max(1, perQuestion.count))
    }

    /// A 95% paired-bootstrap interval of (this − other) in mean nDCG@10 (seeded, 2,000 resamples).
    func ndcgDifferenceInterval(against other: MethodResult, seed: UInt64) -> (Double, Double) {
        let differences = zip(perQuestion, other.perQuestion).map { $0.ndcg10 - $1.ndcg10 }
        var random = SplitMix64(seed: seed)
        let means = (0..<2_000).map { _ in
            (0..<differences.count).map { _ in differences[random.next(differences.count)] }.reduce(0, +)
                / Double(differences.count)
        }.sorted()
        return (means[50], means[1_949])
    }
}
