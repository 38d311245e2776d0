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

    /// How often to be in touch with someone whose own cadence is not set, in days: the
    /// `overdue_contacts` view of the schema uses the same value (a test pins the two).
    public static let defaultCadenceDays = 90

    /// The latest day on or before `asOf` on which I was in touch with each of `people`
    /// (an interaction or a share, either way); people never in touch are left out.
    func lastContacts(of people: [Person.ID], asOf: Day) throws -> [Person.ID: Day] {
        guard !people.isEmpty else { return [:] }
        let rows = try connection.fetchAll(
            (Person.ID, Day).self,
            sql: Self.lastContactsSQL(ofPeople: "person_id IN (SELECT value FROM json_each(?2))"),
            arguments: [asOf, Person.ID.jsonArray(people)]
        )
        return Dictionary(rows, uniquingKeysWith: max)
    }

    /// Kith's one definition of a person's last contact, as SQL: the latest day on or before
    /// `?1` of an interaction or a share (either way) with each person that `people` (a
    /// constant condition on `person_id`) admits, as `person_id, day`.
    ///
    /// The same as `max(day)` over the `touchpoints` view of `Migrations/0003_views.sql` (a
    /// test compares them), written per table so that each part is one index range: SQLite
    /// would otherwise build the whole view before grouping it.
    static func lastContactsSQL(ofPeople people: String) -> String {
        """
        SELECT person_id, max(day) AS day FROM (
            SELECT person_id, max(occurred_on) AS day FROM interactions WHERE occurred_on <= ?1 AND \(people) GROUP BY person_id
            UNION ALL
            SELECT person_id, max(shared_on) FROM shares WHERE shared_on <= ?1 AND \(people) GROUP BY person_id
        ) GROUP BY person_id
        """
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
