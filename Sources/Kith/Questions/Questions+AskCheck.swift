/// The honest-networker check before asking someone for something: warnings, never a veto.
public struct AskCheck: Hashable, Sendable {
    /// A reason to pause before asking.
    public enum Warning: Hashable, Sendable, CustomStringConvertible {
        /// We have not been in touch for this many days (or never, when nil).
        case firstContactInALongTime(days: Int?)
        /// I have asked them more than I have given them.
        case askedMoreThanGiven(asked: Int, given: Int)

        public var description: String {
            switch self {
            case .firstContactInALongTime(let days?):
                "this would be your first contact in \(Questions.span(days: days)): reconnect before you ask"
            case .firstContactInALongTime(nil):
                "you have no contact with them on record: reconnect before you ask"
            case .askedMoreThanGiven(let asked, let given):
                "you have asked them \(asked) time\(asked == 1 ? "" : "s") and given \(given): give before you ask again"
            }
        }
    }

    public let personID: Person.ID
    public let warnings: [Warning]

    /// True when nothing suggests waiting.
    public var isClear: Bool { warnings.isEmpty }
}

extension Questions {
    /// Checks whether asking `person` for something now would be honest networking: warns if
    /// it would be the first contact in longer than their cadence, or if I have asked them
    /// more than I have given them. It never blocks an ask.
    ///
    /// ```swift
    /// let check = try database.read { try $0.questions.beforeAsking(ann.id) }
    /// check.warnings.forEach { print("warning:", $0) }
    /// ```
    public func beforeAsking(_ person: Person.ID, asOf: Day = .today()) throws -> AskCheck {
        let cadence = try connection.people.require(person).contactEveryDays ?? Self.defaultCadenceDays
        var warnings: [AskCheck.Warning] = []
        if let last = try lastContacts(of: [person], asOf: asOf)[person] {
            let days = asOf.days(since: last)
            if days > cadence { warnings.append(.firstContactInALongTime(days: days)) }
        } else {
            warnings.append(.firstContactInALongTime(days: nil))
        }
        let asked: Int =
            try connection.fetchValue(
                sql: "SELECT count(*) FROM asks WHERE person_id = ? AND direction = 'mine'", arguments: [person]) ?? 0
        let given = try ledger(of: person).given
        if asked > 0, asked >= given { warnings.append(.askedMoreThanGiven(asked: asked, given: given)) }
        return AskCheck(personID: person, warnings: warnings)
    }
}
