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

    /// `exhaustive` turns pruning off, so tests can check that pruning never changes an answer.
    func recommend(
        _ draft: ResourceDraft, storedAs id: Resource.ID?, limit: Int, asOf: Day, exhaustive: Bool = false
    ) throws -> [Recommendation] {
        try Self.checkLimit(limit)
        let text = [draft.title, draft.text ?? ""].joined(separator: "\n")
        let matcher = TextMatcher(text)
        let topics = try articleTopics(draft.topics, in: matcher)
        let noteQuery = Self.fullTextQuery(text)
        let noteCeiling = noteQuery == nil ? 0 : Scoring.maximumNoteWordPoints + Scoring.noteRelevancePoints

        var pool = CandidatePool(
            limit: limit, ineligible: try excludedPeople(resource: id, url: draft.url).union(archivedPeople()),
            exhaustive: exhaustive)
        for (person, reason) in try commitmentReasons(matcher, topics) {
            pool.add(person, reason)
        }
        try addInterestPoints(topics, to: &pool)
        if let noteQuery {
            // People with no interest or commitment in the pool matter only while the floor is low.
            let everyone = pool.floor <= noteCeiling + CandidatePool.modifierCeiling
            try addNoteReasons(noteQuery, to: &pool, of: everyone ? nil : pool.contenders(headroom: noteCeiling))
        }
        let finalists = pool.contenders(headroom: 0)
        let interests = try interestReasons(of: finalists, topics)
        let modifiers = try modifierReasons(finalists, asOf: asOf)
        let names = try self.names(of: finalists)
        let ranked = finalists.map { person in
            let reasons = (interests[person] ?? []) + (pool.reasons[person] ?? []) + (modifiers[person] ?? [])
            return Recommendation(
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
        for (id, phrase, name) in vocabulary where found[id] == nil && matcher.contains(TextMatcher.cachedStems(phrase)) {
            found[id] = name
        }
        return found
    }

    /// Adds the points of every interest in the article's topics to the pool. Reasons are
    /// built later, for the finalists only: one index range per topic, nothing per row but a sum.
    private func addInterestPoints(_ topics: [Topic.ID: String], to pool: inout CandidatePool) throws {
        guard !topics.isEmpty else { return }
        let rows = try connection.fetchAll(
            sql: "SELECT person_id, weight FROM interests WHERE topic_id IN (SELECT value FROM json_each(?))",
            arguments: [Topic.ID.jsonArray(Array(topics.keys))], { (try $0[0] as Person.ID, try $0[1] as Int) })
        pool.reserveCapacity(rows.count)
        for (person, weight) in rows {
            pool.add(person, points: Scoring.pointsPerInterestWeight * Double(weight))
        }
    }

    /// The interest rows of `people` in the topics of the JSON array `topicIDs`.
    private func interestRows(of people: [Person.ID], _ topicIDs: String) throws -> [(Person.ID, Topic.ID, Int)] {
        try connection.fetchAll(
            sql: """
                SELECT i.person_id, i.topic_id, i.weight
                FROM json_each(?1) p CROSS JOIN interests i ON i.person_id = p.value  -- by person, not by topic
                WHERE i.topic_id IN (SELECT value FROM json_each(?2))
                """,
            arguments: [Person.ID.jsonArray(people), topicIDs],
            { (try $0[0] as Person.ID, try $0[1] as Topic.ID, try $0[2] as Int) })
    }

    /// The interest reasons of the finalists: "running (5/5)".
    private func interestReasons(of people: [Person.ID], _ topics: [Topic.ID: String]) throws -> [Person.ID: [Reason]] {
        guard !topics.isEmpty else { return [:] }
        var reasons: [Person.ID: [Reason]] = [:]
        for (person, topic, weight) in try interestRows(of: people, Topic.ID.jsonArray(Array(topics.keys))) {
            reasons[person, default: []].append(Reason(
                kind: .interest, detail: "\(topics[topic] ?? "") (\(weight)/5)",
                points: Scoring.pointsPerInterestWeight * Double(weight)))
        }
        return reasons
    }

    /// Adds each person's best note or how-we-met match (by BM25 over the article's words) to
    /// the pool: for `people` only, or for everyone when `people` is nil.
    private func addNoteReasons(_ query: String, to pool: inout CandidatePool, of people: [Person.ID]?) throws {
        let restrict = people != nil
        let noteIDs = try people.map {
            try connection.fetchAll(
                sql: "SELECT id FROM notes WHERE person_id IN (SELECT value FROM json_each(?))",
                arguments: [Person.ID.jsonArray($0)]) { try $0[0] as Note.ID }
        }
        // `+rowid` keeps the restriction a filter on one full-text scan, not a search per row.
        let filter = restrict ? "AND +notes_search.rowid IN (SELECT value FROM json_each(?2))" : "AND ?2 IS NULL"
        let howWeMetFilter = restrict ? "AND +how_we_met_search.rowid IN (SELECT value FROM json_each(?2))" : "AND ?2 IS NULL"
        let matches = try connection.fetchAll(
            sql: """
                SELECT n.person_id, -bm25(notes_search), highlight(notes_search, 0, char(1), char(2))
                FROM notes_search JOIN notes n ON n.id = notes_search.rowid
                WHERE notes_search MATCH ?1 \(filter)
                """,
            arguments: [query, noteIDs.map(Note.ID.jsonArray)],
            { (try $0[0] as Person.ID, try $0[1] as Double, try $0[2] as String) }
        ) + connection.fetchAll(
            sql: """
                SELECT rowid, -bm25(how_we_met_search), highlight(how_we_met_search, 0, char(1), char(2))
                FROM how_we_met_search WHERE how_we_met_search MATCH ?1 \(howWeMetFilter)
                """,
            arguments: [query, people.map(Person.ID.jsonArray)],
            { (try $0[0] as Person.ID, try $0[1] as Double, try $0[2] as String) }
        )
        var best: [Person.ID: Reason] = [:]
        for (person, relevance, marked) in matches {
            let words = Self.markedWords(marked)
            let wordCount = words.map { $0.split(separator: " ").count }.reduce(0, +)
            let points = min(Scoring.maximumNoteWordPoints, Scoring.notePointsPerWord * Double(wordCount))
                + Scoring.noteRelevancePoints * relevance / (1 + relevance)
            let rounded = (points * 100).rounded() / 100
            if rounded > (best[person]?.points ?? 0) {
                best[person] = Reason(kind: .note, detail: "'\(words.prefix(3).joined(separator: "', '"))'", points: rounded)
            }
        }
        for (person, reason) in best {
            pool.add(person, reason)
        }
    }

    private func commitmentReasons(_ matcher: TextMatcher, _ topics: [Topic.ID: String]) throws -> [(Person.ID, Reason)] {
        let topicStems = Set(topics.values.map(TextMatcher.cachedStems))
        let rows = try connection.fetchAll(
            sql: """
                SELECT c.name, c.organization, c.cause, m.person_id FROM commitments c
                JOIN commitment_members m ON m.commitment_id = c.id ORDER BY c.id
                """
        ) { (try $0[0] as String, try $0[1] as String?, try $0[2] as String?, try $0[3] as Person.ID) }
        return rows.compactMap { commitment, organization, cause, person in
            let phrases = [commitment, organization, cause].compactMap { $0 }.map(TextMatcher.cachedStems).filter { !$0.isEmpty }
            guard phrases.contains(where: matcher.contains) || (cause.map { topicStems.contains(TextMatcher.cachedStems($0)) } ?? false)
            else { return nil }
            return (person, Reason(kind: .commitment, detail: commitment, points: Scoring.sharedCommitmentPoints))
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

    private func archivedPeople() throws -> Set<Person.ID> {
        Set(try connection.fetchAll(sql: "SELECT id FROM people WHERE is_archived = 1") { try $0[0] as Person.ID })
    }

    private func names(of people: [Person.ID]) throws -> [Person.ID: String] {
        Dictionary(uniqueKeysWithValues: try connection.fetchAll(
            sql: "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))",
            arguments: [Person.ID.jsonArray(people)]) { (try $0[0] as Person.ID, try $0[1] as String) })
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
