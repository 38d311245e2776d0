import Foundation

extension Questions {
    /// How each signal scores, so a user can predict the ranking.
    ///
    /// - **Interest**: `10 × weight` for each of the article's topics the person cares about
    ///   (a weight-5 interest adds 50). The article's topics are those given plus those found
    ///   in its title and text by name or alias (case, diacritics and plural/verb endings
    ///   ignored; multi-word topics match as phrases).
    /// - **Note**: up to `8` for the person's best full-text match between the article's words
    ///   (four letters or more, common words left out) and their notes or how-we-met text:
    ///   `2` per distinct word matched (at most `6`) plus `2 × r / (1 + r)`, where `r = −bm25`
    ///   is the match's BM25 relevance. Always less than one interest.
    /// - **Shared commitment**: `6` for each commitment I share with the person whose name,
    ///   organization or cause appears in the article, or whose cause is one of its topics.
    /// - **Restraint**: `−2` for each thing I gave them in the 14 days up to `asOf`, at most `−6`.
    /// - **Reciprocity**: `+2` when they have given me more than I have given them (see ``Questions/ledger(asOf:)``).
    /// - **Drift**: `+1` for each full 6 months since our last contact, at most `+3`.
    ///
    /// Only the first three are reasons to suggest someone; the last three only reorder people
    /// who already have one.
    public enum Scoring {
        public static let pointsPerInterestWeight = 10.0
        public static let notePointsPerWord = 2.0
        public static let maximumNoteWordPoints = 6.0
        public static let noteRelevancePoints = 2.0
        public static let sharedCommitmentPoints = 6.0
        public static let restraintPointsPerRecentGift = -2.0
        public static let restraintWindowDays = 14
        public static let maximumRestraintPoints = -6.0
        public static let reciprocityPoints = 2.0
        public static let driftPointsPerHalfYear = 1.0
        public static let maximumDriftPoints = 3.0
    }

    /// Who should get a stored resource: ranked people, each with the reasons they would want it.
    ///
    /// The hard rules: nobody who already received it from me or gave it to me (the same
    /// resource, or any resource with the same URL after normalization), nobody archived,
    /// and nobody without a real reason (an interest, a note or a shared commitment that
    /// matches). An empty answer is a right answer. Ties break by name, then id.
    ///
    /// ```swift
    /// let picks = try database.read { try $0.questions.recommend(article.id, limit: 3) }
    /// for pick in picks {
    ///     print(pick.name, pick.score, pick.reasons.map(\.description))
    ///     // Ann Lee 52.0 ["interest: running (5/5)", "no contact for 14 months"]
    /// }
    /// ```
    ///
    /// In SQL terms it runs, for the article's topic ids and words:
    /// ```sql
    /// SELECT person_id, weight FROM interests WHERE topic_id IN (...);         -- interests
    /// SELECT person_id, bm25(notes_search) FROM notes_search WHERE notes_search MATCH '"hill" OR "repeats"';
    /// SELECT person_id FROM shares WHERE resource_id IN (same id or same url_key); -- excluded
    /// ```
    /// and scores as ``Scoring`` says.
    public func recommend(_ resource: Resource.ID, limit: Int = 5, asOf: Day = .today()) throws -> [Recommendation] {
        guard let stored = try connection.resources.get(resource) else {
            throw StoreError.notFound(entity: "resource", id: resource.rawValue)
        }
        let draft = ResourceDraft(title: stored.title, url: stored.url, topics: stored.topics, text: stored.summary)
        return try recommend(draft, storedAs: resource, limit: limit, asOf: asOf)
    }

    /// Who should get something not stored: a title, and optionally a URL, topics and text.
    ///
    /// The same rules and scoring as ``recommend(_:limit:asOf:)-(Resource.ID,_,_)``; a URL
    /// that matches a stored resource excludes the people who already have it.
    ///
    /// ```swift
    /// let draft = ResourceDraft(title: "Speech recognition on a budget", topics: ["ML"], text: "…")
    /// let picks = try database.read { try $0.questions.recommend(draft) }
    /// ```
    public func recommend(_ draft: ResourceDraft, limit: Int = 5, asOf: Day = .today()) throws -> [Recommendation] {
        try recommend(draft, storedAs: nil, limit: limit, asOf: asOf)
    }

