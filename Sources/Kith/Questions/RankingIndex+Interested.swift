import Foundation

extension RankingIndex {
    /// Who cares about one topic, ready to sum: their ids, ascending, each one's weight, and
    /// what that weight saturates to for the length of their profile (BM25's
    /// `w (k1 + 1) / (w + k1 (1 − b + b L / avgL))`, ``Saturation``), worked out once per index
    /// rather than once per question. In the file (migration 0014) they are packed as
    /// ``Postings`` whose float is the saturation.
    struct Interested: Sendable {
        let people: [Int64]
        let weights: [UInt8]
        let saturations: [Float]

        /// How many people care about the topic.
        var count: Int { people.count }

        /// `people` (ascending ids) with their weights and saturations.
        init(_ people: [(id: Int64, weight: UInt8, saturation: Float)]) {
            self.people = people.map(\.id)
            weights = people.map(\.weight)
            saturations = people.map(\.saturation)
        }

        /// Unpacks postings as the file holds them: once per topic and process, into arrays
        /// filled in place (every interest of a popular topic passes here).
        init(_ postings: Postings) {
            var (weights, saturations) = ([UInt8](), [Float]())
            var read = 0
            let count = max(0, postings.count)  // as the row says; a damaged one may hold fewer
            people = [Int64](unsafeUninitializedCapacity: count) { people, peopleRead in
                weights = [UInt8](unsafeUninitializedCapacity: count) { weights, weightsRead in
                    saturations = [Float](unsafeUninitializedCapacity: count) { saturations, saturationsRead in
                        postings.bytes.withUnsafeBytes { raw in
                            var reader = Postings.Reader(raw: raw)
                            while read < people.count, let (id, weight, saturation) = reader.next() {
                                people.initializeElement(at: read, to: id)
                                weights.initializeElement(at: read, to: weight)
                                saturations.initializeElement(at: read, to: saturation)
                                read += 1
                            }
                        }
                        saturationsRead = read
                    }
                    weightsRead = read
                }
                peopleRead = read
            }
            self.weights = weights
            self.saturations = saturations
        }

        /// Packed as the file holds them.
        var postings: Postings {
            Postings((0..<count).map { (people[$0], weights[$0], saturations[$0]) })
        }

        /// The weight and saturation of `person`'s interest, if they have it: a binary search.
        func interest(of person: Int64) -> (weight: UInt8, saturation: Float)? {
            let low = people.lowerBound { $0 < person }
            guard low < people.count, people[low] == person else { return nil }
            return (weights[low], saturations[low])
        }
    }
}

/// BM25's saturation of a weight for a profile of some length,
/// `w (k1 + 1) / (w + k1 (1 − b + b L / avgL))`, as a float: what the ranking index keeps for
/// each interest (see ``Questions/Scoring``).
struct Saturation {
    private let base: Double
    private let perLength: Double

    init(typicalLength: Double) {
        let k1 = Questions.Scoring.weightSaturation
        let b = Questions.Scoring.profileNormalization
        base = k1 * (1 - b)
        perLength = k1 * b / typicalLength
    }

    /// What `weight` saturates to in a profile of `length`.
    func callAsFunction(_ weight: UInt8, length: Double) -> Float {
        let w = Double(weight)
        return Float((Questions.Scoring.weightSaturation + 1) * w / (w + base + perLength * length))
    }
}
