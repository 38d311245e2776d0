import Foundation
import Synchronization

/// Everyone's interests packed for "who should get this?": for each topic, who cares about it
/// and how much, and for each person, the length of their whole profile, all at one
/// ``revision`` of the network (migration 0012).
///
/// A question needs, for every interest in the article's topics, the person's profile length
/// (`√Σ (weight × idf)²` over all their interests), which moves with every interest anyone
/// adds. Read from `interests`, that is every profile of everyone who shares a popular topic.
/// Packed, it is a few rows of blobs, summed in memory. The index is found, fastest first,
/// in a small cache of this process (the index last built for each revision), in the file
/// (stored by ``Questions/saveRankingIndex()``), or built from `interests`. Whichever it
/// comes from, it holds the same numbers, so the answers are the same.
struct RankingIndex: Sendable {
    /// Who cares about one topic: places in ``personIDs`` and weights, in the same order.
    struct Postings: Sendable {
        var places: [UInt32] = []
        var weights: [UInt8] = []
    }

    /// `ranking_revision.revision` when it was built: a random number that every change to
    /// interests or people replaces.
    let revision: Int64
    /// How many people the network has (everyone counts, as a document does in BM25).
    let people: Int
    /// The root mean square of everyone's profile length.
    let typicalLength: Double
    /// Everyone with an interest, ascending.
    let personIDs: [Person.ID]
    /// The length of each one's profile, in the order of ``personIDs``.
    let lengths: [Double]
    /// Every topic's postings, or, for an index read from the file, those asked for.
    let topics: [Topic.ID: Postings]

    /// The index of an article with no topics: nobody to score.
    static let empty = RankingIndex(revision: 0, people: 0, typicalLength: 1, personIDs: [], lengths: [], topics: [:])

    /// How specific `topic` is among my people: `ln(1 + (N − n + 0.5) / (n + 0.5))`.
    func idf(_ topic: Topic.ID) -> Double {
        Self.idf(people: people, caring: topics[topic]?.places.count ?? 0)
    }

    static func idf(people: Int, caring: Int) -> Double {
        log(1 + (Double(people) - Double(caring) + 0.5) / (Double(caring) + 0.5))
    }

    /// The place of `person` in ``personIDs``, if they have an interest.
    func place(of person: Person.ID) -> Int? {
        var (low, high) = (0, personIDs.count)
        while low < high {
            let middle = (low + high) / 2
            if personIDs[middle] < person { low = middle + 1 } else { high = middle }
        }
        return low < personIDs.count && personIDs[low] == person ? low : nil
    }

    // MARK: Finding the current index

    /// The index at the network's current revision, with at least `topics`.
    static func current(for topics: some Collection<Topic.ID>, in connection: Connection) throws -> RankingIndex {
        let revision = try currentRevision(in: connection)
        if let cached = cache.withLock({ $0.first { $0.revision == revision } }) { return cached }
        if let stored = try stored(revision: revision, topics: topics, in: connection) { return stored }
        let built = try build(revision: revision, in: connection)
        cache.withLock { cache in
            cache.insert(built, at: 0)
            if cache.count > cacheSize { cache.removeLast() }
        }
        return built
    }

    static func currentRevision(in connection: Connection) throws -> Int64 {
        try connection.fetchValue(sql: "SELECT revision FROM ranking_revision") ?? 0
    }

    /// The indexes built last in this process, newest first. A revision names one state of
    /// one network, so an index found here for the current revision is right for any file.
    private static let cache = Mutex<[RankingIndex]>([])
    private static let cacheSize = 2

    // MARK: Building

    /// Builds the index from `interests`: every interest read once.
    static func build(revision: Int64, in connection: Connection) throws -> RankingIndex {
        let people: Int = try connection.fetchValue(sql: "SELECT count(*) FROM people") ?? 0
        let personIDs = try connection.fetchAll(
            Person.ID.self, sql: "SELECT DISTINCT person_id FROM interests ORDER BY person_id")
        let place = PlaceLookup(personIDs)

        // In the order of `interests_by_topic`, so that each topic's postings come together.
        // Read with a closure, not a tuple of types: a million rows decode without generic lookups.
        var topics: [Topic.ID: Postings] = [:]
        var current: (topic: Topic.ID, postings: Postings)?
        try connection.forEachRow(sql: "SELECT topic_id, weight, person_id FROM interests ORDER BY topic_id") { row in
            var columns = row.columns
            let (topic, weight, person) = (
                try columns.next(Topic.ID.self), try columns.next(Int.self), try columns.next(Person.ID.self)
            )
            if current?.topic != topic {
                if let current { topics[current.topic] = current.postings }
                current = (topic, Postings())
            }
            current?.postings.places.append(place(person))
            current?.postings.weights.append(UInt8(clamping: weight))
        }
        if let current { topics[current.topic] = current.postings }

        var squares = [Double](repeating: 0, count: personIDs.count)
        for postings in topics.values {
            let idf = idf(people: people, caring: postings.places.count)
            for (place, weight) in zip(postings.places, postings.weights) {
                squares[Int(place)] += pow(Double(weight) * idf, 2)
            }
        }
        let sum = squares.reduce(0, +)
        return RankingIndex(
            revision: revision, people: people,
            typicalLength: people > 0 && sum > 0 ? sqrt(sum / Double(people)) : 1,
            personIDs: personIDs, lengths: squares.map { $0.squareRoot() }, topics: topics)
    }

