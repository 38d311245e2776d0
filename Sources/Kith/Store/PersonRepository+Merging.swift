import Foundation

/// What belongs to a person besides their own fields, counted: what goes with them when they
/// are deleted, or moves when they are merged into someone else.
public struct PersonHoldings: Hashable, Sendable, CustomStringConvertible {
    public var emails = 0, phones = 0, notes = 0, interests = 0, shares = 0, interactions = 0, asks = 0
    public var commitments = 0, acquaintances = 0, cards = 0, websites = 0, nicknames = 0, addresses = 0

    /// True when nothing belongs to them besides their own fields.
    public var isEmpty: Bool { self == PersonHoldings() }

    /// "2 emails, 1 note, 3 interests", or "nothing else".
    public var description: String {
        let counts = [
            (emails, "email"), (phones, "phone"), (websites, "website"), (nicknames, "nickname"),
            (addresses, "address"),
            (notes, "note"), (interests, "interest"), (shares, "share"),
            (interactions, "interaction"), (asks, "ask"), (commitments, "commitment"),
            (acquaintances, "acquaintance"), (cards, "kept vCard"),
        ]
        let said = counts.filter { $0.0 > 0 }.map {
            "\($0.0) \($0.1)\($0.0 == 1 ? "" : $0.1.hasSuffix("s") ? "es" : "s")"
        }
        return said.isEmpty ? "nothing else" : said.joined(separator: ", ")
    }
}

/// Two people who may be one, and why: "same email ann@example.org", "same name but for
/// accents", "same name in another order", "same name but for initials".
public struct LikelyDuplicate: Hashable, Sendable {
    public let first: Person.ID
    public let firstName: String
    public let second: Person.ID
    public let secondName: String
    public let reasons: [String]
}

extension PersonRepository {
    /// What belongs to a person: their emails, phones, notes, interests, shares, interactions,
    /// asks, commitments, acquaintances and kept vCard.
    public func holdings(of id: Person.ID) throws -> PersonHoldings {
        try requireExists(id)
        var holdings = PersonHoldings()
        let tables: [(WritableKeyPath<PersonHoldings, Int>, String)] = [
            (\.emails, "emails"), (\.phones, "phones"), (\.websites, "websites"), (\.nicknames, "nicknames"),
            (\.addresses, "addresses"), (\.notes, "notes"), (\.interests, "interests"), (\.shares, "shares"),
            (\.interactions, "interactions"), (\.asks, "asks"), (\.commitments, "commitment_members"),
            (\.cards, "vcard_cards"),
        ]
        for (field, table) in tables {
            // A table named here, not a value.
            holdings[keyPath: field] =
                try connection.fetchValue(sql: "SELECT count(*) FROM \(table) WHERE person_id = ?", arguments: [id])
                ?? 0
        }
        holdings.acquaintances =
            try connection.fetchValue(
                sql: "SELECT count(*) FROM acquaintances WHERE person_id = ?1 OR other_person_id = ?1", arguments: [id])
            ?? 0
        return holdings
    }

    /// Moves everything of `other` onto `kept` and removes `other`, in one change: emails,
    /// phones, notes, interests (a topic both have keeps the higher weight), shares,
    /// interactions, asks (and asks redirected to them), commitments, who knows whom, the
    /// kept vCard properties, and the fields `kept` lacks (organization, title, how and when
    /// we met, birthday, cadence). Every question answers about `kept` as it would have about
    /// the two together. Returns what moved.
    ///
    /// ```swift
    /// let moved = try database.write { try $0.people.merge(duplicate.id, into: ann.id) }
    /// print("moved \(moved)")   // "moved 1 email, 2 notes"
    /// ```
    ///
    /// - throws: ``StoreError`` when either does not exist, or they are the same person.
    @discardableResult
    public func merge(_ other: Person.ID, into kept: Person.ID) throws -> PersonHoldings {
        try check(other != kept, field: "merge", "a person cannot be merged into themselves")
        return try connection.transaction {
            var keeper = try require(kept)
            let merged = try require(other)
            let moved = try holdings(of: other)
            keeper.absorb(
                NewPerson(
                    name: merged.name, organization: merged.organization, title: merged.title,
                    howWeMet: merged.howWeMet,
                    metOn: merged.metOn, birthday: merged.birthday, contactEveryDays: merged.contactEveryDays,
                    emails: merged.emails, phones: merged.phones, websites: merged.websites,
                    nicknames: merged.nicknames,
                    addresses: merged.addresses))
            try update(keeper)
            for sql in [
                // A topic both care about keeps the higher weight.
                """
                UPDATE interests SET weight = max(weight, (SELECT o.weight FROM interests o WHERE o.person_id = ?2 AND o.topic_id = interests.topic_id))
                WHERE person_id = ?1 AND topic_id IN (SELECT topic_id FROM interests WHERE person_id = ?2)
                """,
                "DELETE FROM interests WHERE person_id = ?2 AND topic_id IN (SELECT topic_id FROM interests WHERE person_id = ?1)",
                "UPDATE interests SET person_id = ?1 WHERE person_id = ?2",
                "UPDATE notes SET person_id = ?1 WHERE person_id = ?2",
                "UPDATE shares SET person_id = ?1 WHERE person_id = ?2",
                "UPDATE interactions SET person_id = ?1 WHERE person_id = ?2",
                "UPDATE asks SET person_id = ?1 WHERE person_id = ?2",
                "UPDATE asks SET redirected_to_id = ?1 WHERE redirected_to_id = ?2",
                "INSERT OR IGNORE INTO commitment_members(commitment_id, person_id) SELECT commitment_id, ?1 FROM commitment_members WHERE person_id = ?2",
                """
                INSERT OR IGNORE INTO acquaintances(person_id, other_person_id)
                SELECT min(?1, x), max(?1, x) FROM (
                    SELECT other_person_id AS x FROM acquaintances WHERE person_id = ?2
                    UNION SELECT person_id FROM acquaintances WHERE other_person_id = ?2) WHERE x != ?1
                """,
                // The kept vCard: the first card's UID stays; the other's properties join it.
                """
                UPDATE vcard_cards SET properties = properties
                    || CASE WHEN properties = '' THEN '' ELSE char(10) END || (SELECT properties FROM vcard_cards WHERE person_id = ?2)
                WHERE person_id = ?1 AND EXISTS (SELECT 1 FROM vcard_cards WHERE person_id = ?2 AND properties != '')
                """,
                "UPDATE vcard_cards SET person_id = ?1 WHERE person_id = ?2 AND NOT EXISTS (SELECT 1 FROM vcard_cards WHERE person_id = ?1)",
                "DELETE FROM people WHERE id = ?2",
            ] {
                try connection.execute(sql: sql, arguments: [kept, other])
            }
            return moved
        }
    }

