/// Two people who would likely be glad to meet, and what they share.
public struct Introduction: Hashable, Sendable {
    public let first: Person.ID
    public let firstName: String
    public let second: Person.ID
    public let secondName: String
    /// What they share: "running (5/5 and 4/5)", "shared commitment: River 10K".
    public let reasons: [String]
    public let score: Double
}

extension Questions {
    /// Pairs of people who share strong interests (weight 4 or 5) or a commitment, and who
    /// are not recorded as knowing each other, best first.
    ///
    /// Scores: the smaller of the two weights, times 10, for each shared interest; `6` for
    /// each shared commitment.
    ///
    /// ```swift
    /// let intros = try database.read { try $0.questions.introductions(limit: 3) }
    /// ```
    public func introductions(limit: Int = 5) throws -> [Introduction] {
        try Self.checkLimit(limit)
        let rows = try connection.fetchAll(
            sql: """
                SELECT a.person_id, b.person_id, t.name || ' (' || a.weight || '/5 and ' || b.weight || '/5)',
                       10 * min(a.weight, b.weight)
                FROM interests a JOIN interests b ON b.topic_id = a.topic_id AND b.person_id > a.person_id
                JOIN topics t ON t.id = a.topic_id
                WHERE a.weight >= 4 AND b.weight >= 4
                UNION ALL
                SELECT a.person_id, b.person_id, 'shared commitment: ' || c.name, 6
                FROM commitment_members a JOIN commitment_members b
                    ON b.commitment_id = a.commitment_id AND b.person_id > a.person_id
                JOIN commitments c ON c.id = a.commitment_id
                """
        ) { (try $0[0] as Person.ID, try $0[1] as Person.ID, try $0[2] as String, try $0[3] as Double) }
        let known = Set(try connection.fetchAll(sql: "SELECT person_id, other_person_id FROM acquaintances") {
            [try $0[0] as Person.ID, try $0[1] as Person.ID]
        })
        var pairs: [[Person.ID]: (reasons: [String], score: Double)] = [:]
        for (a, b, reason, points) in rows where !known.contains([a, b]) {
            pairs[[a, b], default: ([], 0)].reasons.append(reason)
            pairs[[a, b]]?.score += points
        }
        let people = Dictionary(uniqueKeysWithValues: try connection.people.get(Array(Set(pairs.keys.flatMap { $0 })))
            .filter { !$0.isArchived }.map { ($0.id, $0.name) })
        let introductions = pairs.compactMap { pair, value -> Introduction? in
            guard let first = people[pair[0]], let second = people[pair[1]] else { return nil }
            return Introduction(
                first: pair[0], firstName: first, second: pair[1], secondName: second,
                reasons: value.reasons.sorted(), score: value.score)
        }
        return Array(introductions.sorted {
            ($0.score, $1.firstName, $1.secondName, $1.first, $1.second) > ($1.score, $0.firstName, $0.secondName, $0.first, $0.second)
        }.prefix(limit))
    }
}