    // MARK: In the file

    /// Writes the whole index into `ranking_index` and `ranking_index_topics`, replacing what
    /// they held.
    func save(in connection: Connection) throws {
        try connection.transaction {
            try connection.execute(sql: "DELETE FROM ranking_index_topics")
            try connection.execute(sql: "DELETE FROM ranking_index")
            try connection.execute(
                sql: """
                    INSERT INTO ranking_index(id, revision, people, typical_length, person_ids, lengths)
                    VALUES (1, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    revision, people, typicalLength, Self.packed(personIDs.map { UInt64(bitPattern: $0.rawValue) }),
                    Self.packed(lengths.map(\.bitPattern)),
                ])
            for (topic, postings) in topics {
                var bytes = Data(capacity: postings.places.count * 5)
                for (place, weight) in zip(postings.places, postings.weights) {
                    withUnsafeBytes(of: place.littleEndian) { bytes.append(contentsOf: $0) }
                    bytes.append(weight)
                }
                try connection.execute(
                    sql: "INSERT INTO ranking_index_topics(topic_id, postings) VALUES (?, ?)",
                    arguments: [topic, bytes])
            }
        }
    }

    /// The index stored in the file, with `topics` only, if it was stored at `revision`.
    static func stored(revision: Int64, topics: some Collection<Topic.ID>, in connection: Connection) throws
        -> RankingIndex?
    {
        guard
            let (people, typicalLength, ids, lengths) = try connection.fetchOne(
                (Int, Double, Data, Data).self,
                sql: "SELECT people, typical_length, person_ids, lengths FROM ranking_index WHERE revision = ?",
                arguments: [revision])
        else { return nil }
        var postings: [Topic.ID: Postings] = [:]
        for (topic, bytes) in try connection.fetchAll(
            (Topic.ID, Data).self,
            sql:
                "SELECT topic_id, postings FROM ranking_index_topics WHERE topic_id IN (SELECT value FROM json_each(?))",
            arguments: [Topic.ID.jsonArray(Array(topics))])
        {
            let count = bytes.count / 5
            var entry = Postings()
            entry.places.reserveCapacity(count)
            entry.weights.reserveCapacity(count)
            bytes.withUnsafeBytes { raw in
                for offset in stride(from: 0, to: count * 5, by: 5) {
                    entry.places.append(
                        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
                    entry.weights.append(raw[offset + 4])
                }
            }
            postings[topic] = entry
        }
        return RankingIndex(
            revision: revision, people: people, typicalLength: typicalLength,
            personIDs: unpacked(ids).map { Person.ID(rawValue: Int64(bitPattern: $0)) },
            lengths: unpacked(lengths).map(Double.init(bitPattern:)), topics: postings)
    }

    /// The place of each person in the ascending ids of everyone with an interest: an array
    /// indexed by id when the ids are small enough (as SQLite gives them), a dictionary when not.
    private struct PlaceLookup {
        private var byID: [UInt32] = []
        private var byKey: [Person.ID: UInt32] = [:]

        init(_ ids: [Person.ID]) {
            if let first = ids.first, let last = ids.last, first.rawValue >= 0,
                last.rawValue < 4 * Int64(ids.count) + 1024
            {
                byID = [UInt32](repeating: 0, count: Int(last.rawValue) + 1)
                for (place, id) in ids.enumerated() { byID[Int(id.rawValue)] = UInt32(place) }
            } else {
                byKey = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, UInt32($0)) })
            }
        }

        func callAsFunction(_ id: Person.ID) -> UInt32 {
            byKey.isEmpty ? byID[Int(id.rawValue)] : byKey[id] ?? 0
        }
    }

    private static func packed(_ values: [UInt64]) -> Data {
        var data = Data(capacity: values.count * 8)
        for value in values {
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    private static func unpacked(_ data: Data) -> [UInt64] {
        data.withUnsafeBytes { raw in
            (0..<raw.count / 8).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}

extension Questions {
    /// Stores the ranking index in the file when it is behind the interests, so that the
    /// next process that asks "who should get this?" reads a few packed rows instead of every
    /// interest of everyone who shares the article's topics. Call it inside a write; it costs
    /// one small read when the stored index is current, and about one read of every interest
    /// when not (0.2 s for a million interests).
    ///
    /// Within one process the index is kept in memory after the first question at each state
    /// of the network, so an app need not call this; the `kith` command does before every
    /// `recommend`. Answers are the same with or without it.
    ///
    /// ```swift
    /// try database.write { try $0.questions.saveRankingIndex() }
    /// ```
    public func saveRankingIndex() throws {
        let revision = try RankingIndex.currentRevision(in: connection)
        let stored: Int64? = try connection.fetchValue(sql: "SELECT revision FROM ranking_index")
        guard stored != revision else { return }
        try RankingIndex.current(for: [], in: connection).save(in: connection)
    }
}