    /// People who may be one person twice: the same email address or phone number, or names
    /// that differ only in case, accents, punctuation, the order of their words, or
    /// initials ("A. Lee" and "Ann Lee"). Archived people are included. Pairs come by id.
    ///
    /// ```swift
    /// for pair in try database.read({ try $0.people.likelyDuplicates() }) {
    ///     print(pair.firstName, "~", pair.secondName, pair.reasons)
    /// }
    /// ```
    public func likelyDuplicates() throws -> [LikelyDuplicate] {
        var reasons: [[Int64]: [String]] = [:]
        func pair(_ a: Person.ID, _ b: Person.ID, _ reason: String) {
            guard a != b else { return }
            let key = [min(a, b).rawValue, max(a, b).rawValue]
            if reasons[key]?.contains(reason) != true { reasons[key, default: []].append(reason) }
        }
        for (a, b, address) in try connection.fetchAll(
            (Person.ID, Person.ID, String).self,
            sql: """
                SELECT a.person_id, b.person_id, a.address FROM emails a
                JOIN emails b ON b.address = a.address COLLATE NOCASE AND b.person_id > a.person_id
                """)
        {
            pair(a, b, "same email \(address.lowercased())")
        }
        var byPhone: [String: [Person.ID]] = [:]
        for (id, number) in try connection.fetchAll(
            (Person.ID, String).self,
            sql: "SELECT person_id, number FROM phones ORDER BY person_id")
        {
            if let key = Self.phoneKey(number), byPhone[key]?.contains(id) != true {
                byPhone[key, default: []].append(id)
            }
        }
        for (key, ids) in byPhone where ids.count > 1 {
            for (i, a) in ids.enumerated() { for b in ids[(i + 1)...] { pair(a, b, "same phone \(key)") } }
        }
        let names = try connection.fetchAll(
            (Person.ID, String).self,
            sql: "SELECT id, name FROM people ORDER BY id")
        var byWords: [[String]: [(Person.ID, String)]] = [:]
        var byInitials: [String: [(id: Person.ID, words: [String])]] = [:]
        for (id, name) in names {
            let words = Self.nameWords(name)
            guard !words.isEmpty else { continue }
            byWords[words.sorted(), default: []].append((id, name))
            byInitials[String(words.map { $0.first! }.sorted()), default: []].append(
                (id, words.sorted { ($0.first!, -$0.count) < ($1.first!, -$1.count) }))
        }
        for group in byWords.values where group.count > 1 {
            for (i, a) in group.enumerated() {
                for b in group[(i + 1)...] {
                    let sameOrder = Self.nameWords(a.1) == Self.nameWords(b.1)
                    let reason =
                        !sameOrder
                        ? "same name in another order"
                        : PersonRepository.nameKey(a.1) == PersonRepository.nameKey(b.1)
                            ? "same name" : "same name but for accents or punctuation"
                    pair(a.0, b.0, reason)
                }
            }
        }
        for group in byInitials.values where group.count > 1 {
            for (i, a) in group.enumerated() where a.words.contains(where: { $0.count == 1 }) {
                for (j, b) in group.enumerated()
                where j != i && a.words != b.words && Self.sameButForInitials(a.words, b.words) {
                    pair(a.id, b.id, "same name but for initials")
                }
            }
        }
        let people = Dictionary(uniqueKeysWithValues: names)
        return reasons.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let (a, b) = (Person.ID(rawValue: key[0]), Person.ID(rawValue: key[1]))
            return LikelyDuplicate(
                first: a, firstName: people[a] ?? "", second: b, secondName: people[b] ?? "",
                reasons: reasons[key] ?? [])
        }
    }

    /// A name's words, with case, accents and punctuation folded: "Zoë O'Neil" → ["zoe", "o", "neil"].
    private static func nameWords(_ name: String) -> [String] {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// Whether two names (words ordered by initial) are the same word for word, a one-letter
    /// word standing for any word it begins, with at least one whole word in common.
    private static func sameButForInitials(_ a: [String], _ b: [String]) -> Bool {
        guard a.count == b.count else { return false }
        var whole = 0
        for (x, y) in zip(a, b) {
            if x == y {
                whole += x.count > 1 ? 1 : 0
                continue
            }
            guard (x.count == 1 && y.hasPrefix(x)) || (y.count == 1 && x.hasPrefix(y)) else { return false }
        }
        return whole > 0
    }
}
