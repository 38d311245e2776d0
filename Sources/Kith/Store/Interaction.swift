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

extension Interaction: RowDecodable {
    static let table = "interactions"
    static let columns = ["id", "person_id", "kind", "occurred_on", "minutes", "initiated_by", "note"]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), personID: try column.next(), kind: try column.next(), occurredOn: try column.next(),
            minutes: try column.next(), initiatedBy: try column.next(), note: try column.next())
    }
}
