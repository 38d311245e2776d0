/// Something I give my time to beyond work: a board seat, volunteering, a charity run, a
/// petition, mentoring, field work, and the people I do it with.
public struct Commitment: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Commitment>

    /// What kind of commitment it is.
    public enum Kind: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case board, volunteer
        case charityRun = "charity-run"
        case petition, mentoring
        case fieldWork = "field-work"
        case other
    }

    public let id: ID
    public var name: String
    public var kind: Kind
    public var organization: String?
    public var cause: String?
    public var role: String?
    public var startedOn: Day?
    public var endedOn: Day?
    public var hoursPerMonth: Double?
    /// The people I share it with.
    public var members: [Person.ID]

    /// Creates a commitment value; use ``CommitmentRepository/add(_:)`` to store it (its id is ignored there).
    public init(
        id: ID = 0, name: String, kind: Kind, organization: String? = nil, cause: String? = nil, role: String? = nil,
        startedOn: Day? = nil, endedOn: Day? = nil, hoursPerMonth: Double? = nil, members: [Person.ID] = []
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.organization = organization
        self.cause = cause
        self.role = role
        self.startedOn = startedOn
        self.endedOn = endedOn
        self.hoursPerMonth = hoursPerMonth
        self.members = members
    }
}

extension Commitment: RowDecodable {
    static let table = "commitments"
    static let columns = [
        "id", "name", "kind", "organization", "cause", "role", "started_on", "ended_on", "hours_per_month",
    ]
    /// A commitment without its members.
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), name: try column.next(), kind: try column.next(), organization: try column.next(),
            cause: try column.next(), role: try column.next(), startedOn: try column.next(), endedOn: try column.next(),
            hoursPerMonth: try column.next(), members: [])
    }
}
