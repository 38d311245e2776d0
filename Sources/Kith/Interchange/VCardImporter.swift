import Foundation

/// What an import did.
public struct ImportSummary: Sendable, Hashable {
    /// People added.
    public var added = 0
    /// People already there, counted by what matched them: the same card imported before
    /// (`.uid`, brought up to date from the card), or an email, phone or name
    /// (``PersonMatch``: the card's missing details added to them).
    public var matchedBy: [PersonMatch.Key: Int] = [:]
    /// People already there whose record a card updated.
    public var updated: Int { matchedBy.values.reduce(0, +) }
    /// The properties Kith does not model that it kept verbatim, to give them back on export.
    public var keptProperties = 0

    public init(added: Int = 0, matchedBy: [PersonMatch.Key: Int] = [:], keptProperties: Int = 0) {
        self.added = added
        self.matchedBy = matchedBy
        self.keptProperties = keptProperties
    }
}

/// Imports vCards into Kith: FN (or N), EMAIL and TEL with their labels, ORG, TITLE, BDAY
/// (also without a year), NOTE, CATEGORIES (as interests of weight 3), RELATED (as who
/// knows whom, when the related card or person is in Kith) and UID. Every property Kith
/// does not model (N, NICKNAME, ADR, URL, ANNIVERSARY, PHOTO, RELATED, X-…) is kept
/// verbatim and written back by ``VCardExporter``.
///
/// A card whose UID (or, without one, whose exact text) was imported before updates that
/// person instead of adding them again; interests they already have keep their weight and
/// notes are not repeated. All or nothing: one transaction, and an error names the file and
/// the card.
///
/// The file is cut into cards on every core, and each card is read and prepared on another
/// thread while the cards before it are written; the database is written only on the
/// calling thread, and no thread outlives the call.
///
/// ```swift
/// let summary = try database.write { try VCardImporter.import(data, file: "contacts.vcf", into: $0) }
/// print("\(summary.added) added, \(summary.updated) updated")
/// ```
public enum VCardImporter {
    /// Imports every card in `data`, reporting `(cards done, cards in all)` to `progress`.
    public static func `import`(
        _ data: Data, file: String = "input", into connection: Connection, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let cards = try VCardParser.cards(in: data, file: file)
        guard !cards.isEmpty else {
            throw InterchangeError(file: file, reason: "no vCard in it (expected cards from BEGIN:VCARD to END:VCARD)")
        }
        var summary = ImportSummary()
        try connection.transaction {
            var related: [(Person.ID, [String])] = []
            try WriteBatch.settingGuardsAside(forAbout: cards.count, in: connection) {
                let batch = WriteBatch()
                var matcher = ContactMatcher()
                // Each card's properties are read on another thread while the cards before are written.
                try Parallel.forEach(cards, transformedBy: { ImportedCard($0.parsed()) }) { lines, card in
                    let (person, matched) = try InterchangeError.naming(file, "card \(lines.number)") {
                        try importCard(card, into: connection, in: batch, matcher: &matcher)
                    }
                    if let matched { summary.matchedBy[matched, default: 0] += 1 } else { summary.added += 1 }
                    summary.keptProperties += card.kept.isEmpty ? 0 : card.kept.utf8.count { $0 == 10 } + 1
                    if !card.related.isEmpty { related.append((person, card.related)) }
                    progress?(lines.number, cards.count)
                }
                try InterchangeError.naming(file, nil) { try batch.write(to: connection) }
            }
            // RELATED (and Apple's X-ABRELATEDNAMES) as who knows whom, once everyone is in.
            var names: PeopleByName?  // read at the first relation
            for (person, values) in related {
                for value in values {
                    if let other = try relatedPerson(value, in: connection, names: &names), other != person {
                        try connection.people.recordAcquaintance(person, other)
                    }
                }
            }
        }
        return summary
    }

    /// The person a RELATED value names: a card's UID (`urn:uuid:…`), an email (`mailto:…`),
    /// or a name that only one person has; nil when none is in Kith.
    private static func relatedPerson(_ value: String, in connection: Connection, names: inout PeopleByName?) throws
        -> Person.ID?
    {
        let value = value.withoutSurroundingWhitespace
        guard !value.isEmpty else { return nil }
        if let id: Person.ID = try connection.fetchValue(
            sql: "SELECT person_id FROM vcard_cards WHERE uid IN (?1, 'urn:uuid:' || ?1, substr(?1, 10))",
            arguments: [value])
        {
            return id
        }
        if value.lowercased().hasPrefix("mailto:") {
            return try connection.fetchValue(
                sql: "SELECT person_id FROM emails WHERE address = ? COLLATE NOCASE",
                arguments: [String(value.dropFirst(7))])
        }
        if names == nil { names = try PeopleByName(connection) }
        let named = names?.ids(named: value) ?? []
        return named.count == 1 ? named[0] : nil
    }

