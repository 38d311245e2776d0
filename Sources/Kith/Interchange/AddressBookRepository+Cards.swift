import Foundation

/// A card as a server gave it: where it lives, its ETag, and its vCard.
public struct ServerCard: Sendable, Hashable {
    /// The card's path on the server: `/ann/contacts/3f2a….vcf`.
    public let href: String
    /// The ETag the server gave with it.
    public let etag: String
    /// The vCard, as the server sent it.
    public let data: Data

    /// A card read from a server.
    public init(href: String, etag: String, data: Data) {
        (self.href, self.etag, self.data) = (href, etag, data)
    }
}

/// What taking one server card into Kith did.
public struct CardChange: Sendable, Hashable {
    /// What the card did to its person.
    public enum Kind: Sendable, Hashable {
        /// A new card, and someone new in Kith.
        case added
        /// A new card, recognized as someone already in Kith (``PersonMatch/Key``): what the
        /// card says that they lack was added to them.
        case linked(PersonMatch.Key)
        /// A known card the server changed: its changed fields were taken.
        case updated
        /// A known card that says nothing new.
        case unchanged
        /// A card the server deleted: its person was archived, never deleted.
        case archived
    }

    /// The card's path on the server.
    public let href: String
    /// The person the card is.
    public let personID: Person.ID
    public let kind: Kind
    /// The fields both sides changed since they last agreed: the server's value won, and
    /// Kith's is kept in a note about the person.
    public let conflicts: [String]
}

/// What ``AddressBookRepository/apply(_:to:on:)`` did with a batch of server cards.
public struct AppliedCards: Sendable, Hashable {
    /// One for each card taken in, in the order given.
    public var changes: [CardChange] = []
    /// The cards left out, and why (the error names the href as its file): a card that is
    /// not one readable vCard, or one the store refused. Nothing of them was written.
    public var rejected: [InterchangeError] = []
}

/// A card Kith has to PUT: someone new to the address book, or changed in Kith since both
/// sides last agreed.
public struct OutgoingCard: Sendable, Hashable {
    /// Where to PUT it.
    public let href: String
    /// The person it is.
    public let personID: Person.ID
    /// The ETag to send as `If-Match`; nil for a new card, sent with `If-None-Match: *`.
    public let etag: String?
    /// The vCard 3.0 to send (the version every CardDAV server and phone reads).
    public let text: String
}

extension AddressBookRepository {
    /// The vCard version Kith writes to servers: 3.0, which every CardDAV server and phone
    /// reads (iCloud takes nothing else).
    static let cardVersion = 3

    /// Takes cards from the server into Kith, each all-or-nothing, in one transaction.
    ///
    /// A card Kith knows (by href) whose ETag changed is merged field by field with the
    /// person, against the card both sides last agreed on: the side that changed a field
    /// wins; a field both changed takes the server's value and keeps Kith's in a note,
    /// dated `day`. A new card is matched to someone not yet in this address book as
    /// imports match (UID, email, phone, name), or adds someone. The card's notes and
    /// CATEGORIES that the person lacks are added, as imports add them.
    ///
    /// ```swift
    /// let applied = try database.write { try $0.addressBooks.apply(cards, to: book.id, on: .today()) }
    /// ```
    public func apply(_ cards: [ServerCard], to book: AddressBook.ID, on day: Day) throws -> AppliedCards {
        var applied = AppliedCards()
        var readable: [(ServerCard, ImportedCard)] = []
        for card in cards {
            do {
                readable.append((card, try Self.read(card)))
            } catch let error as InterchangeError {
                applied.rejected.append(error)
            }
        }
        func take(_ cards: [(ServerCard, ImportedCard)], matcher: inout ContactMatcher) throws -> [CardChange] {
            var writes = PendingCards(batch: WriteBatch(day: day))
            let changes = try cards.map { card, imported in
                try InterchangeError.naming(card.href, nil) {
                    try apply(imported, card, to: book, writes: &writes, matcher: &matcher)
                }
            }
            try InterchangeError.naming(cards.first?.0.href ?? "", nil) { try writes.write(to: connection, book: book) }
            return changes
        }
        do {
            // All in one go, people written many to a statement: a savepoint per card would
            // write a statement journal for each.
            applied.changes = try connection.transaction {
                var matcher = ContactMatcher()
                return try take(readable, matcher: &matcher)
            }
        } catch is InterchangeError {
            // The store refused a card: each one on its own, so that the others go in.
            try connection.transaction {
                var matcher = ContactMatcher()
                for card in readable {
                    do {
                        applied.changes += try connection.transaction { try take([card], matcher: &matcher) }
                    } catch let error as InterchangeError {
                        applied.rejected.append(error)
                    }
                }
            }
        }
        return applied
    }

