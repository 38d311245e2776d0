/// Someone I have drifted from, and something I could give them.
public struct Reconnection: Hashable, Sendable {
    public let personID: Person.ID
    public let name: String
    /// Our last contact, or nil if none is recorded (then the clock runs from when I added them).
    public let lastContact: Day?
    public let daysSinceContact: Int
    public let cadenceDays: Int
    /// A stored resource matching their interests that they have not received, if any.
    public let suggestion: Resource?
    /// The interest that the suggestion matches: "running (5/5)".
    public let suggestionReason: String?
    /// Their interests in topics I marked as mine, strongest first: "you both care about chess".
    public let sharedTopics: [String]

    /// How far past their cadence we are, in days.
    public var daysOverdue: Int { daysSinceContact - cadenceDays }
}

extension Questions {
    /// The people I have drifted from (longer than their cadence, or the default of 90 days),
    /// most overdue first, each with something I could give them.
    ///
    /// Logging any interaction, or any share either way, resets the clock. Only people I am
    /// in touch with can drift: someone I have never been in contact with (typically an
    /// imported contact) counts only once I give them a cadence (``Person/contactEveryDays``),
    /// and then from the day they were added.
    ///
    /// ```swift
    /// for person in try database.read({ try $0.questions.reconnect(limit: 3) }) {
    ///     print(person.name, person.daysOverdue, person.suggestion?.title ?? "just say hello")
    /// }
    /// ```
    public func reconnect(limit: Int = 5, asOf: Day = .today()) throws -> [Reconnection] {
        try Self.checkLimit(limit)
        // Each person's last contact on or before asOf comes from one ordered pass over the
        // interactions and shares indexes; someone never contacted counts from when they were
        // added, and only with a cadence of their own.
        let overdue = try connection.fetchAll(
            (Person.ID, String, Day?, Int, Int).self,
            sql: """
                WITH last_contact AS (\(Self.lastContactsSQL(ofPeople: "1")))
                SELECT id, name, day, days, cadence FROM (
                    SELECT p.id, p.name, l.day, coalesce(p.contact_every_days, ?2) AS cadence,
                        CAST(julianday(?1) - julianday(coalesce(l.day, substr(p.created_at, 1, 10))) AS INTEGER) AS days
                    FROM people p LEFT JOIN last_contact l ON l.person_id = p.id
                    WHERE p.is_archived = 0 AND (l.day IS NOT NULL OR p.contact_every_days IS NOT NULL)
                )
                WHERE days > cadence
                ORDER BY days - cadence DESC, name, id  -- most overdue first
                LIMIT ?3
                """,
            arguments: [asOf, Self.defaultCadenceDays, limit]
        )
        return try overdue.map { id, name, last, days, cadence in
            let gift = try suggestion(for: id)
            return Reconnection(
                personID: id, name: name, lastContact: last, daysSinceContact: days, cadenceDays: cadence,
                suggestion: gift?.resource, suggestionReason: gift?.reason, sharedTopics: try topicsWeShare(with: id))
        }
    }

    /// The topics I marked as mine that a person cares about too, strongest first.
    func topicsWeShare(with person: Person.ID) throws -> [String] {
        try connection.fetchAll(
            String.self,
            sql: """
                SELECT t.name FROM interests i JOIN topics t ON t.id = i.topic_id
                WHERE i.person_id = ? AND t.is_mine = 1 ORDER BY i.weight DESC, t.name
                """,
            arguments: [person]
        )
    }

    /// The stored resource that best matches a person's interests and that they have not
    /// had from me or given me: the strongest interest first, then the newest resource.
    func suggestion(for person: Person.ID) throws -> (resource: Resource, reason: String)? {
        let match = try connection.fetchOne(
            (Resource.ID, String, Int).self,
            sql: """
                SELECT rt.resource_id, t.name, i.weight FROM interests i
                JOIN resource_topics rt ON rt.topic_id = i.topic_id JOIN topics t ON t.id = i.topic_id
                WHERE i.person_id = ?1
                  AND rt.resource_id NOT IN (SELECT resource_id FROM shares WHERE person_id = ?1)
                ORDER BY i.weight DESC, rt.resource_id DESC LIMIT 1
                """,
            arguments: [person]
        )
        guard let (id, topic, weight) = match, let resource = try connection.resources.get(id) else { return nil }
        return (resource, "\(topic) (\(weight)/5)")
    }
}
