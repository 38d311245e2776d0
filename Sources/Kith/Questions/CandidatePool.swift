/// The people who may still be suggested, with what they have scored so far, for a top-N
/// answer that reads only what can change it.
///
/// Every signal has a known ceiling, so once `limit` people are sure to score at least
/// ``floor``, anyone who cannot reach it can be left unread. Modifiers (restraint,
/// reciprocity, drift) move a score by at most what ``Questions/Scoring`` says, and are
/// computed last, only for the people whose ceiling still reaches the floor.
///
/// When the article has given topics, people whose only evidence is a topic found in its
/// text rank after everyone else (see ``Questions/recommend(_:limit:asOf:)-(ResourceDraft,_,_)``),
/// so only people with other evidence, the first tier, set the floor.
struct CandidatePool {
    let limit: Int
    let ineligible: Set<Person.ID>
    /// Read everything, pruning nothing: the reference the pruned answer must equal.
    let exhaustive: Bool
    /// True when people with nothing but detected topics form a second tier.
    let tiered: Bool
    /// The points each person has scored so far.
    private(set) var points: [Person.ID: Double] = [:]
    /// The people known to be in the first tier (everyone, when the pool is not tiered);
    /// each of them has ``points``.
    private(set) var firstTier: Set<Person.ID> = []
    /// The reasons found so far other than interests and history (which are read again for
    /// the finalists), in the order found.
    private var found: [(person: Person.ID, reason: Reason)] = []

    /// The most the modifiers can add, and the most they can take away.
    static let modifierCeiling = Questions.Scoring.reciprocityPoints + Questions.Scoring.maximumDriftPoints
    static let modifierFloor = Questions.Scoring.maximumRestraintPoints

    init(limit: Int, ineligible: Set<Person.ID>, exhaustive: Bool, tiered: Bool) {
        self.limit = limit
        self.ineligible = ineligible
        self.exhaustive = exhaustive
        self.tiered = tiered
    }

    /// Adds reasons other than interests (notes, shared commitments): first-tier evidence.
    mutating func add(_ reasons: [(person: Person.ID, reason: Reason)]) {
        points.reserveCapacity(points.count + reasons.count)
        firstTier.reserveCapacity(firstTier.count + reasons.count)
        for (person, reason) in reasons where !ineligible.contains(person) {
            found.append((person, reason))
            points[person, default: 0] += reason.points
            firstTier.insert(person)
        }
    }

    /// The reasons added for each of `people` (see ``add(_:)``), in the order found.
    func reasons(of people: [Person.ID]) -> [Person.ID: [Reason]] {
        let wanted = Set(people)
        var result: [Person.ID: [Reason]] = [:]
        for (person, reason) in found where wanted.contains(person) {
            result[person, default: []].append(reason)
        }
        return result
    }

    /// Adds points whose reasons are made later, for the finalists (interests, history);
    /// `firstTier` says whether they are more than topics found in the text.
    mutating func add(_ person: Person.ID, points: Double, firstTier: Bool) {
        guard !ineligible.contains(person) else { return }
        self.points[person, default: 0] += points
        if firstTier || !tiered { self.firstTier.insert(person) }
    }

    /// The slots of ``InterestEvidence/points`` that may hold a finalist by their interests
    /// alone: everyone whose interest points, with `headroom` (what notes may still add) and
    /// the most the modifiers add, reach the floor that the best `limit` eligible first-tier
    /// interest scores set. Other evidence only adds points, so the pool's floor can only be
    /// higher; ``add(_:leaders:history:headroom:)`` looks no further than these. Reads the
    /// pool's rules, not its points, so it can run while other evidence is being found.
    func leaders(of interests: InterestEvidence, headroom: Double) -> [Int] {
        var best: [Double] = []
        keepBest(interests.points.indices, of: interests, in: &best)
        let entry = max(reach(best, headroom: headroom), .leastNonzeroMagnitude)
        return interests.points.indices.filter { interests.points[$0] >= entry }
    }

