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
    /// The most people a topic or commitment may have and still be a reason for ``introductions(limit:)``.
    public static let introductionAudienceLimit = 50

    /// Pairs of people who share strong interests (weight 4 or 5) or a commitment, and who
    /// are not recorded as knowing each other, best first.
    ///
    /// Scores: the smaller of the two weights, times 10, for each shared interest; `6` for
    /// each shared commitment. A shared passion says most when few share it, so a topic that
    /// more than ``introductionAudienceLimit`` people care strongly about, or a commitment
    /// with more members than that, is not a reason to introduce two of them (it also keeps
    /// the answer from growing with the square of the network).
    ///
    /// ```swift
    /// let intros = try database.read { try $0.questions.introductions(limit: 3) }
    /// ```
    public func introductions(limit: Int = 5) throws -> [Introduction] {
        try Self.checkLimit(limit)
        let rows = try connection.fetchAll(
            sql: """
                WITH niche_topics AS (
                    SELECT topic_id FROM interests WHERE weight >= 4 GROUP BY topic_id HAVING count(*) <= ?1
                ), small_commitments AS (
                    SELECT commitment_id FROM commitment_members GROUP BY commitment_id HAVING count(*) <= ?1
                )
                SELECT a.person_id, b.person_id, t.name || ' (' || a.weight || '/5 and ' || b.weight || '/5)',
                       10 * min(a.weight, b.weight)
                FROM niche_topics n JOIN topics t ON t.id = n.topic_id
                JOIN interests a ON a.topic_id = n.topic_id AND a.weight >= 4
                JOIN interests b ON b.topic_id = n.topic_id AND b.weight >= 4 AND b.person_id > a.person_id
                UNION ALL
                SELECT a.person_id, b.person_id, 'shared commitment: ' || c.name, 6
                FROM small_commitments s JOIN commitments c ON c.id = s.commitment_id
                JOIN commitment_members a ON a.commitment_id = s.commitment_id
                JOIN commitment_members b ON b.commitment_id = s.commitment_id AND b.person_id > a.person_id
                """,
            arguments: [Self.introductionAudienceLimit]
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
