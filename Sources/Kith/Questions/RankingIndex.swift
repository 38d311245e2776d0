import Foundation
import Synchronization

/// Everyone's interests packed for "who should get this?": for each topic, who cares about it,
/// how much, and what that weight saturates to for the length of their whole profile, and
/// which resources have it and how long each one's topics are, all at one ``revision`` of the
/// network (migrations 0012 and 0014).
///
/// A question needs, for every interest in the article's topics, the person's profile length
/// (`√Σ (weight × idf)²` over all their interests), which moves with every interest anyone
/// adds. Read from `interests`, that is every profile of everyone who shares a popular topic.
/// Packed, it is one row per topic, with each interest's saturation worked out, summed in
/// memory. The index is found, fastest first, in a small cache of this process (for each of
/// the last revisions asked about, the index built then, or the topics read from the file so
/// far), in the file (stored by ``Questions/saveRankingIndex()``), or built from `interests`.
/// Whichever it comes from, it holds the same numbers, so the answers are the same.
struct RankingIndex: Sendable {
    /// Ids (a person's, a resource's), each with a byte and a float, by ascending id, packed
    /// as migration 0012 stores them: the id as a LEB128 varint (zigzag for the first, the
    /// step from the one before for the others), the byte, and the float (4 bytes, little
    /// endian). For a topic's people the byte is the weight and the float its saturation
    /// (migration 0014, ``Interested``); for its resources, 1 and the length of their topics;
    /// for a resource's shares, the reception and 0.
    struct Postings: Sendable {
        /// How many entries the row says the postings hold (a row cut short holds fewer).
        let count: Int
        let bytes: Data

        /// Packs `entries` (ascending ids) with their bytes and floats.
        init(_ entries: [(id: Int64, byte: UInt8, float: Float)]) {
            var bytes = Data(capacity: entries.count * 7)
            var previous: Int64?
            for (id, byte, float) in entries {
                var value = previous.map { UInt64(bitPattern: id &- $0) } ?? UInt64(bitPattern: (id << 1) ^ (id >> 63))
                previous = id
                while value >= 0x80 {
                    bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
                    value >>= 7
                }
                bytes.append(UInt8(value))
                bytes.append(byte)
                withUnsafeBytes(of: float.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
            self.init(count: entries.count, bytes: bytes)
        }

        /// Postings as the file holds them.
        init(count: Int, bytes: Data) {
            self.count = count
            self.bytes = bytes
        }

        /// Calls `body` with each id, its byte and its float, in order.
        @inline(__always) func forEach(_ body: (Int64, UInt8, Float) -> Void) {
            bytes.withUnsafeBytes { raw in
                var reader = Reader(raw: raw)
                while let (id, byte, float) = reader.next() { body(id, byte, float) }
            }
        }

        /// Reads packed postings one entry at a time; a truncated last entry ends them.
        ///
        /// Every topic read from the file, and every resource and share a question weighs, runs
        /// through ``next()``, so it is written for as few instructions as can be: wrapping
        /// arithmetic on offsets that the guards keep in bounds, and the rare id step of more
        /// than one byte read out of line.
        struct Reader {
            private let bytes: UnsafeRawPointer?
            private let count: Int
            private var offset = 0
            private var id: Int64 = 0
            private var first = true

            init(raw: UnsafeRawBufferPointer) {
                bytes = raw.baseAddress
                count = raw.count
            }

            /// The next id, byte and float, or nil after the last.
            @inline(__always) mutating func next() -> (id: Int64, byte: UInt8, float: Float)? {
                guard count &- offset >= 6, let bytes else { return nil }
                var value = UInt64(bytes.load(fromByteOffset: offset, as: UInt8.self))
                offset &+= 1
                if value >= 0x80 {
                    // A step of more than one byte: rare, since ids are close together.
                    value = Self.restOfVarint(value, bytes, &offset, count)
                    guard count &- offset >= 5 else { return nil }
                }
                id =
                    first
                    ? Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) : id &+ Int64(bitPattern: value)
                first = false
                let byte = bytes.load(fromByteOffset: offset, as: UInt8.self)
                let float = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset &+ 1, as: UInt32.self))
                offset &+= 5
                return (id, byte, Float(bitPattern: float))
            }

