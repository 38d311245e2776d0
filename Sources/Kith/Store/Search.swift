import Foundation

/// A person found by ``Connection/search(_:limit:)``, with everywhere they matched.
public struct SearchHit: Hashable, Sendable {
    /// Where a person matched, and what: `.email` "ann@example.org", `.topic` "literacy (5/5)".
    public struct Match: Hashable, Sendable, CustomStringConvertible {
        public enum Field: String, Hashable, Sendable, CaseIterable {
            case name, organization, title, email, phone, topic, commitment, note
            case howWeMet = "how we met"
        }

        public let field: Field
        public let detail: String

        /// "email: ann@example.org".
        public var description: String { "\(field.rawValue): \(detail)" }
    }

    public let personID: Person.ID
    public let name: String
    public let isArchived: Bool
    /// The strongest first.
    public let matches: [Match]
    /// How well they matched: the sum of each field's weight (``Connection/searchWeights``).
    public let score: Double
}

extension Connection {
    /// The most matches each field (and each matching topic) gives a search.
    public static let searchedPerSource = 200

    /// What a match in each field is worth in ``search(_:limit:)``: a name says most, then
    /// an email or phone, an organization, a topic they care about (plus its weight), a
    /// commitment, a title, then notes and how we met.
    public static let searchWeights: [SearchHit.Match.Field: Double] = [
        .name: 10, .email: 8, .phone: 8, .organization: 6, .topic: 5, .commitment: 5, .title: 4, .note: 3, .howWeMet: 3,
    ]

