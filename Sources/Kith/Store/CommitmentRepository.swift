extension Connection {
    /// My commitments (boards, volunteering, charity runs…) and the people in them.
    public var commitments: CommitmentRepository { CommitmentRepository(connection: self) }
}

/// Adds, reads, updates and deletes commitments and their members.
///
/// ```swift
/// let run = try database.write { connection in
///     try connection.commitments.add(Commitment(
///         name: "River 10K for Literacy", kind: .charityRun, cause: "literacy", members: [ann.id]))
/// }
/// ```
public struct CommitmentRepository {
    let connection: Connection

    /// Adds a commitment with its members, in one change. The value's `id` is ignored.
    ///
    /// - throws: ``StoreError`` for an empty name, negative hours, an end before the start, or a missing member.
    @discardableResult
    public func add(_ commitment: Commitment) throws -> Commitment {
        try connection.transaction {
            let arguments = try Self.checkedColumns(commitment)
            try connection.execute(
                sql: """
                    INSERT INTO commitments(name, kind, organization, cause, role, started_on, ended_on, hours_per_month)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
            let id = Commitment.ID(rawValue: connection.lastInsertedRowID)
            try replaceMembers(of: id, with: commitment.members)
            return try require(id)
        }
    }

    /// The commitment with this id, or nil.
    public func get(_ id: Commitment.ID) throws -> Commitment? {
        try load(filter: "WHERE id = ?", arguments: [id]).first
    }

    /// Every commitment, by name.
    public func all() throws -> [Commitment] {
        try load(filter: "", arguments: [])
    }

    /// The commitments a person shares with me.
    public func commitments(of person: Person.ID) throws -> [Commitment] {
        try load(
            filter: "WHERE id IN (SELECT commitment_id FROM commitment_members WHERE person_id = ?)",
            arguments: [person])
    }

    /// Saves every field of `commitment`, replacing its members.
    @discardableResult
    public func update(_ commitment: Commitment) throws -> Commitment {
        try connection.transaction {
            try require(commitment.id)
            let arguments = try Self.checkedColumns(commitment)
            try connection.execute(
                sql: """
                    UPDATE commitments SET name = ?, kind = ?, organization = ?, cause = ?, role = ?, started_on = ?,
                        ended_on = ?, hours_per_month = ?
                    WHERE id = ?
                    """,
                arguments: arguments + [commitment.id])
            try replaceMembers(of: commitment.id, with: commitment.members)
            return try require(commitment.id)
        }
    }

    /// Adds a person to a commitment. Adding them again changes nothing.
    public func addMember(_ person: Person.ID, to commitment: Commitment.ID) throws {
        try require(commitment)
        try connection.people.requireExists(person)
        try connection.execute(
            sql: "INSERT OR IGNORE INTO commitment_members(commitment_id, person_id) VALUES (?, ?)",
            arguments: [commitment, person])
    }

    /// Deletes a commitment and its member list (not the people).
    public func delete(_ id: Commitment.ID) throws {
        try require(id)
        try connection.execute(sql: "DELETE FROM commitments WHERE id = ?", arguments: [id])
    }

    @discardableResult
    func require(_ id: Commitment.ID) throws -> Commitment {
        guard let commitment = try get(id) else { throw StoreError.notFound(entity: "commitment", id: id.rawValue) }
        return commitment
    }

    private static func checkedColumns(_ commitment: Commitment) throws -> [(any DatabaseValueConvertible)?] {
        let name = try requiredText(commitment.name, field: "name")
        try check(
            (commitment.hoursPerMonth ?? 0) >= 0 && (commitment.hoursPerMonth ?? 0).isFinite,
            field: "hours per month", "must be zero or more")
        if let start = commitment.startedOn, let end = commitment.endedOn {
            try check(start <= end, field: "until", "the end (\(end)) is before the start (\(start))")
        }
        return [
            name, commitment.kind, trimmed(commitment.organization), trimmed(commitment.cause),
            trimmed(commitment.role),
            commitment.startedOn, commitment.endedOn, commitment.hoursPerMonth,
        ]
    }

    private func replaceMembers(of id: Commitment.ID, with members: [Person.ID]) throws {
        try connection.execute(sql: "DELETE FROM commitment_members WHERE commitment_id = ?", arguments: [id])
        for person in members {
            try addMember(person, to: id)
        }
    }

    private func load(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Commitment] {
        var members: [Commitment.ID: [Person.ID]] = [:]
        for (id, person) in try connection.fetchAll(
            (Commitment.ID, Person.ID).self,
            sql: """
                SELECT commitment_id, person_id FROM commitment_members
                WHERE commitment_id IN (SELECT id FROM commitments \(filter)) ORDER BY person_id
                """,
            arguments: arguments)
        {
            members[id, default: []].append(person)
        }
        return try connection.fetchAll(
            sql: "SELECT \(Commitment.selection()) FROM commitments \(filter) ORDER BY name, id", arguments: arguments
        ) { row in
            var commitment = try Commitment(row: row)
            commitment.members = members[commitment.id] ?? []
            return commitment
        }
    }
}
