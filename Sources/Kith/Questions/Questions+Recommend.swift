import Foundation

extension Questions {
    /// How each signal scores, so a user can predict the ranking.
    ///
    /// - **Interest** (BM25 over weighted interests): for each of the article's topics a
    ///   person cares about with weight `w`, `10 × idf × 3w / (w + 2 × (0.2 + 0.8 × L / avgL))`.
    ///   `idf = ln(1 + (N − n + 0.5) / (n + 0.5))` says how specific the topic is among my
    ///   people (`n` of my `N` people care about it): a topic half of them
    ///   share counts far less than one only a few share. The weight saturates (5/5 beats
    ///   2/5, but not by 2.5 times). `L` is the length of the person's profile,
    ///   `√Σ (w × idf)²` over all their interests, and `avgL` the root mean square of
    ///   everyone's: someone who marks many specific topics 5/5 has a long profile, and each
    ///   of their interests counts for less, so they no longer win everything.
    ///   The article's topics are those its given names mean (the exact name or alias, else
    ///   every spelling of it: ``InterestRepository/topics(matching:)``) and those whose name
    ///   or alias appears in its title or text, as a run of words with the same key.
    ///   A topic given with the article counts in full; one only found in its title or text
    ///   counts ``detectedPhraseShare`` (a phrase of two words or more) or
    ///   ``detectedWordShare`` (one word) of that.
    /// - **History**: the ``similarResources`` stored resources most like the article (cosine
    ///   of their topics, each weighed by its rarity among resources; the article's given
    ///   topics, or those found in its text, at their share, when none is given) give each person they
    ///   passed between us `2 × S × similarity` when they gave it to me or my gift was thanked
    ///   or useful, half that for a gift of mine I know nothing more of, and a quarter for
    ///   one that got no reply. `S = 10 × Σ idf` over the topics compared is what a 1/5 interest
    ///   in each of them, given, scores for someone with a profile of typical length, so history
    ///   keeps its weight against interests however many topics the article has.
    /// - **Note**: up to `40` for the person's best full-text match between the article's words
    ///   (four letters or more, common words left out) and their notes or how-we-met text:
    ///   `6` per distinct word matched (at most `30`) plus `10 × r / (1 + r)`, where `r = −bm25`
    ///   is the match's BM25 relevance. Enough to outrank a weak interest in a common topic.
    /// - **Shared commitment**: `30` for each commitment I share with the person whose name,
    ///   organization or cause appears in the article, or whose cause is one of its topics.
    /// - **Restraint**: `−2` for each thing I gave them in the 14 days up to `asOf`, at most `−6`.
    /// - **Reciprocity**: `+2` when they have given me more than I have given them (see ``Questions/ledger()``).
    /// - **Drift**: `+1` for each full 6 months since our last contact, at most `+3`.
    ///
    /// Only the first four are reasons to suggest someone; the last three only reorder people
    /// who already have one. Every reason carries its points (rounded to hundredths) and the
    /// score is their sum. People are ranked by score, with one exception: when the article
    /// has given topics, someone whose only evidence is topics found in its text comes after
    /// everyone with other evidence, however high their score (a guess from the text never
    /// outranks a match on what the article is said to be about). Equal scores go to the
    /// person with more pieces of evidence (interests, similar resources, notes, commitments),
    /// then by name, then id.
    ///
    /// The constants were chosen on the tuning half of a public data set of researchers and
    /// their paper libraries, then reported on the other half (EVALUATION.md). BM25's usual
    /// `k1 = 1.2, b = 0.75`, with a profile's length counted as its weight sum, did no better
    /// than a TF-IDF cosine. Measuring the profile as cosine does (`√Σ (w × idf)²`) and
    /// normalizing by it strongly (`b = 0.8`) lifted Kith past every baseline; `k1 = 2` was a
    /// little better than 1.2 or 3. `b = 1` was as good there, but it makes a weight
    /// meaningless for someone with a single interest (2/5 would score as 5/5). History first
    /// counted a fixed 200 points for a resource as similar as can be: it balanced the two
    /// signals for an article with 5 topics, but interests outweighed it for an article with
    /// all of its topics, whose interest points are a sum over many more. Scaled by `S`
    /// (`historyWeight` 2; 1.5 and 2.5 did about as well), Kith stayed ahead of the
    /// item-neighbour baseline on both query forms in every held-out sample tried.
    public enum Scoring {
        /// The points of a BM25 unit of interest evidence.
        public static let interestPoints = 10.0
        /// BM25's `k1`: how fast a higher weight stops adding points.
        public static let weightSaturation = 2.0
        /// BM25's `b`: how much a long profile (`√Σ (w × idf)²`) is discounted, from 0 to 1.
        public static let profileNormalization = 0.8
        /// The share of a topic's points when it is only found in the text as a phrase.
        public static let detectedPhraseShare = 0.5
        /// The share of a topic's points when it is only found in the text as one word.
        public static let detectedWordShare = 0.25
        /// How many of the most similar stored resources count as history.
        public static let similarResources = 50
        /// What a resource as similar as can be gives the people it passed between us, in
        /// times `S = interestPoints × Σ idf` over the topics compared: what a 1/5 interest in
        /// each of them scores for someone with a profile of typical length.
        public static let historyWeight = 2.0
        /// The factor for a gift of mine that I know nothing more of (a resource they gave
        /// me, or a gift of mine that was thanked or useful, counts 1).
        public static let givenShareFactor = 0.5
        /// The factor for a gift of mine that got no reply.
        public static let unansweredShareFactor = 0.25
        public static let notePointsPerWord = 6.0
        public static let maximumNoteWordPoints = 30.0
        public static let noteRelevancePoints = 10.0
        public static let sharedCommitmentPoints = 30.0
        public static let restraintPointsPerRecentGift = -2.0
        public static let restraintWindowDays = 14
        public static let maximumRestraintPoints = -6.0
        public static let reciprocityPoints = 2.0
        public static let driftPointsPerHalfYear = 1.0
        public static let maximumDriftPoints = 3.0
    }

