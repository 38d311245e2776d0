extension Connection {
    /// Resources and the shares of them, both ways.
    public var resources: ResourceRepository { ResourceRepository(connection: self) }
}

/// Adds, reads, updates and deletes resources, and records who they were shared with.
///
/// ```swift
/// try database.write { connection in
///     let article = try connection.resources.add(
///         title: "Training for your first 10K", url: "https://example.com/10k", topics: ["running"])
///     try connection.resources.share(article.id, .given, with: ann.id, on: try Day("2026-11-20"))
/// }
/// ```
public struct ResourceRepository {
    let connection: Connection

    // MARK: Resources

    /// Adds a resource with its topics (created if new).
    ///
    /// - throws: ``StoreError/conflict(field:reason:)`` when a resource with the same URL
    ///   (after normalization, see ``Resource/urlKey(_:)``) exists; ``StoreError/invalid(field:reason:)``
    ///   for an empty title.
    @discardableResult
    public func add(
        title: String, kind: Resource.Kind = .article, url: String? = nil, summary: String? = nil, topics: [String] = []
    ) throws -> Resource {
        try connection.transaction {
            let title = try requiredText(title, field: "title")
            let url = trimmed(url)
            try requireUniqueURL(url, except: nil)
            try connection.execute(
                sql: "INSERT INTO resources(kind, title, url, url_key, summary) VALUES (?, ?, ?, ?, ?)",
                arguments: [kind, title, url, url.flatMap(Resource.urlKey), trimmed(summary)])
            let id = Resource.ID(rawValue: connection.lastInsertedRowID)
            try replaceTopics(of: id, with: topics)
            return try require(id)
        }
    }

    /// The resource with this id, or nil.
    public func get(_ id: Resource.ID) throws -> Resource? {
        try load(filter: "WHERE id = ?", arguments: [id]).first
    }

    /// The resource whose URL matches `url` after normalization, or nil.
    public func withURL(_ url: String) throws -> Resource? {
        guard let key = Resource.urlKey(url) else { return nil }
        return try load(filter: "WHERE url_key = ?", arguments: [key]).first
    }

    /// Every resource, newest first.
    public func all() throws -> [Resource] {
        try load(filter: "", arguments: [])
    }

    /// Saves every field of `resource`, replacing its topics.
    @discardableResult
    public func update(_ resource: Resource) throws -> Resource {
        try connection.transaction {
            try require(resource.id)
            let title = try requiredText(resource.title, field: "title")
            let url = trimmed(resource.url)
            try requireUniqueURL(url, except: resource.id)
            try connection.execute(
                sql: "UPDATE resources SET kind = ?, title = ?, url = ?, url_key = ?, summary = ? WHERE id = ?",
                arguments: [
                    resource.kind, title, url, url.flatMap(Resource.urlKey), trimmed(resource.summary), resource.id,
                ])
            try replaceTopics(of: resource.id, with: resource.topics)
            return try require(resource.id)
        }
    }

    /// Deletes a resource and its shares.
    public func delete(_ id: Resource.ID) throws {
        try require(id)
        try connection.execute(sql: "DELETE FROM resources WHERE id = ?", arguments: [id])
    }

    // MARK: Shares

    /// Records that I gave a resource to someone (`.given`) or received it from them (`.received`).
    ///
    /// ```swift
    /// try database.write { try $0.resources.share(article.id, .given, with: ann.id, reception: .thanked) }
    /// ```
    ///
    /// - throws: ``StoreError/notFound(entity:id:)`` when the resource or the person does not
    ///   exist; ``StoreError/conflict(field:reason:)`` when I already gave them this resource
    ///   (the message says when).
    @discardableResult
    public func share(
        _ resource: Resource.ID, _ direction: Share.Direction, with person: Person.ID, on day: Day = .today(),
        note: String? = nil, reception: Share.Reception? = nil
    ) throws -> Share {
        try require(resource)
        try connection.people.requireExists(person)
        if direction == .given,
            let earlier: Day = try connection.fetchValue(
                sql:
                    "SELECT shared_on FROM shares WHERE resource_id = ? AND person_id = ? AND direction = 'given' ORDER BY shared_on LIMIT 1",
                arguments: [resource, person])
        {
            throw StoreError.conflict(field: "share", reason: "I already gave them this resource on \(earlier)")
        }
        try connection.execute(
            sql:
                "INSERT INTO shares(resource_id, person_id, direction, shared_on, note, reception) VALUES (?, ?, ?, ?, ?, ?)",
            arguments: [resource, person, direction, day, trimmed(note), reception])
        return try loadShares(filter: "WHERE id = ?", arguments: [connection.lastInsertedRowID])[0]
    }

    /// Records how a share landed.
    public func setReception(_ reception: Share.Reception?, of share: Share.ID) throws {
        try connection.execute(sql: "UPDATE shares SET reception = ? WHERE id = ?", arguments: [reception, share])
        if connection.changedRowCount == 0 { throw StoreError.notFound(entity: "share", id: share.rawValue) }
    }

    /// Deletes a share.
    public func deleteShare(_ share: Share.ID) throws {
        try connection.execute(sql: "DELETE FROM shares WHERE id = ?", arguments: [share])
        if connection.changedRowCount == 0 { throw StoreError.notFound(entity: "share", id: share.rawValue) }
    }

    /// The shares of a resource, newest first.
    public func shares(of resource: Resource.ID) throws -> [Share] {
        try loadShares(filter: "WHERE resource_id = ?", arguments: [resource])
    }

    /// The shares between me and a person, both ways, newest first.
    public func shares(with person: Person.ID) throws -> [Share] {
        try loadShares(filter: "WHERE person_id = ?", arguments: [person])
    }

    // MARK: Loading

    @discardableResult
    func require(_ id: Resource.ID) throws -> Resource {
        guard let resource = try get(id) else { throw StoreError.notFound(entity: "resource", id: id.rawValue) }
        return resource
    }

    private func requireUniqueURL(_ url: String?, except id: Resource.ID?) throws {
        guard let url, let existing = try withURL(url), existing.id != id else { return }
        throw StoreError.conflict(field: "url", reason: "resource \(existing.id) already has this URL")
    }

    private func replaceTopics(of id: Resource.ID, with topics: [String]) throws {
        try connection.execute(sql: "DELETE FROM resource_topics WHERE resource_id = ?", arguments: [id])
        for name in topics {
            let topic = try connection.interests.addTopic(named: name)
            try connection.execute(
                sql: "INSERT OR IGNORE INTO resource_topics(resource_id, topic_id) VALUES (?, ?)",
                arguments: [id, topic.id])
        }
    }

    private func load(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Resource] {
        var topics: [Resource.ID: [String]] = [:]
        for (id, name) in try connection.fetchAll(
            (Resource.ID, String).self,
            sql: """
                SELECT rt.resource_id, t.name FROM resource_topics rt JOIN topics t ON t.id = rt.topic_id
                WHERE rt.resource_id IN (SELECT id FROM resources \(filter)) ORDER BY t.name
                """,
            arguments: arguments)
        {
            topics[id, default: []].append(name)
        }
        return try connection.fetchAll(
            sql: "SELECT \(Resource.selection()) FROM resources \(filter) ORDER BY created_at DESC, id DESC",
            arguments: arguments
        ) { row in
            var resource = try Resource(row: row)
            resource.topics = topics[resource.id] ?? []
            return resource
        }
    }

    private func loadShares(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Share] {
        try connection.fetchAll(
            Share.self, sql: "SELECT \(Share.selection()) FROM shares \(filter) ORDER BY shared_on DESC, id DESC",
            arguments: arguments)
    }
}
