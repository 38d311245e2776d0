import Synchronization

/// Every topic's and alias's key, at one ``revision`` of the vocabulary (migration 0015): how
/// "who should get this?" finds the topics named in an article, every run of up to eight of
/// its words looked up as a key.
///
/// The first question a process asks at a revision (every `kith recommend`) looks its keys up
/// in the key indexes, one search a key, rather than read the whole vocabulary. From the
/// second on (an app's), every key is read into memory once, and a look-up costs what the
/// article's length does, not the vocabulary's. The revision moves whenever a topic or an
/// alias is added, removed, renamed or given its key, by Kith or in the sqlite3 shell; a row
/// whose key is not stored yet (added or renamed in the shell) is given the one Kith would store.
struct TopicKeys: Sendable {
    /// `topic_revision.revision` when the keys were read.
    let revision: Int64
    /// The topics each key names (through the topic's own name or an alias), with the
    /// topic's name.
    let topics: [String: [(id: Topic.ID, name: String)]]

    /// The topics each of `keys` names (through a topic's own name or an alias), in the order
    /// of `keys`, with each topic's name: from memory, or from the key indexes the first time
    /// at a revision.
    static func topics(named keys: [String], in connection: Connection) throws -> [[(id: Topic.ID, name: String)]] {
        guard !keys.isEmpty else { return [] }
        let revision: Int64 = try connection.fetchValue(sql: "SELECT revision FROM topic_revision") ?? 0
        let (kept, askedBefore) = state.withLock { state in
            defer {
                state.asked = [revision] + state.asked.filter { $0 != revision }.prefix(Self.revisionsRemembered - 1)
            }
            return (state.kept.flatMap { $0.revision == revision ? $0 : nil }, state.asked.contains(revision))
        }
        let inMemory: TopicKeys
        if let kept {
            inMemory = kept
        } else if askedBefore {
            inMemory = try read(revision: revision, in: connection)
            state.withLock { $0.kept = inMemory }
        } else {
            let found = Dictionary(grouping: try connection.interests.topics(withKeys: Set(keys)), by: \.key)
            return keys.map { key in found[key]?.map { ($0.id, $0.name) } ?? [] }
        }
        return keys.map { inMemory.topics[$0] ?? [] }
    }

    /// Every key at `revision`, read from the file.
    static func read(revision: Int64, in connection: Connection) throws -> TopicKeys {
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
        return TopicKeys(revision: revision, topics: topics)
    }

    /// The keys this process read last, and the revisions it asked at last, newest first.
    private static let state = Mutex<(kept: TopicKeys?, asked: [Int64])>((nil, []))
    /// How many revisions asked at are remembered: a process that asks of a few files in turn
    /// (or tests run side by side) still finds a revision it asked at before.
    private static let revisionsRemembered = 4
}
