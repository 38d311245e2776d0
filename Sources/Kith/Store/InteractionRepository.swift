extension Connection {
    /// The log of my contacts with people.
    public var interactions: InteractionRepository { InteractionRepository(connection: self) }
}

/// Logs, reads, updates and deletes interactions.
///
/// ```swift
/// try database.write { connection in
///     try connection.interactions.log(.coffee, with: ann.id, on: try Day("2026-11-20"), minutes: 45, initiatedBy: .me)
/// }
/// ```
public struct InteractionRepository {
    let connection: Connection

    /// Logs an interaction with a person.
    ///
    /// - throws: ``StoreError`` for negative minutes or a person who does not exist.
    @discardableResult
    public func log(
        _ kind: Interaction.Kind, with person: Person.ID, on day: Day = .today(), minutes: Int? = nil,
        initiatedBy: Interaction.Initiator? = nil, note: String? = nil
    ) throws -> Interaction {
        try Self.checkMinutes(minutes)
        try connection.people.requireExists(person)
        try connection.execute(
            sql:
                "INSERT INTO interactions(person_id, kind, occurred_on, minutes, initiated_by, note) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [person, kind, day, minutes, initiatedBy, trimmed(note)])
        return try require(Interaction.ID(rawValue: connection.lastInsertedRowID))
    }

    /// The interaction with this id, or nil.
    public func get(_ id: Interaction.ID) throws -> Interaction? {
        try load(filter: "WHERE id = ?", arguments: [id]).first
    }

    /// Every interaction, newest first: at most `limit`.
    public func all(limit: Int = 100) throws -> [Interaction] {
        try check(limit > 0, field: "limit", "must be 1 or more")
        return try load(
            filter: "WHERE id IN (SELECT id FROM interactions ORDER BY occurred_on DESC, id DESC LIMIT ?)",
            arguments: [limit])
    }

    /// A person's interactions, newest first.
    public func interactions(with person: Person.ID) throws -> [Interaction] {
        try load(filter: "WHERE person_id = ?", arguments: [person])
    }

    /// Saves every field of `interaction`.
    @discardableResult
    public func update(_ interaction: Interaction) throws -> Interaction {
        try Self.checkMinutes(interaction.minutes)
        try require(interaction.id)
        try connection.execute(
            sql:
                "UPDATE interactions SET kind = ?, occurred_on = ?, minutes = ?, initiated_by = ?, note = ? WHERE id = ?",
            arguments: [
                interaction.kind, interaction.occurredOn, interaction.minutes, interaction.initiatedBy,
                trimmed(interaction.note), interaction.id,
            ])
        return try require(interaction.id)
    }

    /// Deletes an interaction.
    public func delete(_ id: Interaction.ID) throws {
        try require(id)
        try connection.execute(sql: "DELETE FROM interactions WHERE id = ?", arguments: [id])
    }

    @discardableResult
    private func require(_ id: Interaction.ID) throws -> Interaction {
        guard let interaction = try get(id) else { throw StoreError.notFound(entity: "interaction", id: id.rawValue) }
        return interaction
    }

    private static func checkMinutes(_ minutes: Int?) throws {
        try check((minutes ?? 0) >= 0, field: "minutes", "must be zero or more")
    }

    private func load(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Interaction] {
        try connection.fetchAll(
            Interaction.self,
            sql: "SELECT \(Interaction.selection()) FROM interactions \(filter) ORDER BY occurred_on DESC, id DESC",
            arguments: arguments)
    }
}
