import Foundation

/// How strongly each person's interests say they would want an article about some topics:
/// BM25 over weighted interests, with each topic weighed by how rare it is among my people
/// and each person's profile measured by how much specific interest it declares.
///
/// For a topic `t` matched with confidence `c` (1 when given, less when detected) and a
/// person who weighs it `w`:
///
///     points = interestPoints × c × idf(t) × w (k1 + 1) / (w + k1 (1 − b + b L / avgL))
///     idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
///
/// where `N` is the number of people (each a document, as in BM25, even with no interest),
/// `n(t)` how many of them care about `t`, `L` the length of the person's profile
/// (`√Σ (w × idf)²` over all their interests, as in cosine similarity) and `avgL` the root
/// mean square of everyone's length. See ``Questions/Scoring``.
///
/// Everyone who cares about one of the topics is scored, from the ``RankingIndex``: a sum
/// over packed arrays, not a read of their profiles.
struct InterestEvidence {
    /// One interest of a person in one of the article's topics, and what it scores.
    struct Match {
        let topic: Topic.ID
        let weight: Int
        let points: Double
    }

    private let index: RankingIndex
    private let topics: [Topic.ID: Double]
    /// Each person's interest points, by their place in the index; 0 for no match.
    private(set) var points: [Double]
    /// Whether each person matched a topic given with the article (not only found in its text).
    private(set) var matchedGiven: [Bool]

    /// Scores everyone who cares about one of `topics` (each with its confidence).
    init(topics: [Topic.ID: Double], in connection: Connection) throws {
        self.topics = topics
        index = try topics.isEmpty ? RankingIndex.empty : RankingIndex.current(for: topics.keys, in: connection)
        points = [Double](repeating: 0, count: index.personIDs.count)
        matchedGiven = [Bool](repeating: false, count: index.personIDs.count)
        for (topic, confidence) in topics {
            guard let postings = index.topics[topic] else { continue }
            let idf = index.idf(topic)
            for (place, weight) in zip(postings.places, postings.weights) {
                let place = Int(place)
                points[place] += score(weight, confidence: confidence, idf: idf, length: index.lengths[place])
                if confidence == 1 { matchedGiven[place] = true }
            }
        }
    }

    /// The person at each place of ``points``.
    var personIDs: [Person.ID] { index.personIDs }

    /// The place of `person` in ``points``, if they have an interest.
    func place(of person: Person.ID) -> Int? { index.place(of: person) }

    /// The matches of `people`, strongest first.
    func matches(of people: [Person.ID]) -> [Person.ID: [Match]] {
        var wanted = [Bool](repeating: false, count: index.personIDs.count)
        for place in people.compactMap(place(of:)) { wanted[place] = true }
        var result: [Person.ID: [Match]] = [:]
        for (topic, confidence) in topics {
            guard let postings = index.topics[topic] else { continue }
            let idf = index.idf(topic)
            for (place, weight) in zip(postings.places, postings.weights) where wanted[Int(place)] {
                let points = score(weight, confidence: confidence, idf: idf, length: index.lengths[Int(place)])
                result[index.personIDs[Int(place)], default: []].append(
                    Match(topic: topic, weight: Int(weight), points: points))
            }
        }
        return result.mapValues {
            $0.sorted { $0.points != $1.points ? $0.points > $1.points : $0.topic < $1.topic }
        }
    }

    /// What an interest of this weight scores, rounded as reasons carry it.
    private func score(_ weight: UInt8, confidence: Double, idf: Double, length: Double) -> Double {
        let k1 = Questions.Scoring.weightSaturation
        let b = Questions.Scoring.profileNormalization
        let w = Double(weight)
        let normalization: Double = 1 - b + b * length / index.typicalLength
        let saturation: Double = w * (k1 + 1) / (w + k1 * normalization)
        return Questions.rounded(Questions.Scoring.interestPoints * confidence * idf * saturation)
    }
}
