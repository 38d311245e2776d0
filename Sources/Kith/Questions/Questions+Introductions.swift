/// Two people who would likely be glad to meet, and what they share.
public struct Introduction: Hashable, Sendable {
    public let first: Person.ID
    public let firstName: String
    public let second: Person.ID
    public let secondName: String
    /// What they share, each with its points: an interest, "running (5/5 and 4/5)" ("chess
    /// (5/5 and 4/5; you care about it too)" for a topic I marked as mine), or a commitment,
    /// "River 10K". The points add up to ``score``.
    public let reasons: [Reason]
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
        // Pairs are summed in SQL and only the best `limit` come back; reasons are joined
        // with the unit separator and their kind, detail and points with the record
        // separator, which no name holds.
        return try connection.fetchAll(
            sql: """
                WITH niche_topics AS (
                    SELECT topic_id FROM interests WHERE weight >= 4 GROUP BY topic_id HAVING count(*) <= ?1
                ), small_commitments AS (
                    SELECT commitment_id FROM commitment_members GROUP BY commitment_id HAVING count(*) <= ?1
                ), shared(first, second, kind, detail, points) AS (
                    SELECT a.person_id, b.person_id, 'interest',
                           t.name || ' (' || a.weight || '/5 and ' || b.weight || '/5' || iif(t.is_mine, '; you care about it too', '') || ')',
                           10 * min(a.weight, b.weight)
                    FROM niche_topics n JOIN topics t ON t.id = n.topic_id
                    JOIN interests a ON a.topic_id = n.topic_id AND a.weight >= 4
                    JOIN interests b ON b.topic_id = n.topic_id AND b.weight >= 4 AND b.person_id > a.person_id
                    UNION ALL
                    SELECT a.person_id, b.person_id, 'commitment', c.name, 6
                    FROM small_commitments s JOIN commitments c ON c.id = s.commitment_id
                    JOIN commitment_members a ON a.commitment_id = s.commitment_id
                    JOIN commitment_members b ON b.commitment_id = s.commitment_id AND b.person_id > a.person_id
                ), pairs AS (
                    SELECT first, second, group_concat(kind || char(30) || detail || char(30) || points, char(31)) AS reasons,
                           sum(points) AS score
                    FROM shared GROUP BY first, second
                )
                SELECT pairs.first, f.name, pairs.second, s.name, pairs.reasons, pairs.score
                FROM pairs JOIN people f ON f.id = pairs.first JOIN people s ON s.id = pairs.second
                WHERE f.is_archived = 0 AND s.is_archived = 0
                  AND NOT EXISTS (SELECT 1 FROM acquaintances k WHERE k.person_id = pairs.first AND k.other_person_id = pairs.second)
                ORDER BY pairs.score DESC, f.name, s.name, pairs.first, pairs.second
                LIMIT ?2
                """,
            arguments: [Self.introductionAudienceLimit, limit]
        ) { row in
            var column = row.columns  // in the order of the SELECT above
            return Introduction(
                first: try column.next(), firstName: try column.next(), second: try column.next(),
                secondName: try column.next(),
                reasons: try column.next(String.self).split(separator: "\u{1F}").map(Self.introductionReason)
                    .sorted { $0.points != $1.points ? $0.points > $1.points : $0.detail < $1.detail },
                score: try column.next())
        }
    }

    /// A reason as the introductions query writes it: kind, detail and points, separated by
    /// the record separator.
    private static func introductionReason(_ text: Substring) throws -> Reason {
        let parts = text.split(separator: "\u{1E}", omittingEmptySubsequences: false)
        guard parts.count == 3, let kind = Reason.Kind(rawValue: String(parts[0])), let points = Double(parts[2]) else {
            throw StoreError.invalid(field: "introduction", reason: "a reason could not be read back")
        }
        return Reason(kind: kind, detail: String(parts[1]), points: points)
    }
}