    private func recommend(_ draft: ResourceDraft, storedAs id: Resource.ID?, limit: Int, asOf: Day) throws -> [Recommendation] {
        try Self.checkLimit(limit)
        let text = [draft.title, draft.text ?? ""].joined(separator: "\n")
        let matcher = TextMatcher(text)
        let topics = try articleTopics(draft.topics, in: matcher)

        var reasons: [Person.ID: [Reason]] = [:]
        var names: [Person.ID: String] = [:]
        for (person, name, reason) in try interestReasons(topics) + noteReasons(text) + commitmentReasons(matcher, topics) {
            reasons[person, default: []].append(reason)
            names[person] = name
        }
        for person in try excludedPeople(resource: id, url: draft.url) {
            reasons[person] = nil
        }
        for (person, modifiers) in try modifierReasons(Array(reasons.keys), asOf: asOf) {
            reasons[person]?.append(contentsOf: modifiers)
        }
        let ranked = reasons.map { person, reasons in
            Recommendation(
                personID: person, name: names[person] ?? "",
                score: (reasons.map(\.points).reduce(0, +) * 100).rounded() / 100,
                reasons: reasons.sorted { $0.points > $1.points })
        }
        return Array(ranked.sorted(by: Self.bestFirst).prefix(limit))
    }

    /// Higher score first, then name, then id: deterministic for the same data.
    static func bestFirst(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.name != b.name { return a.name < b.name }
        return a.personID < b.personID
    }

    // MARK: Signals

    /// The article's topics: those given (by name or alias) plus those whose name or alias
    /// appears in its text.
    private func articleTopics(_ given: [String], in matcher: TextMatcher) throws -> [Topic.ID: String] {
        var found: [Topic.ID: String] = [:]
        for name in given {
            if let topic = try connection.interests.topic(named: name) { found[topic.id] = topic.name }
        }
        let vocabulary = try connection.fetchAll(
            sql: """
                SELECT t.id, t.name, t.name FROM topics t
                UNION ALL SELECT a.topic_id, a.alias, t.name FROM topic_aliases a JOIN topics t ON t.id = a.topic_id
                """
        ) { (try $0[0] as Topic.ID, try $0[1] as String, try $0[2] as String) }
        for (id, phrase, name) in vocabulary where found[id] == nil && matcher.contains(TextMatcher.stems(phrase)) {
            found[id] = name
        }
        return found
    }

    private func interestReasons(_ topics: [Topic.ID: String]) throws -> [(Person.ID, String, Reason)] {
        guard !topics.isEmpty else { return [] }
        return try connection.fetchAll(
            sql: """
                SELECT i.person_id, p.name, i.topic_id, i.weight FROM interests i JOIN people p ON p.id = i.person_id
                WHERE i.topic_id IN (SELECT value FROM json_each(?)) AND p.is_archived = 0
                """,
            arguments: [Topic.ID.jsonArray(Array(topics.keys))]
        ) { row in
            let weight: Int = try row[3]
            let topic = topics[try row[2] as Topic.ID] ?? ""
            return (try row[0], try row[1],
                    Reason(kind: .interest, detail: "\(topic) (\(weight)/5)", points: Scoring.pointsPerInterestWeight * Double(weight)))
        }
    }

    /// The best note or how-we-met match per person, by BM25 over the article's words.
    private func noteReasons(_ text: String) throws -> [(Person.ID, String, Reason)] {
        guard let query = Self.fullTextQuery(text) else { return [] }
        var best: [Person.ID: (name: String, points: Double, words: String)] = [:]
        let sources = [
            """
            SELECT n.person_id, p.name, -bm25(notes_search), highlight(notes_search, 0, char(1), char(2))
            FROM notes_search JOIN notes n ON n.id = notes_search.rowid JOIN people p ON p.id = n.person_id
            WHERE notes_search MATCH ? AND p.is_archived = 0 ORDER BY rank LIMIT 500
            """,
            """
            SELECT p.id, p.name, -bm25(how_we_met_search), highlight(how_we_met_search, 0, char(1), char(2))
            FROM how_we_met_search JOIN people p ON p.id = how_we_met_search.rowid
            WHERE how_we_met_search MATCH ? AND p.is_archived = 0 ORDER BY rank LIMIT 500
            """,
        ]
        for sql in sources {
            for (person, name, relevance, marked) in try connection.fetchAll(sql: sql, arguments: [query], {
                (try $0[0] as Person.ID, try $0[1] as String, try $0[2] as Double, try $0[3] as String)
            }) {
                let words = Self.markedWords(marked)
                let points = min(Scoring.maximumNoteWordPoints, Scoring.notePointsPerWord * Double(words.map { $0.split(separator: " ").count }.reduce(0, +)))
                    + Scoring.noteRelevancePoints * relevance / (1 + relevance)
                if points > (best[person]?.points ?? 0) {
                    best[person] = (name, points, words.prefix(3).joined(separator: "', '"))
                }
            }
        }
        return best.map { person, match in
            (person, match.name, Reason(kind: .note, detail: "'\(match.words)'", points: (match.points * 100).rounded() / 100))
        }
    }

