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
    /// Where each person's points are kept in ``points``.
    private var slots: Slots
    /// Each person's interest points, by slot; 0 for no match.
    private(set) var points: [Double]
    /// Whether each person matched a topic given with the article (not only found in its text).
    private(set) var matchedGiven: [Bool]
    /// The length of each matched person's profile, by slot.
    private var lengths: [Float]

    /// Scores everyone who cares about one of `topics` (each with its confidence), from an
    /// index that holds them.
    init(topics: [Topic.ID: Double], index: RankingIndex) throws {
        self.topics = topics
        self.index = index
        let postings = topics.compactMap { topic, confidence in
            index.topics[topic].map { (postings: $0, confidence: confidence, idf: index.idf(topic)) }
        }
        var slots = Slots(index.personIDs, postings: postings.map(\.postings.count).reduce(0, +))
        for (postings, _, _) in postings where !slots.bySpan {
            postings.forEach { person, _, _ in slots.add(Person.ID(rawValue: person)) }
        }
        var points = [Double](repeating: 0, count: slots.count)
        var matchedGiven = [Bool](repeating: false, count: slots.count)
        var lengths = [Float](repeating: 0, count: slots.count)
        var outOfRange = false
        let saturation = Saturation(typicalLength: index.typicalLength)
        let frozen = slots
        points.withUnsafeMutableBufferPointer { points in
            matchedGiven.withUnsafeMutableBufferPointer { matchedGiven in
                lengths.withUnsafeMutableBufferPointer { lengths in
                    let sums = Sums(hundredths: points, lengths: lengths, matchedGiven: matchedGiven)
                    for (postings, confidence, idf) in postings where !outOfRange {
                        outOfRange = !sums.add(
                            postings, scale: Self.scale(confidence, idf), given: confidence == 1, slots: frozen,
                            saturation: saturation)
                    }
                    for slot in points.indices { points[slot] /= 100 }
                }
            }
        }
        guard !outOfRange else {
            RankingIndex.forget(revision: index.revision)
            throw DatabaseError(
                code: .corrupt,
                message:
                    "ranking_index_topics names a person outside the ids of ranking_index: it was edited by hand; delete the rows of both and Kith rebuilds them"
            )
        }
        self.slots = slots
        self.points = points
        self.matchedGiven = matchedGiven
        self.lengths = lengths
    }

    /// The person whose points are at `slot` of ``points``.
    func person(at slot: Int) -> Person.ID { slots.person(at: slot) }

    /// The slot of `person` in ``points``, if they matched.
    func slot(of person: Person.ID) -> Int? {
        guard let slot = slots.existingSlot(person), slot < points.count, points[slot] > 0 else { return nil }
        return slot
    }

    /// The matches of `people`, strongest first: their interests in the topics, read again
    /// person by person (a few rows), each scored with the profile length met while summing.
    func matches(of people: [Person.ID], in connection: Connection) throws -> [Person.ID: [Match]] {
        var result: [Person.ID: [Match]] = [:]
        for (person, topic, weight) in try connection.fetchAll(
            (Person.ID, Topic.ID, Int).self,
            sql: """
                SELECT i.person_id, i.topic_id, i.weight
                FROM json_each(?) person CROSS JOIN interests i ON i.person_id = person.value
                WHERE i.topic_id IN (SELECT value FROM json_each(?))
                """,
            arguments: [Person.ID.jsonArray(people), Topic.ID.jsonArray(Array(topics.keys))])
        {
            guard let slot = slot(of: person), let confidence = topics[topic] else { continue }
            let points = Saturation(typicalLength: index.typicalLength).points(
                UInt8(clamping: weight), lengths[slot], scale: Self.scale(confidence, index.idf(topic)))
            result[person, default: []].append(Match(topic: topic, weight: weight, points: points))
        }
        return result.mapValues {
            $0.sorted { $0.points != $1.points ? $0.points > $1.points : $0.topic < $1.topic }
        }
    }

    /// The part of an interest's points that is the same for everyone who has the topic.
    @inline(__always) private static func scale(_ confidence: Double, _ idf: Double) -> Double {
        Questions.Scoring.interestPoints * confidence * idf
    }
}

/// The running sums of one question, by slot: the hot loop adds each topic's postings to
/// them, a million interests at most, through buffers so that nothing in it is checked for
/// exclusive access, and with each topic's share of the formula worked out once. Points are
/// summed in whole hundredths (each interest rounded as its reason will carry it), so the
/// loop divides once per interest, not twice.
private struct Sums {
    let hundredths: UnsafeMutableBufferPointer<Double>
    let lengths: UnsafeMutableBufferPointer<Float>
    let matchedGiven: UnsafeMutableBufferPointer<Bool>

