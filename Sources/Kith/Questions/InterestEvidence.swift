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
                outOfRange = !sums.add(
                    interested.map { ($0.people, Self.scale($0.confidence, $0.idf), $0.confidence == 1) },
                    slots: frozen)
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
/// carry it), so that they add up exactly, in any order.
private struct Sums {
    let hundredths: UnsafeMutableBufferPointer<Double>
    let matchedGiven: UnsafeMutableBufferPointer<Bool>

    /// One topic's interests, with the points of a saturation of 1 and whether it was given.
    typealias Topic = (interested: RankingIndex.Interested, scale: Double, given: Bool)

    /// How many slots are summed at a time when slots follow ids: 32 KB of sums, which stay
    /// in the processor's nearest cache while every topic's people in them are added.
    static let block = 4096

    /// Adds the points of everyone in `topics`; false when one has no slot (only a
    /// hand-edited index can).
    ///
    /// A popular topic's people are spread over every slot, so adding one topic after another
    /// would walk all the sums once per topic, from memory. When slots follow ids, each
    /// topic's people (ascending ids) are instead added a ``block`` of slots at a time, every
    /// topic's part of a block before the next block.
    func add(_ topics: [Topic], slots: Slots) -> Bool {
        guard let (base, count) = slots.span, let sums = hundredths.baseAddress, let marks = matchedGiven.baseAddress
        else { return topics.allSatisfy { add($0, slots: slots) } }
        var next = [Int](repeating: 0, count: topics.count)
        var end: UInt64 = 0
        while end < count {
            end = min(count, end + UInt64(Self.block))
            for (topic, (interested, scale, given)) in topics.enumerated() {
                let hundredthsScale = scale * 100
                interested.people.withUnsafeBufferPointer { people in
                    interested.saturations.withUnsafeBufferPointer { saturations in
                        let entries = min(people.count, saturations.count)
                        var index = next[topic]
                        while index < entries {
                            // One unsigned comparison: an id below `base` wraps to more than any count.
                            let offset = UInt64(bitPattern: people[index] &- base)
                            guard offset < end else { break }
                            sums[Int(offset)] += Questions.roundedHalfAway(hundredthsScale * Double(saturations[index]))
                            if given { marks[Int(offset)] = true }
                            index += 1
                        }
                        next[topic] = index
                    }
                }
            }
        }
        // Anyone left over has an id outside the slots.
        return zip(topics, next).allSatisfy { topic, next in
            next == min(topic.interested.people.count, topic.interested.saturations.count)
        }
    }

    /// Adds the points of everyone in one topic, through the slots' table.
    private func add(_ topic: Topic, slots: Slots) -> Bool {
        let (interested, scale, given) = topic
        for index in 0..<min(interested.people.count, interested.saturations.count) {
            guard let slot = slots.existingSlot(Person.ID(rawValue: interested.people[index])) else { return false }
            hundredths[slot] += Questions.roundedHalfAway(scale * 100 * Double(interested.saturations[index]))
            if given { matchedGiven[slot] = true }
        }
        return true
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
