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
    /// Asks of others still open and waiting on me, oldest first.
    public let openAsks: [Ask]

    /// The most gifts a plan suggests.
    public static let maximumGifts = 3
    /// The most open asks a plan lists.
    public static let maximumOpenAsks = 3
}

extension Questions {
    /// This week's plan: up to three resources from the last 30 days to pass on (each to the
    /// one person who would want it most, a person at most once), the person most overdue for
    /// contact, and the oldest asks of others still open.
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
        let openAsks = try connection.asks.open(.theirs).filter { $0.askedOn <= asOf }.reversed().prefix(WeeklyPlan.maximumOpenAsks)
        return WeeklyPlan(gifts: gifts, reconnect: try reconnect(limit: 1, asOf: asOf).first, openAsks: Array(openAsks))
    }
}
