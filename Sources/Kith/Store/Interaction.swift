/// Time spent with someone: a coffee, a call, an email, a mentoring session.
public struct Interaction: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Interaction>

    /// What kind of contact it was.
    public enum Kind: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case coffee, call, email, message, meeting, mentoring, event, other
    }

    /// Who reached out.
    public enum Initiator: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case me, them
    }

    public let id: ID
    public let personID: Person.ID
    public var kind: Kind
    public var occurredOn: Day
    public var minutes: Int?
    public var initiatedBy: Initiator?
    public var note: String?
}
