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
/// over arrays, with each interest's saturation (the fraction above, without `c × idf(t)`)
/// worked out when the index was built, not a read of their profiles.
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

    /// Scores everyone who cares about one of `topics` (each with its confidence), from an
    /// index that holds them.
    init(topics: [Topic.ID: Double], index: RankingIndex) throws {
        self.topics = topics
        self.index = index
        let interested = topics.compactMap { topic, confidence in
            index.topics[topic].map { (people: $0, confidence: confidence, idf: index.idf(topic)) }
        }
        var slots = Slots(index.personIDs, postings: interested.map(\.people.count).reduce(0, +))
        for (people, _, _) in interested where slots.span == nil {
            people.people.forEach { slots.add(Person.ID(rawValue: $0)) }
        }
        var points = [Double](repeating: 0, count: slots.count)
        var matchedGiven = [Bool](repeating: false, count: slots.count)
        var outOfRange = false
        let frozen = slots
        points.withUnsafeMutableBufferPointer { points in
            matchedGiven.withUnsafeMutableBufferPointer { matchedGiven in
                let sums = Sums(hundredths: points, matchedGiven: matchedGiven)
                for (people, confidence, idf) in interested where !outOfRange {
                    outOfRange = !sums.add(
                        people, scale: Self.scale(confidence, idf), given: confidence == 1, slots: frozen)
                }
                for slot in points.indices { points[slot] /= 100 }
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
    }

    /// The person whose points are at `slot` of ``points``.
    func person(at slot: Int) -> Person.ID { slots.person(at: slot) }

    /// The slot of `person` in ``points``, if they matched.
    func slot(of person: Person.ID) -> Int? {
        guard let slot = slots.existingSlot(person), slot < points.count, points[slot] > 0 else { return nil }
        return slot
    }

    /// The matches of `people`, strongest first: each one's interests in the topics, found in
    /// the index by binary search and scored as they were summed.
    func matches(of people: [Person.ID]) -> [Person.ID: [Match]] {
        var result: [Person.ID: [Match]] = [:]
        for person in people where slot(of: person) != nil {
            var matches: [Match] = []
            for (topic, confidence) in topics {
                guard let (weight, saturation) = index.topics[topic]?.interest(of: person.rawValue) else { continue }
                let points =
                    Questions.roundedHalfAway(Self.scale(confidence, index.idf(topic)) * 100 * Double(saturation)) / 100
                matches.append(Match(topic: topic, weight: Int(weight), points: points))
            }
            result[person] = matches.sorted { $0.points != $1.points ? $0.points > $1.points : $0.topic < $1.topic }
        }
        return result
    }

    /// The part of an interest's points that is the same for everyone who has the topic.
    @inline(__always) private static func scale(_ confidence: Double, _ idf: Double) -> Double {
        Questions.Scoring.interestPoints * confidence * idf
    }
}

/// The running sums of one question, by slot: the hot loop adds each topic's interests to
/// them, a million at most, through buffers so that nothing in it is checked for exclusive
/// access. Points are summed in whole hundredths (each interest rounded as its reason will
/// carry it), so that they add up exactly.
private struct Sums {
    let hundredths: UnsafeMutableBufferPointer<Double>
    let matchedGiven: UnsafeMutableBufferPointer<Bool>

    /// Adds the points of everyone in `interested`; false when one has no slot (only a
    /// hand-edited index can).
    func add(_ interested: RankingIndex.Interested, scale: Double, given: Bool, slots: Slots) -> Bool {
        let hundredthsScale = scale * 100
        return interested.people.withUnsafeBufferPointer { people in
            interested.saturations.withUnsafeBufferPointer { saturations in
                let entries = min(people.count, saturations.count)
                guard let (base, count) = slots.span, let sums = hundredths.baseAddress,
                    let marks = matchedGiven.baseAddress
                else {
                    for index in 0..<entries {
                        guard let slot = slots.existingSlot(Person.ID(rawValue: people[index])) else { return false }
                        hundredths[slot] += Questions.roundedHalfAway(hundredthsScale * Double(saturations[index]))
                        if given { matchedGiven[slot] = true }
                    }
                    return true
                }
                for index in 0..<entries {
                    // One unsigned comparison: an id below `base` wraps to more than any count.
                    let offset = UInt64(bitPattern: people[index] &- base)
                    guard offset < count else { return false }
                    sums[Int(offset)] += Questions.roundedHalfAway(hundredthsScale * Double(saturations[index]))
                    if given { marks[Int(offset)] = true }
                }
                return true
            }
        }
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

    /// The smallest id and how many slots there are, when slots follow ids (else they are
    /// given in the order ``add(_:)`` meets people).
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