    /// Finds people by anything Kith holds about them: names (any case or accents, and the
    /// start of a word: "zo" finds "Zoë"), organizations, titles, emails, phones (as written
    /// or as digits), notes and how we met (full-text, stemmed), the topics they care about
    /// and their aliases, and the commitments they share with me and their causes. Every
    /// word must match somewhere in the same field. Best first, then by name; archived
    /// people are included and marked. Each field gives its best ``searchedPerSource``
    /// matches (by full-text relevance, or by the weight of an interest), so that a word
    /// half the network shares costs no more than a rare one.
    ///
    /// ```swift
    /// for hit in try database.read({ try $0.search("literacy") }) {
    ///     print(hit.name, hit.matches.map(\.description))   // Priya Raman ["topic: literacy (5/5)", …]
    /// }
    /// ```
    ///
    /// - throws: ``StoreError/invalid(field:reason:)`` for a text with no letter or digit, or a limit below 1.
    public func search(_ text: String, limit: Int = 20) throws -> [SearchHit] {
        try check(limit > 0, field: "limit", "must be 1 or more")
        let words = text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
        try check(!words.isEmpty, field: "search", "give a word to look for")
        // Each word quoted (never read as FTS5 syntax) and matched as the start of a word.
        let prefixes = words.map { "\"\($0)\"*" }.joined(separator: " AND ")
        var matches: [Person.ID: [SearchHit.Match]] = [:]
        var scores: [Person.ID: Double] = [:]
        /// Records a match; `bonus` adds to the field's weight (an interest's weight).
        func add(_ person: Person.ID, _ field: SearchHit.Match.Field, _ detail: String, bonus: Double = 0) {
            let match = SearchHit.Match(field: field, detail: detail)
            guard matches[person]?.contains(match) != true else { return }
            matches[person, default: []].append(match)
            scores[person, default: 0] += Self.searchWeights[field]! + bonus
        }

        // One full-text query over the person's own fields; which field holds every word is
        // then read from the values, so that a word most names share is looked up once.
        let fields: [SearchHit.Match.Field] = [.name, .organization, .title]
        for (person, name, organization, title) in try fetchAll(
            (Person.ID, String, String?, String?).self,
            sql: """
                SELECT p.id, p.name, p.organization, p.title FROM people_search JOIN people p ON p.id = people_search.rowid
                WHERE people_search MATCH ? ORDER BY rank LIMIT ?
                """,
            arguments: [prefixes, Self.searchedPerSource])
        {
            for (field, value) in zip(fields, [name, organization ?? "", title ?? ""])
            where Self.holdsWords(value, words) {
                add(person, field, value)
            }
        }
        // Emails, phones, notes and how we met: one full-text index each, the best matches first.
        for (field, sql) in [
            (
                SearchHit.Match.Field.email,
                """
                SELECT e.person_id, e.address FROM emails_search JOIN emails e ON e.id = emails_search.rowid
                WHERE emails_search MATCH ? ORDER BY rank LIMIT ?
                """
            ),
            (
                .phone,
                """
                SELECT f.person_id, f.number FROM phones_search JOIN phones f ON f.id = phones_search.rowid
                WHERE phones_search MATCH ? ORDER BY rank LIMIT ?
                """
            ),
            (
                .note,
                """
                SELECT n.person_id, n.body FROM notes_search JOIN notes n ON n.id = notes_search.rowid
                WHERE notes_search MATCH ? ORDER BY rank LIMIT ?
                """
            ),
            (
                .howWeMet,
                """
                SELECT p.id, p.how_we_met FROM how_we_met_search JOIN people p ON p.id = how_we_met_search.rowid
                WHERE how_we_met_search MATCH ? ORDER BY rank LIMIT ?
                """
            ),
        ] {
            for (person, text) in try fetchAll(
                (Person.ID, String).self,
                sql: sql, arguments: [prefixes, Self.searchedPerSource])
            {
                add(person, field, Self.excerpt(text, around: words))
            }
        }
        // The strongest interests in each matching topic, one index range each, then the strongest of all.
        let phrase = WordStems.of(text)
        var interested: [(Person.ID, String, Int)] = []
        for topic in try topicsNamed(phrase) {
            interested += try fetchAll(
                (Person.ID, String, Int).self,
                sql: """
                    SELECT i.person_id, t.name, i.weight FROM interests i JOIN topics t ON t.id = i.topic_id
                    WHERE i.topic_id = ? ORDER BY i.weight DESC, i.person_id LIMIT ?
                    """,
                arguments: [topic, Self.searchedPerSource])
        }
        for (person, topic, weight) in interested.sorted(by: { $0.2 > $1.2 }).prefix(Self.searchedPerSource) {
            add(person, .topic, "\(topic) (\(weight)/5)", bonus: Double(weight))
        }
        for (person, commitment, cause) in try fetchAll(
            (Person.ID, String, String?).self,
            sql:
                "SELECT m.person_id, c.name, c.cause FROM commitments c JOIN commitment_members m ON m.commitment_id = c.id"
        )
        where Self.contains([commitment, cause ?? ""].joined(separator: " "), phrase) {
            add(person, .commitment, commitment + (cause.map { " (\($0))" } ?? ""))
        }

        let people = try fetchAll(
            (Person.ID, String, Bool).self,
            sql: "SELECT id, name, is_archived FROM people WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [Person.ID.jsonArray(Array(matches.keys))])
        let hits = people.map { id, name, isArchived in
            let found = (matches[id] ?? []).sorted { Self.searchWeights[$0.field]! > Self.searchWeights[$1.field]! }
            return SearchHit(personID: id, name: name, isArchived: isArchived, matches: found, score: scores[id] ?? 0)
        }
        return Array(hits.sorted { ($0.score, $1.name, $1.personID) > ($1.score, $0.name, $0.personID) }.prefix(limit))
    }

    /// Whether every one of `words` begins a word of `value`, as the full-text index reads
    /// words (case and accents folded, split at anything but a letter or digit).
    private static func holdsWords(_ value: String, _ words: [String]) -> Bool {
        let held = value.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split {
            !($0.isLetter || $0.isNumber)
        }
        let wanted = words.map { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        return wanted.allSatisfy { word in held.contains { $0.hasPrefix(word) } }
    }

    /// The topics whose name or an alias holds the words of `phrase` (stemmed), in order.
    ///
    /// A name that holds them has a key (its stems run together, migration 0008) that holds
    /// them run together, so SQLite first keeps only those keys, and the names without one (a
    /// hand edit), and only those are stemmed: the cost does not follow the vocabulary.
    private func topicsNamed(_ phrase: [String]) throws -> [Topic.ID] {
        guard !phrase.isEmpty else { return [] }
        return try fetchAll(
            (Topic.ID, String).self,
            sql: """
                SELECT id, name FROM topics WHERE key IS NULL OR instr(key, ?1) > 0
                UNION ALL SELECT topic_id, alias FROM topic_aliases WHERE key IS NULL OR instr(key, ?1) > 0
                """,
            arguments: [phrase.joined()]
        ).filter { Self.contains($0.1, phrase) }.map(\.0)
    }

    /// Whether `text`'s stemmed words hold `phrase` as a run, the last word as a prefix.
    private static func contains(_ text: String, _ phrase: [String]) -> Bool {
        let words = WordStems.of(text)
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in
            zip(words[start...], phrase).enumerated().allSatisfy { index, pair in
                index == phrase.count - 1 ? pair.0.hasPrefix(pair.1) : pair.0 == pair.1
            }
        }
    }

    /// `text` on one line, or up to 60 characters of it around the first of `words`, with "…" where cut.
    private static func excerpt(_ text: String, around words: [String]) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard flat.count > 60 else { return flat }
        let lower = flat.lowercased()
        let start = words.lazy.compactMap { lower.range(of: $0)?.lowerBound }.first ?? lower.startIndex
        let from = flat.index(start, offsetBy: -20, limitedBy: flat.startIndex) ?? flat.startIndex
        let to = flat.index(from, offsetBy: 60, limitedBy: flat.endIndex) ?? flat.endIndex
        return (from == flat.startIndex ? "" : "…") + flat[from..<to] + (to == flat.endIndex ? "" : "…")
    }
}