    /// Adds the card's CATEGORIES that the person lacks as interests (of weight 3) and its
    /// notes that they lack; what they have stays as it is.
    static func addTopicsAndNotes(
        of card: ImportedCard, to id: Person.ID, in connection: Connection, batch: WriteBatch
    ) throws {
        let has = Set(try connection.interests.interests(of: id).map { $0.topicName.lowercased() })
        for topic in card.topics where !has.contains(topic.lowercased()) {
            try connection.interests.add(NewInterest(topic: topic), to: id)
        }
        let written = Set(try connection.people.notes(about: id).map(\.body))
        for note in card.notes
        where !written.contains(note.withoutSurroundingWhitespace) && !batch.holdsNote(note, about: id) {
            try batch.addNote(note, about: id)
        }
    }

    /// Imports one card: updates the person it was imported as before, else merges it into
    /// the person it matches, else adds someone. Returns the person and what matched them.
    private static func importCard(
        _ card: ImportedCard, into connection: Connection, in batch: WriteBatch, matcher: inout ContactMatcher
    ) throws -> (Person.ID, PersonMatch.Key?) {
        if batch.mayHoldCard(uid: card.uid) { try batch.flush(to: connection) }  // the same card twice in a file
        var existing: Person.ID? = try connection.fetchValue(
            sql: "SELECT person_id FROM vcard_cards WHERE uid = ?", arguments: [card.uid])
        if existing == nil, card.uid.hasPrefix(VCardExporter.uidPrefix),
            let id = Int64(card.uid.dropFirst(VCardExporter.uidPrefix.count))
        {
            if batch.holds(Person.ID(rawValue: id)) { try batch.flush(to: connection) }
            existing = try connection.people.get(Person.ID(rawValue: id))?.id  // exported by Kith, never imported
        }
        if let id = existing, let stored = try connection.people.get(id) {
            var person = stored
            person.name = card.name
            person.organization = card.organization
            person.title = card.title
            person.birthday = card.birthday
            person.emails = card.emails
            person.phones = card.phones
            person.websites = card.websites
            person.nicknames = card.nicknames
            person.addresses = card.addresses
            if person != stored { try connection.people.update(person) }  // the same card again changes nothing
            try addTopicsAndNotes(of: card, to: id, in: connection, batch: batch)
            let kept: String? = try connection.fetchValue(
                sql: "SELECT properties FROM vcard_cards WHERE person_id = ?", arguments: [id])
            if let lines = card.keptLines(replacing: kept, name: person.name) {
                batch.keepCard(uid: card.uid, properties: lines, of: id)
            }
            return (id, .uid)
        }
        let match = try matcher.match(card.contact, in: connection, batch: batch)
        let person = try take(card, into: match?.0, in: connection, batch: batch, matcher: &matcher, uidIsFree: true)
        return (person, match?.1)
    }

    /// Merges the card into `person` (what it says that they lack is added), or adds someone
    /// new when `person` is nil; the card's own properties are kept for them when they have no
    /// card yet (the first card a person came from keeps its properties), and, for someone
    /// new, only when no one has the card's UID (`uidIsFree` says it is known to be free).
    static func take(
        _ card: ImportedCard, into person: Person.ID?, in connection: Connection, batch: WriteBatch,
        matcher: inout ContactMatcher, uidIsFree: Bool
    ) throws -> Person.ID {
        let contact = card.contact
        if let id = person {
            try matcher.merge(contact, into: id, in: connection, batch: batch)
            let hasCard: Int? = try connection.fetchValue(
                sql: "SELECT 1 FROM vcard_cards WHERE person_id = ?", arguments: [id])
            if hasCard == nil && !batch.holdsCard(of: id) {
                batch.keepCard(uid: card.uid, properties: card.kept, of: id)
            }
            return id
        }
        let added = try connection.people.add(contact, in: batch)
        matcher.added(added.id, contact)
        let free =
            try uidIsFree
            || (!batch.mayHoldCard(uid: card.uid)
                && connection.fetchValue(sql: "SELECT 1 FROM vcard_cards WHERE uid = ?", arguments: [card.uid]) as Int?
                    == nil)
        if free { batch.keepCard(uid: card.uid, properties: card.kept, of: added.id) }
        return added.id
    }
}
