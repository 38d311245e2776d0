import Foundation

/// The schema's full-text indexes (Migrations/0002_text_search.sql, 0009_people_search.sql),
/// and keeping them in few pieces.
///
/// FTS5 writes each batch of changes as a new *segment* (a b-tree of its own) and merges
/// segments only now and then, so a bulk import leaves an index in ten or more. Every word
/// of a query is then looked up once per segment: on a network of 100,000 notes in 13
/// segments, that was 145,000 instructions a word before a single match was read, about
/// ten times its cost in one segment, and "who should get this?" looks up every word of
/// an article in two indexes.
enum FullTextIndexes {
    /// Each index, and whether every row of its content table is in it (phones_search keeps
    /// no content to compare; how_we_met_search skips people with no how-we-met).
    static let all = [
        (name: "notes_search", holdsEveryRow: true), (name: "how_we_met_search", holdsEveryRow: false),
        (name: "people_search", holdsEveryRow: true), (name: "emails_search", holdsEveryRow: true),
        (name: "phones_search", holdsEveryRow: false),
    ]

    /// The most segments an index keeps before ``merge(_:in:)`` merges it into one.
    static let mostSegments = 4

    /// The number of segments `index` is in now (one row of its `_idx` table per leaf page,
    /// each naming its segment).
    static func segments(of index: String, in connection: Connection) throws -> Int {
        try connection.fetchValue(sql: "SELECT count(DISTINCT segid) FROM \(index)_idx") ?? 0
    }

    /// Merges each of `indexes` into one segment when it is in more than ``mostSegments``:
    /// FTS5's `optimize`, which rewrites the index (about 60 ms for 100,000 short notes) and
    /// changes no answer. Call it inside a write.
    static func merge(_ indexes: [String], in connection: Connection) throws {
        for index in indexes where try segments(of: index, in: connection) > mostSegments {
            try connection.execute(sql: "INSERT INTO \(index)(\(index)) VALUES ('optimize')")
        }
    }
}
