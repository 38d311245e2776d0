import Foundation

extension Connection {
    /// The topic vocabulary, its aliases, my own topics, and each person's interests.
    public var interests: InterestRepository { InterestRepository(connection: self) }
}

/// Manages topics (with aliases) and people's weighted interests in them.
///
/// Topics are found by name or alias, ignoring case, and created on first use:
///
/// ```swift
/// try database.write { connection in
///     let ml = try connection.interests.addTopic(named: "machine learning")
///     try connection.interests.addAlias("ML", to: ml.id)
///     try connection.interests.add(NewInterest(topic: "ml", weight: 5), to: ann.id)   // machine learning, 5/5
/// }
/// ```
public struct InterestRepository {
    let connection: Connection

    /// Valid interest weights.
    public static let weights = 1...5

    // MARK: Topics

    /// The topic with this name or alias (ignoring case), or nil.
    public func topic(named name: String) throws -> Topic? {
        try topicID(named: name).flatMap(topic)
    }

    /// The id of the topic with this name or alias (ignoring case), or nil.
    func topicID(named name: String) throws -> Topic.ID? {
        guard let name = trimmed(name) else { return nil }
        return try connection.fetchValue(
            sql: """
                SELECT id FROM topics WHERE name = ?1
                UNION ALL SELECT topic_id FROM topic_aliases WHERE alias = ?1
                LIMIT 1
                """,
            arguments: [name])
    }

    /// The topics a name means: the one with this name or alias (ignoring case) when there is
    /// one, else every topic whose name or an alias has the same key ("female vocalists"
    /// finds "Female Vocalist", "post rock" finds "post-rock"; see ``similarTopics()``).
    ///
    /// ```swift
    /// let topics = try database.read { try $0.interests.topics(matching: "Post Rock") }
    /// ```
    public func topics(matching name: String) throws -> [Topic] {
        try topicIDs(matching: name).compactMap(topic)
    }

    /// The ids of ``topics(matching:)``, by id.
    func topicIDs(matching name: String) throws -> [Topic.ID] {
        if let exact = try topicID(named: name) { return [exact] }
        guard let key = Self.key(name) else { return [] }
        return Array(Set(try topics(withKeys: [key]).map(\.id))).sorted()
    }

    /// The topics whose name or an alias has one of `keys`, with the topic's name and the key
    /// that matched, through the key indexes (one search a key). Rows whose key is not
    /// stored yet (added or renamed in the sqlite3 shell) are worked out now.
    func topics(withKeys keys: Set<String>) throws -> [(id: Topic.ID, name: String, key: String)] {
        guard !keys.isEmpty else { return [] }
        let json = JSONText.array(keys)
        let stored = try connection.fetchAll(
            (Topic.ID, String, String).self,
            sql: """
                SELECT t.id, t.name, t.key FROM json_each(?1) j CROSS JOIN topics t ON t.key = j.value
                UNION ALL SELECT a.topic_id, t.name, a.key FROM json_each(?1) j CROSS JOIN topic_aliases a ON a.key = j.value
                    JOIN topics t ON t.id = a.topic_id
                """,
            arguments: [json]
        ).map { (id: $0.0, name: $0.1, key: $0.2) }
        let unkeyed = try connection.fetchAll(
            (Topic.ID, String, String).self,
            sql: """
                SELECT id, name, name FROM topics WHERE key IS NULL
                UNION ALL SELECT a.topic_id, a.alias, t.name FROM topic_aliases a JOIN topics t ON t.id = a.topic_id WHERE a.key IS NULL
                """
        )
        .compactMap { id, phrase, name in Self.key(phrase).flatMap { keys.contains($0) ? (id, name, $0) : nil } }
        return stored + unkeyed
    }

    /// Stores the keys of topics and aliases that have none (added or renamed in the shell).
    func storeMissingKeys() throws {
        for (table, column) in [("topics", "name"), ("topic_aliases", "alias")] {
            let rows = try connection.fetchAll(
                (Int64, String).self, sql: "SELECT id, \(column) FROM \(table) WHERE key IS NULL")
            for (id, name) in rows {
                try connection.execute(
                    sql: "UPDATE \(table) SET key = ? WHERE id = ?", arguments: [Self.key(name), id])
            }
        }
    }

