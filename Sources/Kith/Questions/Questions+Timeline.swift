/// One thing that happened between me and someone.
public struct TimelineEvent: Hashable, Sendable {
    /// What kind of event it is.
    public enum Kind: String, Hashable, Sendable {
        case interaction
        case shareGiven = "share given"
        case shareReceived = "share received"
        case askMine = "my ask"
        case askTheirs = "their ask"
        case note, commitment, met
    }

    public let day: Day
    public let kind: Kind
    /// In words: "coffee, 45 minutes: talked about Boston", "gave 'Hill repeats'".
    public let summary: String
}

extension Questions {
    /// Everything between me and a person, newest first: interactions, shares both ways,
    /// asks both ways, notes, commitments we share and when we met.
    ///
    /// ```swift
    /// for event in try database.read({ try $0.questions.timeline(of: ann.id) }) {
    ///     print(event.day, event.summary)
    /// }
    /// ```
    public func timeline(of person: Person.ID) throws -> [TimelineEvent] {
        let who = try connection.people.require(person)
        var events: [TimelineEvent] = []
        for interaction in try connection.interactions.interactions(with: person) {
            var summary = interaction.kind.rawValue
            if let minutes = interaction.minutes { summary += ", \(minutes) minutes" }
            if let initiator = interaction.initiatedBy {
                summary += initiator == .me ? ", I reached out" : ", they reached out"
            }
            if let note = interaction.note { summary += ": \(note)" }
            events.append(TimelineEvent(day: interaction.occurredOn, kind: .interaction, summary: summary))
        }
        for share in try connection.resources.shares(with: person) {
            let title = try connection.resources.get(share.resourceID)?.title ?? "a resource"
            let given = share.direction == .given
            var summary = given ? "gave '\(title)'" : "received '\(title)'"
            if let reception = share.reception { summary += " (\(reception.rawValue))" }
            if let note = share.note { summary += ": \(note)" }
            events.append(
                TimelineEvent(day: share.sharedOn, kind: given ? .shareGiven : .shareReceived, summary: summary))
        }
        for ask in try connection.asks.asks(of: person) {
            let mine = ask.direction == .mine
            events.append(
                TimelineEvent(
                    day: ask.askedOn, kind: mine ? .askMine : .askTheirs,
                    summary: "\(mine ? "I asked" : "they asked"): \(ask.topic) (\(ask.status.rawValue))"))
        }
        for note in try connection.people.notes(about: person) {
            events.append(TimelineEvent(day: note.writtenOn, kind: .note, summary: note.body))
        }
        for commitment in try connection.commitments.commitments(of: person) {
            if let start = commitment.startedOn {
                events.append(TimelineEvent(day: start, kind: .commitment, summary: "together in \(commitment.name)"))
            }
        }
        if let met = who.metOn {
            events.append(TimelineEvent(day: met, kind: .met, summary: "met" + (who.howWeMet.map { ": \($0)" } ?? "")))
        }
        return events.enumerated().sorted { ($0.element.day, $1.offset) > ($1.element.day, $0.offset) }.map(\.element)
    }
}
