extension Connection {
    /// Asks, both ways, and how they ended.
    public var asks: AskRepository { AskRepository(connection: self) }
}

/// Logs, reads, resolves and deletes asks.
///
/// ```swift
/// try database.write { connection in
///     let ask = try connection.asks.log(.mine, of: ann.id, topic: "intro to a hiring manager")
///     try connection.asks.resolve(ask.id, as: .helped)
/// }
/// ```
public struct AskRepository {
    let connection: Connection

    /// Logs an ask.
    ///
    /// - throws: ``StoreError`` for an empty topic, a person who does not exist, or a
    ///   redirection on an ask whose status is not `.redirected`.
    @discardableResult
    public func log(
        _ direction: Ask.Direction, of person: Person.ID, topic: String, on day: Day = .today(),
        status: Ask.Status = .open, redirectedTo: Person.ID? = nil, note: String? = nil
    ) throws -> Ask {
        let topic = try requiredText(topic, field: "topic")
        try checkRedirection(status, redirectedTo)
        try connection.people.requireExists(person)
        try connection.execute(
            sql: """
                INSERT INTO asks(person_id, direction, topic, asked_on, status, redirected_to_id, resolved_on, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                person, direction, topic, day, status, redirectedTo, status == .open ? nil : day, trimmed(note),
            ])
        return try require(Ask.ID(rawValue: connection.lastInsertedRowID))
    }

    /// The ask with this id, or nil.
    public func get(_ id: Ask.ID) throws -> Ask? {
        try load(filter: "WHERE id = ?", arguments: [id]).first
    }

    /// The asks between me and a person, newest first.
    public func asks(of person: Person.ID) throws -> [Ask] {
        try load(filter: "WHERE person_id = ?", arguments: [person])
    }

    /// Every ask, newest first; only those in one direction, or only open ones, when asked.
    public func all(direction: Ask.Direction? = nil, openOnly: Bool = false) throws -> [Ask] {
        try load(
            filter: "WHERE (?1 IS NULL OR direction = ?1) AND (?2 = 0 OR status = 'open')",
            arguments: [direction, openOnly])
    }

    /// The asks still open in one direction, newest first.
    public func open(_ direction: Ask.Direction) throws -> [Ask] {
        try load(filter: "WHERE status = 'open' AND direction = ?", arguments: [direction])
    }

    /// Records how an ask ended.
    @discardableResult
    public func resolve(
        _ id: Ask.ID, as status: Ask.Status, on day: Day = .today(), redirectedTo: Person.ID? = nil
    ) throws -> Ask {
        var ask = try require(id)
        ask.status = status
        ask.redirectedTo = redirectedTo
        ask.resolvedOn = status == .open ? nil : day
        return try update(ask)
    }

    /// Saves every field of `ask`.
    @discardableResult
    public func update(_ ask: Ask) throws -> Ask {
        let topic = try requiredText(ask.topic, field: "topic")
        try checkRedirection(ask.status, ask.redirectedTo)
        try require(ask.id)
        try connection.execute(
            sql: """
                UPDATE asks SET direction = ?, topic = ?, asked_on = ?, status = ?, redirected_to_id = ?, resolved_on = ?,
                    note = ?
                WHERE id = ?
                """,
            arguments: [
                ask.direction, topic, ask.askedOn, ask.status, ask.redirectedTo, ask.resolvedOn, trimmed(ask.note),
                ask.id,
            ])
        return try require(ask.id)
    }

    /// Deletes an ask.
    public func delete(_ id: Ask.ID) throws {
        try require(id)
        try connection.execute(sql: "DELETE FROM asks WHERE id = ?", arguments: [id])
    }

    @discardableResult
    private func require(_ id: Ask.ID) throws -> Ask {
        guard let ask = try get(id) else { throw StoreError.notFound(entity: "ask", id: id.rawValue) }
        return ask
    }

    private func checkRedirection(_ status: Ask.Status, _ redirectedTo: Person.ID?) throws {
        guard let redirectedTo else { return }
        try check(status == .redirected, field: "redirected to", "only a redirected ask names whom it went to")
        try connection.people.requireExists(redirectedTo)
    }

    private func load(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Ask] {
        try connection.fetchAll(
            Ask.self, sql: "SELECT \(Ask.selection()) FROM asks \(filter) ORDER BY asked_on DESC, id DESC",
            arguments: arguments)
    }
}