            /// The value of a LEB128 varint whose first byte, `first`, said more follow, read
            /// from `offset` on and never past `count`.
            @inline(never) private static func restOfVarint(
                _ first: UInt64, _ bytes: UnsafeRawPointer, _ offset: inout Int, _ count: Int
            ) -> UInt64 {
                var value = first & 0x7F
                var shift: UInt64 = 7
                var byte: UInt8
                repeat {
                    byte = bytes.load(fromByteOffset: offset, as: UInt8.self)
                    value |= UInt64(byte & 0x7F) << shift
                    shift += 7
                    offset += 1
                } while byte >= 0x80 && offset < count && shift < 64
                return value
            }
        }
    }

    /// `ranking_revision.revision` when it was built: a random number that every change to
    /// interests or people replaces.
    let revision: Int64
    /// How many people the network has (everyone counts, as a document does in BM25).
    let people: Int
    /// How many resources are stored.
    let resources: Int
    /// The root mean square of everyone's profile length.
    let typicalLength: Double
    /// The smallest and the largest id of anyone with an interest.
    let personIDs: ClosedRange<Int64>
    /// Who cares about every topic, or, for an index read from the file, about those of ``read``.
    let topics: [Topic.ID: Interested]
    /// The resources with each topic, each with weight 1 and the length of its topics
    /// (`√Σ idf²`, idf among resources); every topic's, or those of ``read``.
    let resourceTopics: [Topic.ID: Postings]
    /// The topics read from the file so far (one nobody cares about has no postings), or nil
    /// for an index built from `interests`, which holds every topic.
    let read: Set<Topic.ID>?

    /// The index of an article with no topics: nobody to score.
    static let empty = RankingIndex(
        revision: 0, people: 0, resources: 0, typicalLength: 1, personIDs: 0...0, topics: [:], resourceTopics: [:],
        read: nil)

    /// Whether the index has what it holds on `topic`: always when it was built.
    func holds(_ topic: Topic.ID) -> Bool {
        read?.contains(topic) ?? true
    }

    /// How specific `topic` is among my people: `ln(1 + (N − n + 0.5) / (n + 0.5))`.
    func idf(_ topic: Topic.ID) -> Double {
        Self.idf(having: topics[topic]?.count ?? 0, of: people)
    }

    /// How specific `topic` is among resources: `ln(1 + (R − r + 0.5) / (r + 0.5))`; 0 when no
    /// resource has it.
    func resourceIDF(_ topic: Topic.ID) -> Double {
        resourceTopics[topic].map { Self.idf(having: $0.count, of: resources) } ?? 0
    }

    /// `ln(1 + (N − n + 0.5) / (n + 0.5))` for `n` of `N` people (or resources) having a topic.
    private static func idf(having n: Int, of total: Int) -> Double {
        log(1 + (Double(total) - Double(n) + 0.5) / (Double(n) + 0.5))
    }

    // MARK: Finding the current index

    /// The index at the network's current revision, with at least `topics`: those the cache
    /// lacks are read from the file and kept with the rest.
    static func current(for topics: some Collection<Topic.ID>, in connection: Connection) throws -> RankingIndex {
        let revision = try currentRevision(in: connection)
        let cached = cache.withLock { $0.first { $0.revision == revision } }
        let missing = topics.filter { !(cached?.holds($0) ?? false) }
        if let cached, missing.isEmpty { return cached }
        let found =
            try stored(revision: revision, topics: missing, in: connection).map { cached?.adding($0) ?? $0 }
            ?? build(revision: revision, in: connection)
        remember(found)
        return found
    }

    /// The whole index at `revision`, for storing: the one built in this process, else built
    /// now (never one read from the file, which holds only the topics asked for).
    static func whole(at revision: Int64, in connection: Connection) throws -> RankingIndex {
        if let built = cache.withLock({ $0.first { $0.revision == revision && $0.read == nil } }) { return built }
        let built = try build(revision: revision, in: connection)
        remember(built)
        return built
    }

    /// Keeps `index` as the cache's entry for its revision, newest first.
    private static func remember(_ index: RankingIndex) {
        cache.withLock { cache in
            cache.removeAll { $0.revision == index.revision }
            cache.insert(index, at: 0)
            if cache.count > cacheSize { cache.removeLast() }
        }
    }

    /// This index with the topics `more` read from the file at the same revision.
    private func adding(_ more: RankingIndex) -> RankingIndex {
        RankingIndex(
            revision: revision, people: people, resources: resources, typicalLength: typicalLength,
            personIDs: personIDs, topics: topics.merging(more.topics) { $1 },
            resourceTopics: resourceTopics.merging(more.resourceTopics) { $1 },
            read: read.map { $0.union(more.read ?? []) })
    }

    static func currentRevision(in connection: Connection) throws -> Int64 {
        try connection.fetchValue(sql: "SELECT revision FROM ranking_revision") ?? 0
    }

    /// The indexes of the last revisions asked about in this process, newest first: built,
    /// or read from the file topic by topic. A revision names one state of one network, so an
    /// index found here for the current revision is right for any file. Each holds at most
    /// the whole index of one revision.
    private static let cache = Mutex<[RankingIndex]>([])
    private static let cacheSize = 2

    /// Drops the cache's entry for `revision`: its index was found damaged, so the next
    /// question reads the file again (where the rows may have been mended) or builds anew.
    static func forget(revision: Int64) {
        cache.withLock { $0.removeAll { $0.revision == revision } }
    }

    /// Empties the process's cache, so that the next question reads the file or builds anew.
    static func forgetCached() {
        cache.withLock { $0.removeAll() }
    }

    // MARK: Building

    /// Builds the index from `interests` and `resource_topics`, every row read once.
    static func build(revision: Int64, in connection: Connection) throws -> RankingIndex {
        let people: Int = try connection.fetchValue(sql: "SELECT count(*) FROM people") ?? 0
        let resources: Int = try connection.fetchValue(sql: "SELECT count(*) FROM resources") ?? 0
        // In the order of the index `interests_by_topic`, so that each topic's come together.
        var byTopic: [(topic: Topic.ID, people: [(id: Person.ID, weight: UInt8)])] = []
        try connection.forEachRow(sql: "SELECT topic_id, person_id, weight FROM interests ORDER BY topic_id") { row in
            var columns = row.columns
            let topic = try columns.next(Topic.ID.self)
            let posting = (id: try columns.next(Person.ID.self), weight: UInt8(clamping: try columns.next(Int.self)))
            if byTopic.last?.topic != topic { byTopic.append((topic, [])) }
            byTopic[byTopic.count - 1].people.append(posting)
        }

        var squares: [Person.ID: Double] = [:]
        for (_, postings) in byTopic {
            let idf = idf(having: postings.count, of: people)
            for (person, weight) in postings {
                squares[person, default: 0] += pow(Double(weight) * idf, 2)
            }
        }
        let sum = squares.values.reduce(0, +)
        let typicalLength = people > 0 && sum > 0 ? sqrt(sum / Double(people)) : 1
        let saturation = Saturation(typicalLength: typicalLength)
        var topics: [Topic.ID: Interested] = [:]
        for (topic, postings) in byTopic {
            topics[topic] = Interested(
                postings.sorted { $0.id < $1.id }.map {
                    ($0.id.rawValue, $0.weight, saturation($0.weight, length: (squares[$0.id] ?? 0).squareRoot()))
                })
        }
        let ids = squares.keys.map(\.rawValue)
        return RankingIndex(
            revision: revision, people: people, resources: resources, typicalLength: typicalLength,
            personIDs: (ids.min() ?? 0)...(ids.max() ?? 0), topics: topics,
            resourceTopics: try resourceTopics(resources: resources, in: connection), read: nil)
    }

    /// The resources with each topic, with the length of each one's topics.
    private static func resourceTopics(resources: Int, in connection: Connection) throws -> [Topic.ID: Postings] {
        var byTopic: [Topic.ID: [Int64]] = [:]
        for (topic, resource) in try connection.fetchAll(
            (Topic.ID, Int64).self, sql: "SELECT topic_id, resource_id FROM resource_topics ORDER BY topic_id")
        {
            byTopic[topic, default: []].append(resource)
        }
        var squares: [Int64: Double] = [:]
        for resourcesWithTopic in byTopic.values {
            let idf = idf(having: resourcesWithTopic.count, of: resources)
            for resource in resourcesWithTopic { squares[resource, default: 0] += idf * idf }
        }
        return byTopic.mapValues { resourcesWithTopic in
            Postings(resourcesWithTopic.sorted().map { ($0, 1, Float((squares[$0] ?? 0).squareRoot())) })
        }
    }

    // MARK: In the file

    /// Writes the whole index into `ranking_index`, `ranking_index_topics` and
    /// `ranking_index_resources`, replacing what they held.
    func save(in connection: Connection) throws {
        try connection.transaction {
            try connection.execute(sql: "DELETE FROM ranking_index_topics")
            try connection.execute(sql: "DELETE FROM ranking_index_resources")
            try connection.execute(sql: "DELETE FROM ranking_index")
            try connection.execute(
                sql: """
                    INSERT INTO ranking_index(
                        id, revision, people, resources, typical_length, first_person_id, last_person_id)
                    VALUES (1, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [revision, people, resources, typicalLength, personIDs.lowerBound, personIDs.upperBound])
            for (topic, interested) in topics {
                try connection.execute(
                    sql: "INSERT INTO ranking_index_topics(topic_id, people, postings) VALUES (?, ?, ?)",
                    arguments: [topic, interested.count, interested.postings.bytes])
            }
            for (topic, postings) in resourceTopics {
                try connection.execute(
                    sql: "INSERT INTO ranking_index_resources(topic_id, resources, postings) VALUES (?, ?, ?)",
                    arguments: [topic, postings.count, postings.bytes])
            }
        }
    }

    /// The index stored in the file, with `topics` only, if it was stored at `revision`.
    static func stored(revision: Int64, topics: some Collection<Topic.ID>, in connection: Connection) throws
        -> RankingIndex?
    {
        guard
            let (people, resources, typicalLength, first, last) = try connection.fetchOne(
                (Int, Int, Double, Int64, Int64).self,
                sql: """
                    SELECT people, resources, typical_length, first_person_id, last_person_id FROM ranking_index
                    WHERE revision = ?
                    """,
                arguments: [revision])
        else { return nil }
        func postings(in table: String, counted column: String) throws -> [Topic.ID: Postings] {
            // Two table names and two column names of migration 0012, never a value.
            var postings: [Topic.ID: Postings] = [:]
            for (topic, count, bytes) in try connection.fetchAll(
                (Topic.ID, Int, Data).self,
                sql: """
                    SELECT topic_id, \(column), postings FROM \(table)
                    WHERE topic_id IN (SELECT value FROM json_each(?))
                    """,
                arguments: [Topic.ID.jsonArray(Array(topics))])
            {
                postings[topic] = Postings(count: count, bytes: bytes)
            }
            return postings
        }
        return RankingIndex(
            revision: revision, people: people, resources: resources, typicalLength: typicalLength,
            personIDs: first...max(first, last),
            topics: unpacked(try postings(in: "ranking_index_topics", counted: "people")),
            resourceTopics: try postings(in: "ranking_index_resources", counted: "resources"), read: Set(topics))
    }

    /// Each topic's people unpacked from the file, the topics shared out among the machine's
    /// cores: a popular topic holds tens of thousands of interests, and this is the largest
    /// part of the first question a process asks at a revision.
    private static func unpacked(_ packed: [Topic.ID: Postings]) -> [Topic.ID: Interested] {
        let topics = Array(packed)
        let unpacked = Mutex<[Topic.ID: Interested]>(Dictionary(minimumCapacity: topics.count))
        DispatchQueue.concurrentPerform(iterations: topics.count) { index in
            let interested = Interested(topics[index].value)
            unpacked.withLock { $0[topics[index].key] = interested }
        }
        return unpacked.withLock { $0 }
    }
}

extension Questions {
    /// Stores the ranking index in the file when it is behind the network, so that the next
    /// process that asks "who should get this?" reads two packed rows per topic of the article
    /// instead of every profile of everyone who shares them and every topic of every resource
    /// that does, and one packed row per similar resource instead of all its shares. Call it
    /// inside a write; it costs two small reads when the stored index is current, about one
    /// read of every interest and resource topic when the network changed, and a read of the
    /// shares of each resource whose shares changed.
    ///
    /// It also merges the full-text indexes of notes and how-we-met texts, which a question
    /// searches for every word of the article, each into one piece when it has grown into
    /// more than four (as after an import): a word costs a lookup per piece. That rewrites
    /// the index, about 60 ms for 100,000 notes, and happens again only after more writes.
    ///
    /// Within one process the interests part is kept in memory after the first question at
    /// each state of the network; the shares part is only read from the file, so an app that
    /// shares often asks faster after calling this now and then. The `kith` command calls it
    /// before every `recommend`. Answers are the same with or without it.
    ///
    /// ```swift
    /// try database.write { try $0.questions.saveRankingIndex() }
    /// ```
    public func saveRankingIndex() throws {
        let revision = try RankingIndex.currentRevision(in: connection)
        let stored: Int64? = try connection.fetchValue(sql: "SELECT revision FROM ranking_index")
        if stored != revision { try RankingIndex.whole(at: revision, in: connection).save(in: connection) }
        try RankingIndex.packStaleShares(in: connection)
        try FullTextIndexes.merge(["notes_search", "how_we_met_search"], in: connection)
    }
}