    /// Adds the points of every interest in `postings`; false when one names a person with no
    /// slot (only a hand-edited index can).
    func add(
        _ postings: RankingIndex.Postings, scale: Double, given: Bool, slots: Slots, saturation: Saturation
    ) -> Bool {
        postings.withReader { reader in
            // A copy the compiler can keep in registers.
            var reader = reader
            guard let (base, count) = slots.span else {
                while let (person, weight, length) = reader.next() {
                    guard let slot = slots.existingSlot(Person.ID(rawValue: person)) else { return false }
                    record(slot, weight, length, scale: scale, given: given, saturation: saturation)
                }
                return true
            }
            while let (person, weight, length) = reader.next() {
                // One unsigned comparison: an id below `base` wraps to more than any count.
                let offset = UInt64(bitPattern: person &- base)
                guard offset < count else { return false }
                record(Int(offset), weight, length, scale: scale, given: given, saturation: saturation)
            }
            return true
        }
    }

    @inline(__always) private func record(
        _ slot: Int, _ weight: UInt8, _ length: Float, scale: Double, given: Bool, saturation: Saturation
    ) {
        hundredths[slot] += saturation.hundredths(weight, length, scale: scale)
        lengths[slot] = length
        if given { matchedGiven[slot] = true }
    }
}

/// BM25's saturation of a weight for a profile of some length, with what is the same for
/// every interest worked out once: `w (k1 + 1) / (w + k1 (1 − b + b L / avgL))` as
/// `w (k1 + 1) / (w + k1 (1 − b) + (k1 b / avgL) L)`, one division instead of two.
private struct Saturation {
    private let base: Double
    private let perLength: Double

    init(typicalLength: Double) {
        let k1 = Questions.Scoring.weightSaturation
        let b = Questions.Scoring.profileNormalization
        base = k1 * (1 - b)
        perLength = k1 * b / typicalLength
    }

    /// What an interest of this weight scores, rounded as reasons carry it: `scale` (what
    /// is the same for everyone who has the topic) times the saturation.
    func points(_ weight: UInt8, _ length: Float, scale: Double) -> Double {
        hundredths(weight, length, scale: scale) / 100
    }

    /// ``points(_:_:scale:)`` in whole hundredths, which add up without rounding errors.
    @inline(__always) func hundredths(_ weight: UInt8, _ length: Float, scale: Double) -> Double {
        let w = Double(weight)
        let top = (Questions.Scoring.weightSaturation + 1) * w
        return Questions.hundredths(scale * top / (w + base + perLength * Double(length)))
    }
}

/// Where each person's points go in the arrays of one question: at their id less the
/// smallest id with an interest when the ids span few enough (as SQLite gives them), else in
/// the order first met.
private struct Slots {
    private let base: Int64?
    private(set) var count: Int
    private var byPerson: [Person.ID: Int] = [:]
    private var people: [Person.ID] = []

    /// Slots for `postings` interests of people whose ids lie in `ids`.
    init(_ ids: ClosedRange<Int64>, postings: Int) {
        let (span, overflow) = ids.upperBound.subtractingReportingOverflow(ids.lowerBound)
        if !overflow, span < max(1 << 16, 8 * postings) {
            base = ids.lowerBound
            count = Int(span) + 1
        } else {
            base = nil
            count = 0
        }
    }

    /// Whether slots follow ids (else they are given in the order ``add(_:)`` meets people).
    var bySpan: Bool { base != nil }

    /// The smallest id and how many slots there are, when slots follow ids.
    var span: (base: Int64, count: UInt64)? { base.map { ($0, UInt64(count)) } }

    /// Gives `person` a slot if they have none yet (``count`` then grows by one).
    mutating func add(_ person: Person.ID) {
        guard base == nil, byPerson[person] == nil else { return }
        byPerson[person] = count
        people.append(person)
        count += 1
    }

    /// The slot of `person`, if they have one: nil by span for an id outside the index's
    /// range, which only a hand-edited index can hold.
    @inline(__always) func existingSlot(_ person: Person.ID) -> Int? {
        guard let base else { return byPerson[person] }
        // One unsigned comparison: an id below `base` wraps to more than any count.
        let offset = UInt64(bitPattern: person.rawValue &- base)
        return offset < UInt64(count) ? Int(offset) : nil
    }

    func person(at slot: Int) -> Person.ID {
        base.map { Person.ID(rawValue: $0 + Int64(slot)) } ?? people[slot]
    }
}
