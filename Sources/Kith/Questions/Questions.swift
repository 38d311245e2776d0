extension Connection {
    /// The questions Kith answers with reasons: who should get this, whom I owe, whom I
    /// drifted from, who can help, whom to introduce, and a plan for the week.
    ///
    /// ```swift
    /// let picks = try database.read { try $0.questions.recommend(ResourceDraft(title: "Hill repeats", topics: ["running"])) }
    /// ```
    public var questions: Questions { Questions(connection: self) }
}

/// Typed queries over the store, each answer with its reasons or figures.
///
/// Every question that depends on the date takes an `asOf` day (today by default), so the
/// same data and the same day always give the same answer.
public struct Questions {
    let connection: Connection

    /// How often to be in touch with someone whose own cadence is not set, in days.
    public static let defaultCadenceDays = 90

    /// The latest day on or before `asOf` on which I was in touch with each of `people`
    /// (an interaction or a share, either way); people never in touch are left out.
    ///
    /// The same as `max(day)` over the `touchpoints` view, written per table so that each
    /// part is one index search (SQLite would otherwise build the whole view first).
    func lastContacts(of people: [Person.ID], asOf: Day) throws -> [Person.ID: Day] {
        guard !people.isEmpty else { return [:] }
        let rows = try connection.fetchAll(
            sql: """
                SELECT c.value, nullif(max(
                    coalesce((SELECT max(occurred_on) FROM interactions WHERE person_id = c.value AND occurred_on <= ?2), ''),
                    coalesce((SELECT max(shared_on) FROM shares WHERE person_id = c.value AND direction = 'given' AND shared_on <= ?2), ''),
                    coalesce((SELECT max(shared_on) FROM shares WHERE person_id = c.value AND direction = 'received' AND shared_on <= ?2), '')
                ), '')
                FROM json_each(?1) c
                """,
            arguments: [Person.ID.jsonArray(people), asOf]
        ) { (try $0[0] as Person.ID, try $0[1] as Day?) }
        return Dictionary(rows.compactMap { id, day in day.map { (id, $0) } }, uniquingKeysWith: max)
    }

    /// Throws unless `limit` is positive.
    static func checkLimit(_ limit: Int) throws {
        try check(limit > 0, field: "limit", "must be 1 or more")
    }

    /// "14 months", "3 weeks", "5 days": a span of days in the largest unit that fits.
    static func span(days: Int) -> String {
        func plural(_ n: Int, _ unit: String) -> String { "\(n) \(unit)\(n == 1 ? "" : "s")" }
        if days >= 60 { return plural(days * 12 / 365, "month") }
        if days >= 14 { return plural(days / 7, "week") }
        return plural(days, "day")
    }
}