    /// Points as reasons carry them: rounded to hundredths (half away from zero), so that they
    /// add up to the score.
    @inline(__always) static func rounded(_ points: Double) -> Double {
        roundedHalfAway(points * 100) / 100
    }

    /// `x.rounded()` (the nearest whole number, half away from zero), without the call into
    /// the C library that `rounded()` is on x86-64 and without a branch: a question rounds
    /// every interest it sums, and which way one rounds is a coin toss a processor would guess
    /// wrong half the time. Adding and taking away 2⁵² leaves the nearest whole number of the
    /// magnitude (ties to even), a tie that went down is put up, and the sign is put back. A
    /// magnitude of 2⁵² or more is whole already; NaN stays NaN.
    @inline(__always) static func roundedHalfAway(_ x: Double) -> Double {
        let magnitude = abs(x)
        guard magnitude < 0x1p52 else { return x }
        let nearest = (magnitude + 0x1p52) - 0x1p52
        let wentDown = Double(unsafeBitCast(nearest - magnitude == -0.5, to: UInt8.self))
        return Double(signOf: x, magnitudeOf: nearest + wentDown)
    }

    /// Who should get a stored resource: ranked people, each with the reasons they would want it.
    ///
    /// The hard rules: nobody who already received it from me or gave it to me (the same
    /// resource, or any resource with the same URL after normalization), nobody archived,
    /// and nobody without a real reason (an interest, a note or a shared commitment that
    /// matches, or a similar resource that passed between us). An empty answer is a right
    /// answer. When the article has given topics, people matched only on topics found in its
    /// text come last. Ties break by the number of pieces of evidence, then name, then id.
    ///
    /// ```swift
    /// let picks = try database.read { try $0.questions.recommend(article.id, limit: 3) }
    /// for pick in picks {
    ///     print(pick.name, pick.score, pick.reasons.map(\.description))
    ///     // for example: Ann Lee 26.1 ["interest: running (5/5)", "no contact for 14 months"]
    /// }
    /// ```
    ///
    /// In SQL terms it runs, for the article's topic ids and words:
    /// ```sql
    /// SELECT revision FROM topic_revision;  -- whether the topics' keys kept in memory are current
    /// SELECT revision FROM ranking_revision;  -- which state of the network this is
    /// SELECT topic_id, people, postings FROM ranking_index_topics WHERE topic_id IN (...);  -- who cares, packed
    /// SELECT topic_id, resources, postings FROM ranking_index_resources WHERE topic_id IN (...);  -- for history
    /// SELECT resource_id, postings FROM ranking_index_shares WHERE resource_id IN (...);  -- their shares, packed
    /// SELECT resource_id, person_id, direction, reception FROM shares WHERE resource_id IN (...);  -- any not packed
    /// SELECT id, body FROM notes WHERE person_id IN (...);  -- the notes of the few people still in reach
    /// SELECT n.person_id, bm25(notes_search) FROM notes_search JOIN notes n ON n.id = notes_search.rowid
    ///     WHERE notes_search MATCH '"hill" OR "repeats"' AND kith_contains(?, notes_search.rowid);  -- those that hold a word
    /// SELECT person_id FROM shares WHERE resource_id IN (same id or same url_key); -- excluded
    /// ```
    /// and scores as ``Scoring`` says. The packed interests (``saveRankingIndex()``) come from
    /// memory when this process already asked at this state of the network, else from the file
    /// when they were stored at it, else from one read of every interest (about a second for a million).
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
        let confidence = topics.mapValues(\.confidence)
        let noteQuery = NoteQuery(text)
        let noteCeiling = noteQuery == nil ? 0 : Scoring.maximumNoteWordPoints + Scoring.noteRelevancePoints