    /// Adds the interest and history points of the people who can still reach the top: those
    /// already in the pool, and those whose score so far, with `headroom` (what notes may
    /// still add) and the most the modifiers add, reaches the floor that the best `limit`
    /// first-tier scores set. The others can never become finalists: the floor only rises.
    /// `leaders` are ``leaders(of:headroom:)`` for the same interests and headroom.
    mutating func add(_ interests: InterestEvidence, leaders: [Int], history: HistoryEvidence, headroom: Double) {
        let scores = interests.points
        // Everyone with points other than interests (history is first-tier evidence), with
        // where their interest points are, what they scored before, and their score so far.
        var others: [(person: Person.ID, slot: Int?, history: Double?, earlier: Double?, score: Double)] = []
        others.reserveCapacity(history.points.count + points.count)
        var slotted = [Bool](repeating: false, count: scores.count)
        var best: [Double] = []
        func consider(_ person: Person.ID, history: Double?, earlier: Double?) {
            let slot = interests.slot(of: person)
            if let slot { slotted[slot] = true }
            let score = (history ?? 0) + (earlier ?? 0) + (slot.map { scores[$0] } ?? 0)
            // Only people with earlier points can be in the first tier already.
            if history != nil || !tiered || slot.map({ interests.matchedGiven[$0] }) == true
                || (earlier != nil && firstTier.contains(person))
            {
                keep(score, in: &best)
            }
            others.append((person, slot, history, earlier, score))
        }
        for (person, points) in history.points where ineligible.isEmpty || !ineligible.contains(person) {
            consider(person, history: points, earlier: self.points[person])
        }
        for (person, points) in points where history.points(of: person) == nil {
            consider(person, history: nil, earlier: points)
        }
        // The leaders not met above; nobody else can enter `best`.
        keepBest(leaders, of: interests, skipping: slotted, in: &best)
        let reach = reach(best, headroom: headroom)
        for (person, slot, historyPoints, earlier, score) in others {
            guard score >= reach || earlier != nil else { continue }
            if let historyPoints { add(person, points: historyPoints, firstTier: true) }
            if let slot, scores[slot] > 0 {
                add(person, points: scores[slot], firstTier: interests.matchedGiven[slot])
            }
        }
        let entry = max(reach, .leastNonzeroMagnitude)
        for slot in leaders where scores[slot] >= entry && !slotted[slot] {
            add(interests.person(at: slot), points: scores[slot], firstTier: interests.matchedGiven[slot])
        }
    }

    /// Keeps in `best` the interest points of those of `slots` who may set the floor (eligible,
    /// and in the first tier if the pool has tiers), but not of the `skipping` ones: only a
    /// score above the bar (the `limit`-th best so far, or 0) can enter.
    private func keepBest(
        _ slots: some Sequence<Int>, of interests: InterestEvidence, skipping: [Bool]? = nil,
        in best: inout [Double]
    ) {
        let scores = interests.points
        var bar = best.count < limit ? 0 : max(0, best[limit - 1])
        for slot in slots where scores[slot] > bar && skipping?[slot] != true {
            guard interests.matchedGiven[slot] || !tiered, !ineligible.contains(interests.person(at: slot)) else {
                continue
            }
            keep(scores[slot], in: &best)
            bar = best.count < limit ? 0 : max(0, best[limit - 1])
        }
    }

    /// The least a score may be, before notes (`headroom`) and modifiers, and still reach the
    /// floor that `best` (the best first-tier scores, best first) sets.
    private func reach(_ best: [Double], headroom: Double) -> Double {
        let floor = exhaustive || best.count < limit ? -Double.infinity : best[limit - 1] + Self.modifierFloor
        return floor - headroom - Self.modifierCeiling
    }

    /// The score that `limit` first-tier people in the pool are sure to reach whatever else
    /// is found; `-infinity` while the pool holds fewer.
    var floor: Double {
        guard !exhaustive, firstTier.count >= limit else { return -.infinity }
        var best: [Double] = []
        for (person, value) in points where firstTier.contains(person) {
            keep(value, in: &best)
        }
        return best[limit - 1] + Self.modifierFloor
    }

    /// Keeps `value` in `best` (the `limit` best so far, best first) if it belongs there: one
    /// pass instead of sorting everyone.
    private func keep(_ value: Double, in best: inout [Double]) {
        guard best.count < limit || value > best[limit - 1] else { return }
        best.insert(value, at: best.firstIndex { $0 < value } ?? best.endIndex)
        if best.count > limit { best.removeLast() }
    }

    /// The people whose score could still reach the floor if each gained `headroom` more
    /// points, and the modifiers then added the most they can.
    func contenders(headroom: Double) -> [Person.ID] {
        let floor = floor
        return points.compactMap { person, points in
            points + headroom + Self.modifierCeiling >= floor ? person : nil
        }
    }
}