    /// The topic with this id, or nil.
    public func topic(_ id: Topic.ID) throws -> Topic? {
        try loadTopics(filter: "WHERE id = ?", arguments: [id]).first
    }

    /// Every topic, by name.
    public func topics() throws -> [Topic] {
        try loadTopics(filter: "", arguments: [])
    }

    /// The topics I care about myself.
    public func myTopics() throws -> [Topic] {
        try loadTopics(filter: "WHERE is_mine = 1", arguments: [])
    }

    /// The topic with this name or alias, created if there is none.
    @discardableResult
    public func addTopic(named name: String) throws -> Topic {
        try requireTopic(try topicID(creating: name))
    }

    /// The id of the topic with this name or alias, created if there is none.
    func topicID(creating name: String) throws -> Topic.ID {
        let name = try requiredText(name, field: "topic")
        if let existing = try topicID(named: name) { return existing }
        try storeMissingKeys()
        try connection.execute(sql: "INSERT INTO topics(name, key) VALUES (?, ?)", arguments: [name, Self.key(name)])
        return Topic.ID(rawValue: connection.lastInsertedRowID)
    }

    /// Renames a topic.
    public func renameTopic(_ id: Topic.ID, to name: String) throws {
        let name = try requiredText(name, field: "topic")
        try requireTopic(id)
        if let other = try topic(named: name), other.id != id {
            throw StoreError.conflict(field: "topic", reason: "another topic already has that name or alias")
        }
        try connection.execute(sql: "UPDATE topics SET name = ? WHERE id = ?", arguments: [name, id])
        try connection.execute(sql: "UPDATE topics SET key = ? WHERE id = ?", arguments: [Self.key(name), id])
    }

    /// Marks a topic as one I care about myself, or not.
    public func setMine(_ id: Topic.ID, _ isMine: Bool = true) throws {
        try requireTopic(id)
        try connection.execute(sql: "UPDATE topics SET is_mine = ? WHERE id = ?", arguments: [isMine, id])
    }

    /// Adds another name for a topic, such as "ML" for "machine learning". Adding it again changes nothing.
    ///
    /// - throws: ``StoreError/conflict(field:reason:)`` when the alias already names another topic.
    public func addAlias(_ alias: String, to id: Topic.ID) throws {
        let alias = try requiredText(alias, field: "alias")
        try requireTopic(id)
        if let other = try topic(named: alias) {
            guard other.id == id else {
                throw StoreError.conflict(field: "alias", reason: "it already names another topic")
            }
            return
        }
        try storeMissingKeys()
        try connection.execute(
            sql: "INSERT INTO topic_aliases(topic_id, alias, key) VALUES (?, ?, ?)",
            arguments: [id, alias, Self.key(alias)])
    }

