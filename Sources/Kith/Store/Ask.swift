/// A request for help: one I made of someone (`.mine`) or they made of me (`.theirs`).
public struct Ask: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Ask>

    /// Who asked whom.
    public enum Direction: String, CaseIterable, Sendable, DatabaseValueConvertible {
        /// I asked them.
        case mine
        /// They asked me.
        case theirs
    }

    /// How an ask ended, or that it has not yet.
    public enum Status: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case open, helped, declined, redirected
    }

    public let id: ID
    public let personID: Person.ID
    public var direction: Direction
    public var topic: String
    public var askedOn: Day
    public var status: Status
    /// Whom the ask was redirected to, when its status is ``Status/redirected``.
    public var redirectedTo: Person.ID?
    public var resolvedOn: Day?
    public var note: String?
}
