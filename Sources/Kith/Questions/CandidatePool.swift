/// The people who may still be suggested, with what they have scored so far, for a top-N
/// answer that reads only what can change it.
///
/// Every signal has a known ceiling, so once `limit` people are sure to score at least
/// ``floor``, anyone who cannot reach it can be left unread. Modifiers (restraint,
/// reciprocity, drift) move a score by at most what ``Questions/Scoring`` says, and are
/// computed last, only for the people whose ceiling still reaches the floor.
struct CandidatePool {
    let limit: Int
    let ineligible: Set<Person.ID>
    /// Read everything, pruning nothing: the reference the pruned answer must equal.
    let exhaustive: Bool
    /// The points each person has scored so far.
    private(set) var points: [Person.ID: Double] = [:]
    /// The reasons found so far other than interests, which are read again for the finalists.
    private(set) var reasons: [Person.ID: [Reason]] = [:]

    /// The most the modifiers can add, and the most they can take away.
    static let modifierCeiling = Questions.Scoring.reciprocityPoints + Questions.Scoring.maximumDriftPoints
    static let modifierFloor = Questions.Scoring.maximumRestraintPoints

    init(limit: Int, ineligible: Set<Person.ID>, exhaustive: Bool) {
        self.limit = limit
        self.ineligible = ineligible
        self.exhaustive = exhaustive
    }

    mutating func add(_ person: Person.ID, _ reason: Reason) {
        guard !ineligible.contains(person) else { return }
        reasons[person, default: []].append(reason)
        points[person, default: 0] += reason.points
    }

    mutating func reserveCapacity(_ people: Int) {
        points.reserveCapacity(people)
    }

    /// Adds points whose reason is not kept (interests: their reasons are read for the finalists).
    mutating func add(_ person: Person.ID, points: Double) {
        guard !ineligible.contains(person) else { return }
        self.points[person, default: 0] += points
    }

    /// The score that `limit` people in the pool are sure to reach whatever else is found;
    /// `-infinity` while the pool holds fewer.
    var floor: Double {
        guard !exhaustive, points.count >= limit else { return -.infinity }
        // The `limit` best so far, best first: one pass instead of sorting everyone.
        var best: [Double] = []
        for value in points.values where best.count < limit || value > best[limit - 1] {
            best.insert(value, at: best.firstIndex { $0 < value } ?? best.endIndex)
            if best.count > limit { best.removeLast() }
        }
        return best[limit - 1] + Self.modifierFloor
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
