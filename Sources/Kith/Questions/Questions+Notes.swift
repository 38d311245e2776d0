import Foundation

extension Questions {
    /// A note or how-we-met text that matches the article's words: whose it is, its BM25
    /// relevance (`-bm25`, higher is better), and its text with the matched words marked.
    typealias NoteMatch = (person: Person.ID, relevance: Double, marked: String)

    /// The article's significant words (four letters or more, common words left out, 40 at
    /// most), which notes and how-we-met texts are searched for; nil when it has none.
    struct NoteQuery {
        let words: [String]

        init?(_ text: String) {
            var seen = Set<String>()
            words = Array(
                text.lowercased()
                    .split { !($0.isLetter || $0.isNumber) }
                    .map(String.init)
                    .filter { $0.count >= 4 && !Questions.stopWords.contains($0) && seen.insert($0).inserted }
                    .prefix(40))
            guard !words.isEmpty else { return nil }
        }

        /// An FTS5 query that matches any of `words`, each quoted so that nothing in the
        /// article is read as FTS5 syntax.
        static func matching(any words: [String]) -> String {
            words.map { "\"\($0)\"" }.joined(separator: " OR ")
        }
    }

    /// The tokenizer of `notes_search` and `how_we_met_search`, as migration 0002 declares it.
    static let noteTokenizer = "porter unicode61 remove_diacritics 2"

    /// Up to how many people in reach have their notes and how-we-met texts read and
    /// tokenized before the full-text indexes are searched (see ``addNoteReasons(_:to:of:)``).
    /// Reading them costs what the length of their texts does, whatever the size of the
    /// network; for a few hundred people, it may cost more than the index's lists it spares.
    static let peopleWhoseTextsAreRead = 200

    /// How many bytes of the texts of the people in reach are tokenized, at most: the texts
    /// past it (long notes pasted in, say) are searched in the index as if they held every
    /// word, so the answer stays the same and the reading stays short.
    static let textBytesTokenized = 64 * 1024

    /// Adds each person's best note or how-we-met match (by BM25 over the article's words) to
    /// the pool: for `people` only, or for everyone when `people` is nil.
    ///
    /// A word's list in the index holds every note in the file that has it, so searching all
    /// of them costs more, the larger the network. When only a few people are in reach,
    /// their own texts are read and tokenized as the index does first: only the texts that
    /// hold one of the article's words are searched, for those of its words they hold. The
    /// relevance and the marked words come out the same, since a word a text lacks adds
    /// nothing to its BM25, while the index still counts, for each word, every note that has it.
    func addNoteReasons(_ query: NoteQuery, to pool: inout CandidatePool, of people: [Person.ID]?) throws {
        let matches: [NoteMatch]
        if let people, people.count <= Self.peopleWhoseTextsAreRead {
            matches = try noteMatches(query, inTextsOf: people)
        } else {
            // Each note or text that matches is tested against those of the people in reach
            // (a binary search in a bound value) before it is joined, ranked or marked.
            let notes = try people.map {
                IDSet(
                    try connection.fetchAll(
                        Int64.self,
                        sql: "SELECT n.id FROM json_each(?) person CROSS JOIN notes n ON n.person_id = person.value",
                        arguments: [Person.ID.jsonArray($0)]))
            }
            matches = try noteMatches(
                NoteQuery.matching(any: query.words), notes: notes, howWeMet: people.map { IDSet($0.map(\.rawValue)) })
        }
        var best: [Person.ID: Reason] = [:]
        for (person, relevance, marked) in matches {
            let words = Self.markedWords(marked)
            let wordCount = words.map { $0.split(separator: " ").count }.reduce(0, +)
            let points =
                min(Scoring.maximumNoteWordPoints, Scoring.notePointsPerWord * Double(wordCount))
                + Scoring.noteRelevancePoints * relevance / (1 + relevance)
            let rounded = Self.rounded(points)
            if rounded > (best[person]?.points ?? 0) {
                best[person] = Reason(
                    kind: .note, detail: "'\(words.prefix(3).joined(separator: "', '"))'", points: rounded)
            }
        }
        pool.add(best.map { ($0.key, $0.value) })
    }

