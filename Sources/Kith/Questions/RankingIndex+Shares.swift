import Foundation

/// Who passed each resource between me and my people, packed one row per resource
/// (`ranking_index_shares`, migration 0013), for the history of "who should get this?".
///
/// A row depends only on its own resource's shares, so triggers mark it stale on any change
/// to them and ``Questions/saveRankingIndex()`` packs the stale rows again; a question reads
/// `shares` for any resource whose row is stale or missing, and gets the same answer.
extension RankingIndex {
    /// How a resource passed between me and one person: a bit for each kind of share of it.
    struct Reception: OptionSet {
        let rawValue: UInt8

        /// They gave it to me, or my gift was thanked or found useful.
        static let counted = Reception(rawValue: 1)
        /// My gift, with nothing more known.
        static let given = Reception(rawValue: 2)
        /// My gift, with no reply.
        static let unanswered = Reception(rawValue: 4)

        /// The factor of the best of these receptions (``Questions/Scoring``).
        var factor: Double {
            max(
                contains(.counted) ? 1 : 0, contains(.given) ? Questions.Scoring.givenShareFactor : 0,
                contains(.unanswered) ? Questions.Scoring.unansweredShareFactor : 0)
        }

        /// The SQL that gives a row of `shares` its reception bit.
        static let sql = """
            CASE WHEN direction = 'given' AND reception = 'no-reply' THEN 4
                WHEN direction = 'given' AND reception IS NULL THEN 2 ELSE 1 END
            """
    }

    /// Calls `body` with each resource of `resources`, each person it passed between us and
    /// how: from the packed rows that are current, and from `shares` for the others. Each
    /// resource's shares come together, by person; a person may come twice in a row (the
    /// same resource given and received), never further apart.
    static func forEachShare(
        of resources: [Resource.ID], in connection: Connection,
        _ body: (Resource.ID, Person.ID, Reception) throws -> Void
    ) throws {
        var unpacked = Set(resources)
        for (resource, bytes, count) in try connection.fetchAll(
            (Resource.ID, Data, Int).self,
            sql: """
                SELECT resource_id, postings, people FROM ranking_index_shares
                WHERE resource_id IN (SELECT value FROM json_each(?)) AND postings IS NOT NULL
                """,
            arguments: [Resource.ID.jsonArray(resources)])
        {
            unpacked.remove(resource)
            var shares: [(Person.ID, Reception)] = []
            Postings(count: count, bytes: bytes).forEach { person, reception, _ in
                shares.append((Person.ID(rawValue: person), Reception(rawValue: reception)))
            }
            for (person, reception) in shares { try body(resource, person, reception) }
        }
        guard !unpacked.isEmpty else { return }
        try connection.forEachRow(
            sql: """
                SELECT resource_id, person_id, \(Reception.sql) FROM shares
                WHERE resource_id IN (SELECT value FROM json_each(?)) ORDER BY resource_id, person_id
                """,
            arguments: [Resource.ID.jsonArray(Array(unpacked))]
        ) { row in
            var columns = row.columns
            try body(
                try columns.next(Resource.ID.self), try columns.next(Person.ID.self),
                Reception(rawValue: UInt8(clamping: try columns.next(Int.self))))
        }
    }

    /// Packs the shares of every resource whose row is stale, and deletes the rows of
    /// resources no longer shared. Inside a write. Rows come resource by resource (the
    /// stale index is in that order, so the sort costs nothing), which the packing relies on.
    static func packStaleShares(in connection: Connection) throws {
        var packed: [(resource: Resource.ID, people: [Int64: UInt8])] = []
        try connection.forEachRow(
            sql: """
                SELECT p.resource_id, s.person_id, \(Reception.sql)
                FROM ranking_index_shares p INDEXED BY ranking_index_shares_stale
                LEFT JOIN shares s ON s.resource_id = p.resource_id
                WHERE p.postings IS NULL ORDER BY p.resource_id
                """
        ) { row in
            var columns = row.columns
            let resource = try columns.next(Resource.ID.self)
            if packed.last?.resource != resource { packed.append((resource, [:])) }
            guard let person = try columns.next(Person.ID?.self) else { return }
            packed[packed.count - 1].people[person.rawValue, default: 0] |= UInt8(try columns.next(Int.self))
        }
        for (resource, people) in packed {
            guard !people.isEmpty else {
                try connection.execute(
                    sql: "DELETE FROM ranking_index_shares WHERE resource_id = ?", arguments: [resource])
                continue
            }
            let postings = Postings(people.sorted { $0.key < $1.key }.map { ($0.key, $0.value, 0) })
            try connection.execute(
                sql: "UPDATE ranking_index_shares SET people = ?, postings = ? WHERE resource_id = ?",
                arguments: [postings.count, postings.bytes, resource])
        }
    }
}