    private func commitmentReasons(_ matcher: TextMatcher, _ topics: [Topic.ID: String]) throws -> [(Person.ID, String, Reason)] {
        let topicStems = Set(topics.values.map(TextMatcher.stems))
        let rows = try connection.fetchAll(
            sql: """
                SELECT c.name, c.organization, c.cause, m.person_id, p.name FROM commitments c
                JOIN commitment_members m ON m.commitment_id = c.id JOIN people p ON p.id = m.person_id
                WHERE p.is_archived = 0 ORDER BY c.id
                """
        ) { (try $0[0] as String, try $0[1] as String?, try $0[2] as String?, try $0[3] as Person.ID, try $0[4] as String) }
        return rows.compactMap { commitment, organization, cause, person, name in
            let phrases = [commitment, organization, cause].compactMap { $0 }.map(TextMatcher.stems).filter { !$0.isEmpty }
            guard phrases.contains(where: matcher.contains) || (cause.map { topicStems.contains(TextMatcher.stems($0)) } ?? false)
            else { return nil }
            return (person, name, Reason(kind: .commitment, detail: commitment, points: Scoring.sharedCommitmentPoints))
        }
    }

    /// People who already have this resource (or one with the same URL), either way.
    private func excludedPeople(resource: Resource.ID?, url: String?) throws -> Set<Person.ID> {
        Set(try connection.fetchAll(
            sql: """
                SELECT DISTINCT s.person_id FROM shares s JOIN resources r ON r.id = s.resource_id
                WHERE r.id = ? OR (r.url_key IS NOT NULL AND r.url_key = ?)
                """,
            arguments: [resource, url.flatMap(Resource.urlKey)]
        ) { try $0[0] as Person.ID })
    }

    /// Restraint, reciprocity and drift for each candidate, in one query.
    private func modifierReasons(_ people: [Person.ID], asOf: Day) throws -> [Person.ID: [Reason]] {
        guard !people.isEmpty else { return [:] }
        let lastContacts = try lastContacts(of: people, asOf: asOf)
        let rows = try connection.fetchAll(
            sql: """
                SELECT c.value,
                    (SELECT count(*) FROM shares s WHERE s.person_id = c.value AND s.direction = 'given'
                        AND s.shared_on > ?2 AND s.shared_on <= ?3),
                    l.given, l.received
                FROM json_each(?1) c JOIN ledger l ON l.person_id = c.value
                """,
            arguments: [Person.ID.jsonArray(people), asOf.adding(days: -Scoring.restraintWindowDays), asOf]
        ) { (try $0[0] as Person.ID, try $0[1] as Int, try $0[2] as Int, try $0[3] as Int) }
        var result: [Person.ID: [Reason]] = [:]
        for (person, recentGifts, given, received) in rows {
            var reasons: [Reason] = []
            if recentGifts > 0 {
                let points = max(Scoring.maximumRestraintPoints, Scoring.restraintPointsPerRecentGift * Double(recentGifts))
                reasons.append(Reason(
                    kind: .restraint,
                    detail: "received \(recentGifts) thing\(recentGifts == 1 ? "" : "s") from me in the last \(Scoring.restraintWindowDays) days",
                    points: points))
            }
            if received > given {
                reasons.append(Reason(
                    kind: .reciprocity, detail: "gave me \(received), I gave \(given)", points: Scoring.reciprocityPoints))
            }
            if let last = lastContacts[person] {
                let days = asOf.days(since: last)
                let halfYears = Double(days / 182)
                if halfYears >= 1 {
                    reasons.append(Reason(
                        kind: .drift, detail: "no contact for \(Self.span(days: days))",
                        points: min(Scoring.maximumDriftPoints, halfYears * Scoring.driftPointsPerHalfYear)))
                }
            }
            result[person] = reasons
        }
        return result
    }

    // MARK: Full-text helpers

    private static let stopWords: Set<String> = [
        "the", "and", "for", "with", "that", "this", "from", "your", "you", "are", "was", "were", "have", "has",
        "had", "not", "but", "all", "can", "will", "about", "into", "how", "what", "why", "who", "when", "where",
        "which", "their", "there", "they", "them", "our", "out", "its", "his", "her", "she", "him", "more", "most",
        "some", "than", "then", "too", "very", "just", "also", "new", "one", "two", "get", "got", "use", "using",
        "does", "did", "been", "being", "over", "under", "after", "before", "through", "each", "any", "these", "those",
    ]

    /// An FTS5 query that matches any of the text's significant words, each quoted so that
    /// nothing in the text is read as FTS5 syntax; nil when no word is significant.
    static func fullTextQuery(_ text: String) -> String? {
        var seen = Set<String>()
        let words = text.lowercased()
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
            .filter { $0.count >= 4 && !stopWords.contains($0) && seen.insert($0).inserted }
            .prefix(40)
        guard !words.isEmpty else { return nil }
        return words.map { "\"\($0)\"" }.joined(separator: " OR ")
    }

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
                if !current.isEmpty, gap.allSatisfy(\.isWhitespace) { current += gap } else if !current.isEmpty {
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
