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

    /// How far past their cadence we are, in days.
    public var daysOverdue: Int { daysSinceContact - cadenceDays }
}

extension Questions {
    /// The people I have drifted from (longer than their cadence, or the default of 90 days),
    /// most overdue first, each with something I could give them.
    ///
    /// Logging any interaction, or any share either way, resets the clock.
    ///
    /// ```swift
    /// for person in try database.read({ try $0.questions.reconnect(limit: 3) }) {
    ///     print(person.name, person.daysOverdue, person.suggestion?.title ?? "just say hello")
    /// }
    /// ```
    public func reconnect(limit: Int = 5, asOf: Day = .today()) throws -> [Reconnection] {
        try Self.checkLimit(limit)
        let people = try connection.fetchAll(
            sql: "SELECT id, name, contact_every_days, substr(created_at, 1, 10) FROM people WHERE is_archived = 0"
        ) { (try $0[0] as Person.ID, try $0[1] as String, try $0[2] as Int?, try $0[3] as Day) }
        let lastContacts = try lastContacts(of: people.map(\.0), asOf: asOf)
        let overdue = people.compactMap { id, name, cadence, added -> (Person.ID, String, Day?, Int, Int)? in
            let cadence = cadence ?? Self.defaultCadenceDays
            let days = asOf.days(since: lastContacts[id] ?? added)
            return days > cadence ? (id, name, lastContacts[id], days, cadence) : nil
        }
        // Most overdue first, then by name, then by id.
        .sorted { ($0.3 - $0.4, $1.1, $1.0.rawValue) > ($1.3 - $1.4, $0.1, $0.0.rawValue) }
        .prefix(limit)
        return try overdue.map { id, name, last, days, cadence in
            let gift = try suggestion(for: id)
            return Reconnection(
                personID: id, name: name, lastContact: last, daysSinceContact: days, cadenceDays: cadence,
                suggestion: gift?.resource, suggestionReason: gift?.reason)
        }
    }

    /// The stored resource that best matches a person's interests and that they have not
    /// had from me or given me: the strongest interest first, then the newest resource.
    func suggestion(for person: Person.ID) throws -> (resource: Resource, reason: String)? {
        let match = try connection.fetchOne(
            sql: """
                SELECT rt.resource_id, t.name, i.weight FROM interests i
                JOIN resource_topics rt ON rt.topic_id = i.topic_id JOIN topics t ON t.id = i.topic_id
                WHERE i.person_id = ?1
                  AND rt.resource_id NOT IN (SELECT resource_id FROM shares WHERE person_id = ?1)
                ORDER BY i.weight DESC, rt.resource_id DESC LIMIT 1
                """,
            arguments: [person]
        ) { (try $0[0] as Resource.ID, try $0[1] as String, try $0[2] as Int) }
        guard let (id, topic, weight) = match, let resource = try connection.resources.get(id) else { return nil }
        return (resource, "\(topic) (\(weight)/5)")
    }
}