    /// Groups of topics whose names or aliases mean the same once case, diacritics,
    /// punctuation, spaces and plural or verb endings are set aside ("female vocalist" and
    /// "Female Vocalists", "post-rock" and "post rock", "hip-hop" and "hiphop"), or nearly:
    /// keys one letter apart, as ``nearKeyLength`` says ("colour" and "color", "organisation"
    /// and "organization", a typo). Candidates for ``mergeTopic(_:into:)``, for a
    /// person to judge. Each group is sorted by name; groups by their first name.
    ///
    /// ```swift
    /// for group in try database.read({ try $0.interests.similarTopics() }) {
    ///     print(group.map(\.name).joined(separator: " ~ "))   // post rock ~ post-rock
    /// }
    /// ```
    ///
    /// Keys one letter apart are found by their one-letter deletions (each key and its
    /// shortenings by one letter, looked up together), so the cost follows the vocabulary's
    /// length, not its square.
    public func similarTopics() throws -> [[Topic]] {
        let topics = try self.topics()
        var keys: [String: [Topic.ID]] = [:]
        for topic in topics {
            for name in [topic.name] + topic.aliases {
                keys[Self.key(name) ?? name, default: []].append(topic.id)
            }
        }
        // Topics that share a key, or have keys one letter apart, are joined (union-find).
        var parent: [Topic.ID: Topic.ID] = [:]
        func root(_ id: Topic.ID) -> Topic.ID {
            var id = id
            while let up = parent[id], up != id { id = up }
            return id
        }
        func join(_ ids: [Topic.ID]) {
            for id in ids.dropFirst() { parent[root(id)] = root(ids[0]) }
        }
        for ids in keys.values { join(ids) }
        var byDeletion: [String: [String]] = [:]
        for key in keys.keys where key.count >= Self.nearKeyLength {
            let letters = Array(key)
            for variant in [key] + letters.indices.map({ String(letters[..<$0] + letters[($0 + 1)...]) }) {
                byDeletion[variant, default: []].append(key)
            }
        }
        for near in byDeletion.values where near.count > 1 {
            for (index, a) in near.enumerated() {
                for b in near[(index + 1)...] where a != b {
                    // A letter more or less from the fifth letter on; a letter changed only in long words.
                    let close =
                        a.count != b.count
                        ? min(a.count, b.count) >= Self.nearKeyLength : a.count >= Self.nearKeyLength + 3
                    if close { join((keys[a] ?? []) + (keys[b] ?? [])) }
                }
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: topics.map { ($0.id, $0) })
        return Dictionary(grouping: topics.map(\.id), by: root).values.filter { $0.count > 1 }
            .map { $0.compactMap { byID[$0] }.sorted { $0.name.lowercased() < $1.name.lowercased() } }
            .sorted { $0[0].name.lowercased() < $1[0].name.lowercased() }
    }

    /// The fewest letters a topic's key needs for a key with a letter more or less to count as
    /// nearly the same ("color" and "colour"); a changed letter counts from three letters more
    /// ("organisation" and "organization", not "chess" and "chest").
    public static let nearKeyLength = 5

    /// What a topic's name means with case, diacritics, punctuation, spaces and common English
    /// endings set aside: "Post-Rock" and "post rocks" both give "postrock".
    /// Nil for a name with no letter or digit.
    static func key(_ name: String) -> String? {
        let key = WordStems.of(name).joined()
        return key.isEmpty ? nil : key
    }

    /// Folds topic `other` into `topic`, all or nothing: its interests move (someone who had
    /// both keeps the higher weight), its resources are about `topic`, its name and aliases
    /// become aliases of `topic`, and it is deleted.
    ///
    /// ```swift
    /// try database.write { connection in
    ///     let kept = try #require(try connection.interests.topic(named: "post rock"))
    ///     let other = try #require(try connection.interests.topic(named: "post-rock"))
    ///     try connection.interests.mergeTopic(other.id, into: kept.id)
    /// }
    /// ```
    ///
    /// - throws: ``StoreError/notFound(entity:id:)`` for a missing topic,
    ///   ``StoreError/invalid(field:reason:)`` when both are the same topic.
    public func mergeTopic(_ other: Topic.ID, into topic: Topic.ID) throws {
        try check(other != topic, field: "topic", "cannot be merged into itself")
        try connection.transaction {
            try requireTopic(topic)
            let folded = try requireTopic(other)
            let statements = [
                // Someone interested in both keeps the higher weight, on the kept topic.
                """
                UPDATE interests SET weight = max(weight,
                    (SELECT o.weight FROM interests o WHERE o.person_id = interests.person_id AND o.topic_id = ?2))
                WHERE topic_id = ?1 AND person_id IN (SELECT person_id FROM interests WHERE topic_id = ?2)
                """,
                "DELETE FROM interests WHERE topic_id = ?2 AND person_id IN (SELECT person_id FROM interests WHERE topic_id = ?1)",
                "UPDATE interests SET topic_id = ?1 WHERE topic_id = ?2",
                "INSERT OR IGNORE INTO resource_topics(resource_id, topic_id) SELECT resource_id, ?1 FROM resource_topics WHERE topic_id = ?2",
                "UPDATE topic_aliases SET topic_id = ?1 WHERE topic_id = ?2",
                "UPDATE topics SET is_mine = 1 WHERE id = ?1 AND (SELECT is_mine FROM topics WHERE id = ?2) = 1",
                "DELETE FROM topics WHERE id = ?2",
            ]
            for sql in statements {
                try connection.execute(sql: sql, arguments: [topic, other])
            }
            try connection.execute(
                sql: "INSERT INTO topic_aliases(topic_id, alias, key) VALUES (?, ?, ?)",
                arguments: [topic, folded.name, Self.key(folded.name)])
        }
    }

    /// Deletes a topic, its aliases, and every interest and resource link to it.
    public func deleteTopic(_ id: Topic.ID) throws {
        try requireTopic(id)
        try connection.execute(sql: "DELETE FROM topics WHERE id = ?", arguments: [id])
    }

    // MARK: Interests

    /// Records (or re-weighs) a person's interest in a topic, creating the topic if needed.
    ///
    /// - throws: ``StoreError`` when the weight is outside 1–5, the topic is empty, or the person does not exist.
    @discardableResult
    public func add(_ interest: NewInterest, to person: Person.ID) throws -> Interest {
        try connection.transaction {
            try connection.people.requireExists(person)
            let batch = WriteBatch()
            let topic = try record(interest, for: person, in: batch)
            try batch.write(to: connection)
            return try loadInterests(filter: "WHERE i.person_id = ? AND i.topic_id = ?", arguments: [person, topic])[0]
        }
    }

    /// Records an interest of a person known to exist (or held back in `batch`), inside the
    /// caller's transaction, and returns its topic: the part of ``add(_:to:)`` that
    /// ``PersonRepository/add(_:)`` repeats for each interest of a new person, without
    /// reading anything back. The row waits in `batch` until the caller writes it.
    @discardableResult
    func record(_ interest: NewInterest, for person: Person.ID, in batch: WriteBatch) throws -> Topic.ID {
        try check(
            Self.weights.contains(interest.weight), field: "weight", "must be from 1 to 5, not \(interest.weight)")
        let topic = try batch.topicID(creating: interest.topic, in: connection)
        batch.addInterest(in: topic, weight: interest.weight, learnedOn: interest.learnedOn ?? batch.day, of: person)
        return topic
    }

    /// A person's interests, strongest first.
    public func interests(of person: Person.ID) throws -> [Interest] {
        try loadInterests(filter: "WHERE i.person_id = ?", arguments: [person])
    }

    /// The interests in a topic at or above a weight, strongest first.
    public func interests(in topic: Topic.ID, minimumWeight: Int = 1) throws -> [Interest] {
        try loadInterests(filter: "WHERE i.topic_id = ? AND i.weight >= ?", arguments: [topic, minimumWeight])
    }

    /// Removes an interest.
    public func remove(_ id: Interest.ID) throws {
        try connection.execute(sql: "DELETE FROM interests WHERE id = ?", arguments: [id])
        if connection.changedRowCount == 0 { throw StoreError.notFound(entity: "interest", id: id.rawValue) }
    }

    // MARK: Loading

    @discardableResult
    private func requireTopic(_ id: Topic.ID) throws -> Topic {
        guard let topic = try topic(id) else { throw StoreError.notFound(entity: "topic", id: id.rawValue) }
        return topic
    }

    private func loadTopics(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Topic] {
        var aliases: [Topic.ID: [String]] = [:]
        for (id, alias) in try connection.fetchAll(
            (Topic.ID, String).self,
            sql:
                "SELECT topic_id, alias FROM topic_aliases WHERE topic_id IN (SELECT id FROM topics \(filter)) ORDER BY alias",
            arguments: arguments)
        {
            aliases[id, default: []].append(alias)
        }
        return try connection.fetchAll(
            sql: "SELECT \(Topic.selection()) FROM topics \(filter) ORDER BY name", arguments: arguments
        ) { row in
            var topic = try Topic(row: row)
            topic.aliases = aliases[topic.id] ?? []
            return topic
        }
    }

    private func loadInterests(filter: String, arguments: [(any DatabaseValueConvertible)?]) throws -> [Interest] {
        try connection.fetchAll(
            Interest.self,
            sql: """
                SELECT \(Interest.selection("i")) FROM interests i JOIN topics ON topics.id = i.topic_id
                \(filter)
                ORDER BY i.weight DESC, topics.name, i.person_id
                """,
            arguments: arguments)
    }
}