    /// The matches among the notes and how-we-met texts of `people`, found by reading them
    /// first: only those that hold all the tokens of one of the article's words are
    /// searched for, with the words they hold (and those past ``textBytesTokenized``, for
    /// every word).
    private func noteMatches(_ query: NoteQuery, inTextsOf people: [Person.ID]) throws -> [NoteMatch] {
        let ids = Person.ID.jsonArray(people)
        let notes = try connection.fetchAll(
            (Int64, String).self,
            sql: "SELECT n.id, n.body FROM json_each(?) person CROSS JOIN notes n ON n.person_id = person.value",
            arguments: [ids])
        let howWeMet = try connection.fetchAll(
            (Int64, String).self,
            sql: """
                SELECT id, how_we_met FROM people
                WHERE id IN (SELECT value FROM json_each(?)) AND how_we_met IS NOT NULL
                """,
            arguments: [ids])
        let tokenizer = try FullTextTokenizer(Self.noteTokenizer, on: connection)
        let words = query.words.map { ($0, tokenizer.tokens(of: $0)) }
        var held = Set<String>()
        var unread = Self.textBytesTokenized
        /// The rows whose text holds one of the words, noting the words held.
        func holding(_ texts: [(Int64, String)]) -> IDSet {
            IDSet(
                texts.compactMap { row, text in
                    unread -= text.utf8.count
                    guard unread >= 0 else {
                        held.formUnion(query.words)
                        return row
                    }
                    let tokens = Set(tokenizer.tokens(of: text))
                    let found = words.filter { $0.1.allSatisfy(tokens.contains) }.map(\.0)
                    held.formUnion(found)
                    return found.isEmpty ? nil : row
                })
        }
        let (noteRows, howWeMetRows) = (holding(notes), holding(howWeMet))
        guard !held.isEmpty else { return [] }
        return try noteMatches(
            NoteQuery.matching(any: query.words.filter(held.contains)), notes: noteRows, howWeMet: howWeMetRows)
    }

    /// The notes and how-we-met texts that match the FTS5 `query`, all of them or those
    /// whose rows are in `notes` and `howWeMet` (how-we-met rows are people); an empty set
    /// is not searched.
    private func noteMatches(_ query: String, notes: IDSet?, howWeMet: IDSet?) throws -> [NoteMatch] {
        /// The matches of one index (`select` up to its filter), kept to `rows` when given.
        func search(_ index: String, _ select: String, rows: IDSet?) throws -> [NoteMatch] {
            guard rows?.ids.isEmpty != true else { return [] }
            let filter = rows == nil ? "?2 IS NULL" : "kith_contains(?2, \(index).rowid)"
            return try connection.fetchAll(
                (Person.ID, Double, String).self, sql: "\(select) AND \(filter)", arguments: [query, rows])
        }
        return try search(
            "notes_search",
            """
            SELECT n.person_id, -bm25(notes_search), highlight(notes_search, 0, char(1), char(2))
            FROM notes_search JOIN notes n ON n.id = notes_search.rowid WHERE notes_search MATCH ?1
            """, rows: notes)
            + search(
                "how_we_met_search",
                """
                SELECT rowid, -bm25(how_we_met_search), highlight(how_we_met_search, 0, char(1), char(2))
                FROM how_we_met_search WHERE how_we_met_search MATCH ?1
                """, rows: howWeMet)
    }

    private static let stopWords: Set<String> = [
        "the", "and", "for", "with", "that", "this", "from", "your", "you", "are", "was", "were", "have", "has",
        "had", "not", "but", "all", "can", "will", "about", "into", "how", "what", "why", "who", "when", "where",
        "which", "their", "there", "they", "them", "our", "out", "its", "his", "her", "she", "him", "more", "most",
        "some", "than", "then", "too", "very", "just", "also", "new", "one", "two", "get", "got", "use", "using",
        "does", "did", "been", "being", "over", "under", "after", "before", "through", "each", "any", "these", "those",
    ]

    /// The distinct words FTS5's highlight() marked between \u{1} and \u{2}, with neighbours
    /// joined into phrases: "\u{1}speech\u{2} \u{1}recognition\u{2}" → ["speech recognition"].
    /// A phrase counts once per word in it.
    static func markedWords(_ marked: String) -> [String] {
        var phrases: [String] = []
        var current = ""
        var inside = false
        var gap = ""
        for character in marked {
            switch character {
            case "\u{1}":
                inside = true
                if !current.isEmpty, gap.allSatisfy(\.isWhitespace) {
                    current += gap
                } else if !current.isEmpty {
                    phrases.append(current)
                    current = ""
                }
                gap = ""
            case "\u{2}":
                inside = false
            default:
                if inside { current.append(character) } else { gap.append(character) }
            }
        }
        if !current.isEmpty { phrases.append(current) }
        var unique: [String] = []
        for phrase in phrases where !unique.contains(where: { $0.caseInsensitiveCompare(phrase) == .orderedSame }) {
            unique.append(phrase)
        }
        return unique
    }
}
