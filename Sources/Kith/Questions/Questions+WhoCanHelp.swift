extension Questions {
    /// People who could help with an ask of mine, as recommendations with reasons: those with
    /// the topic as a strong interest (weight 4 or 5) or a commitment in it,
    /// strongest first; people I already owe rank lower, since I should give before I ask.
    ///
    /// Scores: `10 × weight` for the interest, `6` for each matching commitment, `−5` for
    /// each gift I owe them (see ``ledger()``).
    ///
    /// ```swift
    /// let helpers = try database.read { try $0.questions.whoCanHelp(with: "machine learning") }
    /// ```
    public func whoCanHelp(with topic: String, limit: Int = 5) throws -> [Recommendation] {
        try Self.checkLimit(limit)
        let phrase = TextMatcher.stems(try requiredText(topic, field: "topic"))
        var reasons: [Person.ID: [Reason]] = [:]
        var names: [Person.ID: String] = [:]
        if let found = try connection.interests.topic(named: topic) {
            for interest in try connection.interests.interests(in: found.id, minimumWeight: 4) {
                reasons[interest.personID, default: []].append(
                    Reason(
                        kind: .interest,
                        detail: "\(found.name) (\(interest.weight)/5\(found.isMine ? "; you both care about it" : ""))",
                        points: 10 * Double(interest.weight)))
            }
        }
        for commitment in try connection.commitments.all() {
            let text = TextMatcher(
                [commitment.name, commitment.organization ?? "", commitment.cause ?? ""].joined(separator: "\n"))
            guard text.contains(phrase) else { continue }
            for member in commitment.members {
                reasons[member, default: []].append(
                    Reason(kind: .commitment, detail: commitment.name, points: 6))
            }
        }
        for person in try connection.people.get(Array(reasons.keys)) {
            guard !person.isArchived else {
                reasons[person.id] = nil
                continue
            }
            names[person.id] = person.name
            let balance = try ledger(of: person.id).balance
            if balance < 0 {
                reasons[person.id]?.append(
                    Reason(
                        kind: .reciprocity, detail: "you owe them \(-balance): give before you ask",
                        points: -5 * Double(-balance)))
            }
        }
        let helpers = reasons.map { person, reasons in
            Recommendation(
                personID: person, name: names[person] ?? "", score: reasons.map(\.points).reduce(0, +), reasons: reasons
            )
        }
        return Array(helpers.sorted(by: Self.bestFirst).prefix(limit))
    }
}
