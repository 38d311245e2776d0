import Synchronization

/// Every topic's and alias's key, at one ``revision`` of the vocabulary (migration 0015), so
/// that "who should get this?" finds the topics named in an article by looking each run of
/// its words up in memory: the cost follows the article's length, not the vocabulary's.
///
/// This process keeps the keys it read last. A question reads `topic_revision` and reads
/// every key again only when the revision has moved: a topic or an alias was added, removed,
/// renamed or given its key, by Kith or in the sqlite3 shell. A row whose key is not stored
/// yet (added or renamed in the shell) is given the one Kith would store.
struct TopicKeys: Sendable {
    /// `topic_revision.revision` when the keys were read.
    let revision: Int64
    /// The topics each key names (through the topic's own name or an alias), with the
    /// topic's name.
    let topics: [String: [(id: Topic.ID, name: String)]]

    /// The keys at the vocabulary's current revision: this process's copy, or read anew.
    static func current(in connection: Connection) throws -> TopicKeys {
        let revision: Int64 = try connection.fetchValue(sql: "SELECT revision FROM topic_revision") ?? 0
        if let kept = kept.withLock({ $0 }), kept.revision == revision { return kept }
        var topics: [String: [(id: Topic.ID, name: String)]] = [:]
        let rows = try connection.fetchAll(
            (Topic.ID, String, String, String?).self,
            sql: """
                SELECT id, name, name, key FROM topics
                UNION ALL SELECT a.topic_id, t.name, a.alias, a.key FROM topic_aliases a JOIN topics t ON t.id = a.topic_id
                """)
        for (id, name, phrase, key) in rows {
            guard let key = key ?? InterestRepository.key(phrase) else { continue }
            topics[key, default: []].append((id, name))
        }
        let read = TopicKeys(revision: revision, topics: topics)
        kept.withLock { $0 = read }
        return read
    }

    /// The keys this process read last.
    private static let kept = Mutex<TopicKeys?>(nil)
}