        let (excludedPeople, excludedResources) = try haveIt(resource: id, url: draft.url)
        // Resources are compared on the given topics, or on those found in the text when none is given.
        let given = confidence.filter { $0.value == 1 }
        var pool = CandidatePool(
            limit: limit, ineligible: excludedPeople.union(try archivedPeople()), exhaustive: exhaustive,
            tiered: !given.isEmpty)
        let index = try confidence.isEmpty ? .empty : RankingIndex.current(for: confidence.keys, in: connection)
        // Interests are summed from the index alone, and their leaders found, on another
        // thread, while this one reads the shared commitments and the history.
        let rules = pool
        let ((interests, leaders), history) = try Overlap.run({
            let interests = try InterestEvidence(topics: confidence, index: index)
            return (interests, rules.leaders(of: interests, headroom: noteCeiling))
        }) {
            pool.add(try commitmentReasons(matcher, topics.mapValues(\.name)))
            return try HistoryEvidence(
                topics: given.isEmpty ? confidence : given, excluding: excludedResources, index: index, in: connection)
        }
        pool.add(interests, leaders: leaders, history: history, headroom: noteCeiling)
        // The history matches of everyone a note can still bring to the top, found on another
        // thread while this one reads the notes; the finalists are among them.
        var inReachMatches: [Person.ID: [HistoryEvidence.Match]]?
        if let noteQuery {
            // People with no other reason in the pool matter only while the floor is low.
            if pool.floor <= noteCeiling + CandidatePool.modifierCeiling {
                try addNoteReasons(noteQuery, to: &pool, of: nil)
            } else {
                let inReach = pool.contenders(headroom: noteCeiling)
                (inReachMatches, _) = try Overlap.run({ history.matches(of: inReach) }) {
                    try addNoteReasons(noteQuery, to: &pool, of: inReach)
                }
            }
        }
        let finalists = pool.contenders(headroom: 0)
        let historyMatches =
            inReachMatches.map { matches in finalists.reduce(into: [:]) { $0[$1] = matches[$1] } }
            ?? history.matches(of: finalists)
        let titles = try self.titles(of: historyMatches.values.flatMap { $0.map(\.resource) })
        let modifiers = try modifierReasons(finalists, asOf: asOf)
        let names = try self.names(of: finalists)
        let interestMatches = interests.matches(of: finalists)
        let otherReasons = pool.reasons(of: finalists)
        let ranked = finalists.map { person in
            let reasons =
                Self.interestReasons(interestMatches[person] ?? [], topics)
                + Self.historyReason(historyMatches[person] ?? [], titles)
                + (otherReasons[person] ?? []) + (modifiers[person] ?? [])
            return Recommendation(
                personID: person, name: names[person] ?? "",
                score: Self.rounded(reasons.map(\.points).reduce(0, +)),
                reasons: reasons.sorted { $0.points > $1.points })
        }
        return Array(
            ranked.sorted {
                let (first, second) = (pool.firstTier.contains($0.personID), pool.firstTier.contains($1.personID))
                return first != second ? first : Self.bestFirst($0, $1)
            }.prefix(limit))
    }

    /// Higher score first, then more pieces of evidence, then name, then id: deterministic
    /// for the same data.
    static func bestFirst(_ a: Recommendation, _ b: Recommendation) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.evidence != b.evidence { return a.evidence > b.evidence }
        if a.name != b.name { return a.name < b.name }
        return a.personID < b.personID
    }

    // MARK: Signals

    /// A topic of the article: its name, and how sure it is (1 when given).
    struct ArticleTopic {
        let name: String
        let confidence: Double
    }

    /// The article's topics: those its given names mean (``InterestRepository/topics(matching:)``)
    /// in full, plus those whose name or alias appears in its text, with the share of a
    /// detected phrase or word. The text is read through the topics' keys: every run of up to
    /// ``longestDetectedPhrase`` words is looked up among them (``TopicKeys``), so the cost
    /// follows the text, not the vocabulary.
    private func articleTopics(_ given: [String], in matcher: TextMatcher) throws -> [Topic.ID: ArticleTopic] {
        var found: [Topic.ID: ArticleTopic] = [:]
        for name in given {
            for topic in try connection.interests.topics(matching: name) {
                found[topic.id] = ArticleTopic(name: topic.name, confidence: 1)
            }
        }
        // Each run of words as a key, with how many words it was written in.
        var phrases: [(key: String, length: Int)] = []
        let words = matcher.words
        for start in words.indices {
            var key = ""
            for length in 1...min(Self.longestDetectedPhrase, words.count - start) {
                key += words[start + length - 1]
                phrases.append((key, length))
            }
        }
        let named = try TopicKeys.topics(named: phrases.map(\.key), in: connection)
        for ((_, length), topics) in zip(phrases, named) {
            let share = length > 1 ? Scoring.detectedPhraseShare : Scoring.detectedWordShare
            for (id, name) in topics where share > (found[id]?.confidence ?? 0) {
                found[id] = ArticleTopic(name: name, confidence: share)
            }
        }
        return found
    }

    /// The most words a topic's name can have and still be found in a text.
    static let longestDetectedPhrase = 8

    /// The interest reasons of one person: "running (5/5)", "jazz (3/5, found in the text)".
    private static func interestReasons(_ matches: [InterestEvidence.Match], _ topics: [Topic.ID: ArticleTopic])
        -> [Reason]
    {
        matches.map { match in
            let topic = topics[match.topic]
            let found = (topic?.confidence ?? 1) < 1 ? ", found in the text" : ""
            return Reason(
                kind: .interest, detail: "\(topic?.name ?? "") (\(match.weight)/5\(found))", points: match.points)
        }
    }

    /// One reason for all the similar resources that passed between me and a person:
    /// "'Hill repeats', 'Tempo runs' and 2 more passed between us".
    private static func historyReason(_ matches: [HistoryEvidence.Match], _ titles: [Resource.ID: String]) -> [Reason] {
        guard !matches.isEmpty else { return [] }
        let named = matches.prefix(2).map { "'\(titles[$0.resource] ?? "")'" }.joined(separator: ", ")
        let more = matches.count > 2 ? " and \(matches.count - 2) more" : ""
        return [
            Reason(
                kind: .history, detail: "\(named)\(more) passed between us",
                points: rounded(matches.map(\.points).reduce(0, +)))
        ]
    }

    /// A reason for each member of each commitment I share whose name, organization or cause
    /// appears in the article, or whose cause is one of its topics: each commitment matched
    /// once, then its members read.
    private func commitmentReasons(_ matcher: TextMatcher, _ topics: [Topic.ID: String]) throws -> [(Person.ID, Reason)]
    {
        let topicStems = Set(topics.values.map(TextMatcher.cachedStems))
        let matched = try connection.fetchAll(
            (Commitment.ID, String, String?, String?).self,
            sql: "SELECT id, name, organization, cause FROM commitments ORDER BY id"
        ).filter { _, name, organization, cause in
            [name, organization, cause].compactMap { $0 }.map(TextMatcher.cachedStems).contains {
                !$0.isEmpty && matcher.contains($0)
            } || (cause.map { topicStems.contains(TextMatcher.cachedStems($0)) } ?? false)
        }
        guard !matched.isEmpty else { return [] }
        let names = Dictionary(uniqueKeysWithValues: matched.map { ($0.0, $0.1) })
        return try connection.fetchAll(
            (Commitment.ID, Person.ID).self,
            sql: """
                SELECT commitment_id, person_id FROM commitment_members
                WHERE commitment_id IN (SELECT value FROM json_each(?)) ORDER BY commitment_id
                """,
            arguments: [Commitment.ID.jsonArray(matched.map(\.0))]
        ).map { commitment, person in
            (person, Reason(kind: .commitment, detail: names[commitment] ?? "", points: Scoring.sharedCommitmentPoints))
        }
    }

    /// People who already have this resource (or one with the same URL), either way, and
    /// the stored resources that are it.
    private func haveIt(resource: Resource.ID?, url: String?) throws -> (Set<Person.ID>, Set<Resource.ID>) {
        let rows = try connection.fetchAll(
            (Resource.ID, Person.ID?).self,
            sql: """
                SELECT r.id, s.person_id FROM resources r LEFT JOIN shares s ON s.resource_id = r.id
                WHERE r.id = ? OR (r.url_key IS NOT NULL AND r.url_key = ?)
                """,
            arguments: [resource, url.flatMap(Resource.urlKey)]
        )
        return (Set(rows.compactMap(\.1)), Set(rows.map(\.0)))
    }

    private func titles(of resources: [Resource.ID]) throws -> [Resource.ID: String] {
        Dictionary(
            uniqueKeysWithValues: try connection.fetchAll(
                (Resource.ID, String).self,
                sql: "SELECT id, title FROM resources WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [Resource.ID.jsonArray(Array(Set(resources)))]
            ))
    }

    private func archivedPeople() throws -> Set<Person.ID> {
        Set(try connection.fetchAll(Person.ID.self, sql: "SELECT id FROM people WHERE is_archived = 1"))
    }

    private func names(of people: [Person.ID]) throws -> [Person.ID: String] {
        Dictionary(
            uniqueKeysWithValues: try connection.fetchAll(
                (Person.ID, String).self,
                sql: "SELECT id, name FROM people WHERE id IN (SELECT value FROM json_each(?))",
                arguments: [Person.ID.jsonArray(people)]
            ))
    }

    /// Restraint, reciprocity and drift for each candidate, in one query.
    private func modifierReasons(_ people: [Person.ID], asOf: Day) throws -> [Person.ID: [Reason]] {
        guard !people.isEmpty else { return [:] }
        let lastContacts = try lastContacts(of: people, asOf: asOf)
        let rows = try connection.fetchAll(
            (Person.ID, Int, Int, Int).self,
            sql: """
                SELECT c.value,
                    (SELECT count(*) FROM shares s WHERE s.person_id = c.value AND s.direction = 'given'
                        AND s.shared_on > ?2 AND s.shared_on <= ?3),
                    l.given, l.received
                FROM json_each(?1) c JOIN ledger l ON l.person_id = c.value
                """,
            arguments: [Person.ID.jsonArray(people), asOf.adding(days: -Scoring.restraintWindowDays), asOf]
        )
        var result: [Person.ID: [Reason]] = [:]
        for (person, recentGifts, given, received) in rows {
            var reasons: [Reason] = []
            if recentGifts > 0 {
                let points = max(
                    Scoring.maximumRestraintPoints, Scoring.restraintPointsPerRecentGift * Double(recentGifts))
                reasons.append(
                    Reason(
                        kind: .restraint,
                        detail:
                            "received \(recentGifts) thing\(recentGifts == 1 ? "" : "s") from me in the last \(Scoring.restraintWindowDays) days",
                        points: points))
            }
            if received > given {
                reasons.append(
                    Reason(
                        kind: .reciprocity, detail: "gave me \(received), I gave \(given)",
                        points: Scoring.reciprocityPoints))
            }
            if let last = lastContacts[person] {
                let days = asOf.days(since: last)
                let halfYears = Double(days / 182)
                if halfYears >= 1 {
                    reasons.append(
                        Reason(
                            kind: .drift, detail: "no contact for \(Self.span(days: days))",
                            points: min(Scoring.maximumDriftPoints, halfYears * Scoring.driftPointsPerHalfYear)))
                }
            }
            result[person] = reasons
        }
        return result
    }
}