    /// Archives the person of a card the server deleted (never deletes them) and forgets
    /// the card; nil when Kith did not know it.
    public func removeCard(href: String, from book: AddressBook.ID) throws -> CardChange? {
        try connection.transaction {
            guard let person = try knownPerson(href: href, in: book) else { return nil }
            try connection.execute(
                sql: "DELETE FROM address_book_cards WHERE address_book_id = ? AND href = ?", arguments: [book, href])
            try connection.people.archive(person)
            return CardChange(href: href, personID: person, kind: .archived, conflicts: [])
        }
    }

    /// The cards to PUT: each person of the address book whose contact fields changed in
    /// Kith since both sides last agreed, each card whose PUT was never answered, and
    /// everyone not archived who has no card yet (given one now: an href, and a UID kept
    /// for their exports, recorded before anything is sent, so that a PUT whose answer is
    /// lost is sent again to the same place, never duplicated).
    ///
    /// Kith's notes and interests go to the server only with `includeNotes`; without it a
    /// card keeps the notes and categories the server gave it. Archived people are not sent.
    public func outgoingCards(of book: AddressBook.ID, includeNotes: Bool) throws -> [OutgoingCard] {
        try connection.transaction {
            let collection = try collectionPath(of: book)
            try claimCards(for: try peopleWithoutCards(in: book), in: collection, of: book)
            // Only the cards marked as changed here (by 0011's triggers), unless notes go too:
            // those change no mark.
            let rows = try connection.fetchAll(
                (String, Person.ID, String?, String).self,
                sql: """
                    SELECT href, person_id, etag, agreed_card FROM address_book_cards
                    WHERE address_book_id = ? AND (? OR etag IS NULL OR changed_here = 1) ORDER BY href
                    """, arguments: [book, includeNotes])
            let people = Dictionary(
                try connection.people.get(rows.map(\.1)).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var outgoing: [OutgoingCard] = []
            for (href, person, etag, agreed) in rows {
                if let person = people[person],
                    let card = try self.outgoing(
                        person, href: href, etag: etag, agreedText: agreed, includeNotes: includeNotes)
                {
                    outgoing.append(card)
                } else {
                    try connection.execute(
                        sql: "UPDATE address_book_cards SET changed_here = 0 WHERE address_book_id = ? AND href = ?",
                        arguments: [book, href])
                }
            }
            return outgoing
        }
    }

    /// The card to PUT at `href`, as ``outgoingCards(of:includeNotes:)`` would give it, or
    /// nil when there is nothing to send (the server has what Kith has, the person is
    /// archived, or Kith knows no such card): after a 412, once the server's card is in.
    public func outgoingCard(href: String, of book: AddressBook.ID, includeNotes: Bool) throws -> OutgoingCard? {
        guard
            let (person, etag, agreedText) = try connection.fetchOne(
                (Person.ID, String?, String).self,
                sql: """
                    SELECT person_id, etag, agreed_card FROM address_book_cards
                    WHERE address_book_id = ? AND href = ?
                    """, arguments: [book, href]),
            let local = try connection.people.get(person)
        else { return nil }
        return try outgoing(local, href: href, etag: etag, agreedText: agreedText, includeNotes: includeNotes)
    }

    /// The card to send for `person`, or nil when the server has what Kith has: their
    /// contact fields (and, with `includeNotes`, their notes and interests) are those of the
    /// agreed card, and the server answered the last PUT.
    private func outgoing(_ person: Person, href: String, etag: String?, agreedText: String, includeNotes: Bool)
        throws -> OutgoingCard?
    {
        guard !person.isArchived else { return nil }
        let agreed = try Self.read(ServerCard(href: href, etag: "", data: Data(agreedText.utf8)))
        var changed = etag == nil || !ContactFields.differences(person, ContactFields.person(from: agreed)).isEmpty
        let notes = includeNotes ? try connection.people.notes(about: person.id).reversed().map(\.body) : agreed.notes
        let topics = includeNotes ? try connection.interests.interests(of: person.id).map(\.topicName) : agreed.topics
        if includeNotes && !changed {
            let lowered = { (names: [String]) in Set(names.map { $0.lowercased() }) }
            changed = Set(notes) != Set(agreed.notes) || lowered(topics) != lowered(agreed.topics)
        }
        guard changed else { return nil }
        let text = VCardExporter.card(
            person, uid: agreed.uid, kept: agreed.kept, notes: notes, topics: topics, version: Self.cardVersion
        ).text
        return OutgoingCard(href: href, personID: person.id, etag: etag, text: text)
    }

    /// Records a PUT the server accepted: the card's new ETag, and the card sent as what
    /// both sides now agree on.
    public func recordSent(_ card: OutgoingCard, etag: String, to book: AddressBook.ID) throws {
        try connection.execute(
            sql: """
                UPDATE address_book_cards SET etag = ?, agreed_card = ?, changed_here = 0
                WHERE address_book_id = ? AND href = ?
                """, arguments: [etag, card.text, book, card.href])
        if connection.changedRowCount == 0 {
            throw StoreError.invalid(field: "href", reason: "names no card of this address book")
        }
    }

    // MARK: Taking a card in

    /// What taking a batch of cards in holds back: new people and their rows (``WriteBatch``),
    /// and the cards that name them, inserted once they are written.
    private struct PendingCards {
        let batch: WriteBatch
        /// Each new card, and whether its person holds more than it (someone already here).
        var cards: [(href: String, person: Person.ID, etag: String, agreed: String, differs: Bool)] = []

        func write(to connection: Connection, book: AddressBook.ID) throws {
            try batch.write(to: connection)
            for card in cards {
                try connection.execute(
                    sql: """
                        INSERT INTO address_book_cards (address_book_id, href, person_id, etag, agreed_card, changed_here)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [book, card.href, card.person, card.etag, card.agreed, card.differs])
            }
        }
    }

    private func apply(
        _ imported: ImportedCard, _ card: ServerCard, to book: AddressBook.ID, writes: inout PendingCards,
        matcher: inout ContactMatcher
    ) throws -> CardChange {
        let agreed = Self.agreedText(imported)
        if let (person, etag, agreedText) = try connection.fetchOne(
            (Person.ID, String?, String).self,
            sql: "SELECT person_id, etag, agreed_card FROM address_book_cards WHERE address_book_id = ? AND href = ?",
            arguments: [book, card.href])
        {
            if etag == card.etag && agreedText == agreed {
                return CardChange(href: card.href, personID: person, kind: .unchanged, conflicts: [])
            }
            let base = try Self.read(ServerCard(href: card.href, etag: "", data: Data(agreedText.utf8)))
            let (conflicts, differs) = try update(person, from: imported, base: base, batch: writes.batch)
            try VCardImporter.addTopicsAndNotes(of: imported, to: person, in: connection, batch: writes.batch)
            try connection.execute(
                sql: """
                    UPDATE address_book_cards SET etag = ?, agreed_card = ?, changed_here = ?
                    WHERE address_book_id = ? AND href = ?
                    """, arguments: [card.etag, agreed, differs, book, card.href])
            let kind: CardChange.Kind = agreedText == agreed && conflicts.isEmpty ? .unchanged : .updated
            return CardChange(href: card.href, personID: person, kind: kind, conflicts: conflicts)
        }
        let (person, key) = try personForNewCard(imported, in: book, writes: writes, matcher: &matcher)
        writes.cards.append((card.href, person, card.etag, agreed, key != nil))
        return CardChange(href: card.href, personID: person, kind: key.map { .linked($0) } ?? .added, conflicts: [])
    }

    /// Merges a changed card into its person; returns the fields both sides changed, and
    /// whether the person now differs from the card (Kith's changes are to be sent).
    private func update(_ id: Person.ID, from imported: ImportedCard, base: ImportedCard, batch: WriteBatch) throws
        -> (conflicts: [String], differs: Bool)
    {
        guard let local = try connection.people.get(id) else { return ([], false) }
        let server = ContactFields.person(from: imported)
        let merged = ContactFields.merge(base: ContactFields.person(from: base), local: local, server: server)
        if merged.person != local { try connection.people.update(merged.person) }
        for (field, value) in merged.conflicts {
            try batch.addNote(
                "CardDAV sync: \(field) changed both here and on the server; the server's value was kept. Kith's was: \(value)",
                about: id)
        }
        // The properties Kith does not model follow the server, for the card this person came from.
        if let (uid, kept) = try connection.fetchOne(
            (String, String).self, sql: "SELECT uid, properties FROM vcard_cards WHERE person_id = ?", arguments: [id]),
            uid == imported.uid, let lines = imported.keptLines(replacing: kept, name: merged.person.name),
            lines != kept
        {
            batch.keepCard(uid: uid, properties: lines, of: id)
        }
        return (merged.conflicts.map(\.field), !ContactFields.differences(merged.person, server).isEmpty)
    }

    /// The person a card new to this address book is: someone not in it yet with the card's
    /// UID, else someone not in it yet whom imports would match (what the card adds is
    /// added to them), else someone new.
    private func personForNewCard(
        _ card: ImportedCard, in book: AddressBook.ID, writes: PendingCards, matcher: inout ContactMatcher
    ) throws -> (Person.ID, PersonMatch.Key?) {
        let batch = writes.batch
        if batch.mayHoldCard(uid: card.uid) { try batch.flush(to: connection) }
        var found: (Person.ID, PersonMatch.Key)?
        if let id: Person.ID = try connection.fetchValue(
            sql: "SELECT person_id FROM vcard_cards WHERE uid = ?", arguments: [card.uid])
        {
            found = (id, .uid)
        } else {
            found = try matcher.match(card.contact, in: connection, batch: batch)
        }
        // Someone already in this address book (or given a card of this batch) keeps their own card.
        if let (id, _) = found, try writes.cards.contains(where: { $0.person == id }) || isInBook(id, book) {
            found = nil
        }
        let person = try VCardImporter.take(
            card, into: found?.0, in: connection, batch: batch, matcher: &matcher, uidIsFree: false)
        return (person, found?.1)
    }

    private func isInBook(_ person: Person.ID, _ book: AddressBook.ID) throws -> Bool {
        try connection.fetchValue(
            sql: "SELECT 1 FROM address_book_cards WHERE address_book_id = ? AND person_id = ?",
            arguments: [book, person]) as Int? != nil
    }

    private func knownPerson(href: String, in book: AddressBook.ID) throws -> Person.ID? {
        try connection.fetchValue(
            sql: "SELECT person_id FROM address_book_cards WHERE address_book_id = ? AND href = ?",
            arguments: [book, href])
    }

    // MARK: Cards to send

    private func peopleWithoutCards(in book: AddressBook.ID) throws -> [Person.ID] {
        try connection.fetchAll(
            Person.ID.self,
            sql: """
                SELECT id FROM people WHERE is_archived = 0 AND id NOT IN
                    (SELECT person_id FROM address_book_cards WHERE address_book_id = ?) ORDER BY id
                """, arguments: [book])
    }

    /// Gives each person a card in the collection: a new href, the UID of their kept card
    /// (one is kept now when they have none), and that card as what will be sent.
    private func claimCards(for people: [Person.ID], in collection: String, of book: AddressBook.ID) throws {
        let batch = WriteBatch()
        var claimed: [(Person.ID, String, String)] = []
        for person in try connection.people.get(people) {
            let kept = try connection.fetchOne(
                (String, String).self, sql: "SELECT uid, properties FROM vcard_cards WHERE person_id = ?",
                arguments: [person.id])
            let uid = kept?.0 ?? "urn:uuid:" + UUID().uuidString.lowercased()
            if kept == nil { batch.keepCard(uid: uid, properties: "", of: person.id) }
            let text = VCardExporter.card(
                person, uid: uid, kept: kept?.1 ?? "", notes: [], topics: [], version: Self.cardVersion
            ).text
            claimed.append((person.id, collection + UUID().uuidString.lowercased() + ".vcf", text))
        }
        try batch.write(to: connection)
        for (person, href, text) in claimed {
            try connection.execute(
                sql: """
                    INSERT INTO address_book_cards (address_book_id, href, person_id, etag, agreed_card)
                    VALUES (?, ?, ?, NULL, ?)
                    """, arguments: [book, href, person, text])
        }
    }

    private func collectionPath(of book: AddressBook.ID) throws -> String {
        guard
            let url: String = try connection.fetchValue(
                sql: "SELECT url FROM address_books WHERE id = ?", arguments: [book])
        else { throw StoreError.notFound(entity: "address book", id: book.rawValue) }
        let path = URLComponents(string: url)?.percentEncodedPath ?? "/"
        return path.hasSuffix("/") ? path : path + "/"
    }

    // MARK: Reading cards

    /// The one vCard of a server card, read as an import reads it.
    static func read(_ card: ServerCard) throws -> ImportedCard {
        let cards = try VCardParser.parse(card.data, file: card.href, parts: 1)  // one card: no threads
        guard cards.count == 1 else {
            throw InterchangeError(file: card.href, reason: "expected one vCard, found \(cards.count)")
        }
        return ImportedCard(cards[0])
    }

    /// A server card as Kith writes it, to keep as what both sides agree on.
    static func agreedText(_ card: ImportedCard) -> String {
        VCardExporter.card(
            ContactFields.person(from: card), uid: card.uid,
            kept: card.kept, notes: card.notes,
            topics: card.topics, version: cardVersion
        ).text
    }
}
