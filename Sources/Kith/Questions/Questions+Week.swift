/// A short plan of small, genuine gestures for the week: a nudge, not a campaign.
public struct WeeklyPlan: Hashable, Sendable {
    /// A resource to pass on, and to whom.
    public struct Gift: Hashable, Sendable {
        public let resource: Resource
        public let recommendation: Recommendation
    }

    /// At most ``WeeklyPlan/maximumGifts`` resources to pass on, each to one person.
    public let gifts: [Gift]
    /// One person to get back in touch with.
    public let reconnect: Reconnection?
    /// Asks of others that I took on and that are still open, oldest first: promises to keep.
    public let openAsks: [Ask]
    /// Birthdays in the coming ``WeeklyPlan/birthdayWindowDays`` days, soonest first.
    public let birthdays: [UpcomingBirthday]

    /// The most gifts a plan suggests.
    public static let maximumGifts = 3
    /// The most open asks a plan lists.
    public static let maximumOpenAsks = 3
    /// How far ahead a plan looks for birthdays: today and the six days after.
    public static let birthdayWindowDays = 7
}

/// Someone's birthday in the coming week.
public struct UpcomingBirthday: Hashable, Sendable {
    public let personID: Person.ID
    public let name: String
    public let birthday: Birthday
    /// The day it falls on this time (February 29th falls on the 28th in other years).
    public let on: Day
    /// Days from the plan's day: 0 is today.
    public var inDays: Int
}

extension Questions {
    /// This week's plan: up to three resources from the last 30 days to pass on (each to the
    /// one person who would want it most, a person at most once), the person most overdue for
    /// contact, the oldest asks of others I took on and have not yet kept, and the birthdays
    /// of the coming seven days.
    ///
    /// ```swift
    /// let plan = try database.read { try $0.questions.week() }
    /// for gift in plan.gifts { print("send '\(gift.resource.title)' to \(gift.recommendation.name)") }
    /// ```
    public func week(asOf: Day = .today()) throws -> WeeklyPlan {
        let recent = try connection.resources.all().filter {
            Day.day(of: $0.createdAt) <= asOf && Day.day(of: $0.createdAt) > asOf.adding(days: -30)
        }
        var gifts: [WeeklyPlan.Gift] = []
        var chosen = Set<Person.ID>()
        for resource in recent where gifts.count < WeeklyPlan.maximumGifts {
            let picks = try recommend(resource.id, limit: WeeklyPlan.maximumGifts + 1, asOf: asOf)
            if let pick = picks.first(where: { !chosen.contains($0.personID) }) {
                chosen.insert(pick.personID)
                gifts.append(WeeklyPlan.Gift(resource: resource, recommendation: pick))
            }
        }
        let openAsks = try connection.asks.open(.theirs).filter { $0.askedOn <= asOf }.reversed().prefix(
            WeeklyPlan.maximumOpenAsks)
        return WeeklyPlan(
            gifts: gifts, reconnect: try reconnect(limit: 1, asOf: asOf).first, openAsks: Array(openAsks),
            birthdays: try birthdays(from: asOf))
    }

    /// The birthdays of people not archived from `day` to the end of the plan's window.
    private func birthdays(from day: Day) throws -> [UpcomingBirthday] {
        let people = try connection.fetchAll(
            (Person.ID, String, Birthday?).self,
            sql: "SELECT id, name, birthday FROM people WHERE is_archived = 0 AND birthday IS NOT NULL")
        let window = (0..<WeeklyPlan.birthdayWindowDays).map { day.adding(days: $0) }
        return people.compactMap { id, name, birthday -> UpcomingBirthday? in
            guard let birthday else { return nil }
            guard let offset = window.firstIndex(where: { Self.falls(birthday, on: $0) }) else { return nil }
            return UpcomingBirthday(personID: id, name: name, birthday: birthday, on: window[offset], inDays: offset)
        }
        .sorted { ($0.inDays, $0.name, $0.personID) < ($1.inDays, $1.name, $1.personID) }
    }

    /// Whether a birthday is celebrated on `day`: its month and day, or February 28th for a
    /// February 29th birthday in a year without one.
    static func falls(_ birthday: Birthday, on day: Day) -> Bool {
        if birthday.month == day.month && birthday.day == day.day { return true }
        return birthday.month == 2 && birthday.day == 29 && day.month == 2 && day.day == 28
            && !Day.isValid(month: 2, day: 29, year: day.year)
    }
}
