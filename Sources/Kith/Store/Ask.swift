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

extension Ask: RowDecodable {
    static let table = "asks"
    static let columns = [
        "id", "person_id", "direction", "topic", "asked_on", "status", "redirected_to_id", "resolved_on", "note",
    ]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), personID: try column.next(), direction: try column.next(), topic: try column.next(),
            askedOn: try column.next(), status: try column.next(), redirectedTo: try column.next(),
            resolvedOn: try column.next(), note: try column.next())
    }
}
