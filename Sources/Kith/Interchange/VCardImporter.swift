import Foundation

/// What an import did.
public struct ImportSummary: Sendable, Hashable {
    /// People added.
    public var added = 0
    /// People already there (the same card imported before) whose record was brought up to date.
    public var updated = 0

    public init(added: Int = 0, updated: Int = 0) {
        self.added = added
        self.updated = updated
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
/// ```swift
/// let summary = try database.write { try VCardImporter.import(data, file: "contacts.vcf", into: $0) }
/// print("\(summary.added) added, \(summary.updated) updated")
/// ```
public enum VCardImporter {
    /// Properties Kith models; any other is kept verbatim.
    static let modeled: Set<String> = ["VERSION", "FN", "UID", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "CATEGORIES", "BDAY"]
    // RELATED is both recorded (as an acquaintance) and kept, since a text relation ("spouse: Jenny") says more than Kith models.

    /// Imports every card in `data`, reporting `(cards done, cards in all)` to `progress`.
    public static func `import`(
        _ data: Data, file: String = "input", into connection: Connection, progress: ((Int, Int) -> Void)? = nil
    ) throws -> ImportSummary {
        let cards = try VCardParser.parse(data, file: file)
        var summary = ImportSummary()
        try connection.transaction {
            var people: [(Person.ID, VCard)] = []
            let batch = WriteBatch()
            for card in cards {
                let (person, updated) = try InterchangeError.naming(file, "card \(card.number)") {
                    try importCard(card, into: connection, in: batch)
                }
                if updated { summary.updated += 1 } else { summary.added += 1 }
                people.append((person, card))
                progress?(card.number, cards.count)
            }
            try InterchangeError.naming(file, nil) { try batch.write(to: connection) }
            // RELATED (and Apple's X-ABRELATEDNAMES) as who knows whom, once everyone is in.
            var names: PeopleByName?  // read at the first relation
            for (person, card) in people {
                for property in card.all("RELATED") + card.all("X-ABRELATEDNAMES") {
                    if let other = try relatedPerson(property.text, in: connection, names: &names), other != person {
                        try connection.people.recordAcquaintance(person, other)
                    }
                }
            }
        }
        return summary
    }

    /// The person a RELATED value names: a card's UID (`urn:uuid:…`), an email (`mailto:…`),
    /// or a name that only one person has; nil when none is in Kith.
    private static func relatedPerson(_ value: String, in connection: Connection, names: inout PeopleByName?) throws -> Person.ID? {
        let value = value.withoutSurroundingWhitespace
        guard !value.isEmpty else { return nil }
        if let id: Person.ID = try connection.fetchValue(
            sql: "SELECT person_id FROM vcard_cards WHERE uid IN (?1, 'urn:uuid:' || ?1, substr(?1, 10))", arguments: [value]) {
            return id
        }
        if value.lowercased().hasPrefix("mailto:") {
            return try connection.fetchValue(
                sql: "SELECT person_id FROM emails WHERE address = ? COLLATE NOCASE", arguments: [String(value.dropFirst(7))])
        }
        if names == nil { names = try PeopleByName(connection) }
        let named = names?.ids(named: value) ?? []
        return named.count == 1 ? named[0] : nil
    }

    /// Imports one card: the person, and true when it updated someone already there.
    private static func importCard(
        _ card: VCard, into connection: Connection, in batch: WriteBatch
    ) throws -> (Person.ID, Bool) {
        let uid = card.first("UID")?.text.withoutSurroundingWhitespace
            ?? "kith:card:" + String(fnv1a(card.properties.map(\.line)), radix: 16)
        let birthday = card.first("BDAY").flatMap { birthdayValue($0.text) }
        let kept = card.properties.filter { !modeled.contains($0.name) || ($0.name == "BDAY" && birthday == nil) }
            .map(\.line).joined(separator: "\n")
        let allEmails = card.all("EMAIL").filter { !$0.text.isEmpty }.map { EmailAddress($0.text, label: label(of: $0, in: card)) }
        let allPhones = card.all("TEL").filter { !$0.text.isEmpty }.map { property in
            PhoneNumber(property.text.hasPrefix("tel:") ? String(property.text.dropFirst(4)) : property.text, label: label(of: property, in: card))
        }
        // Kith keeps an address or a number once per person: the first label wins.
        var seenEmails = Set<String>(), seenPhones = Set<String>()
        let emails = allEmails.filter { seenEmails.insert($0.address.lowercased()).inserted }
        let phones = allPhones.filter { seenPhones.insert($0.number).inserted }
        let organization = card.first("ORG")?.components.first { !$0.withoutSurroundingWhitespace.isEmpty }
        let name = displayName(card, organization: organization, emails: emails, phones: phones)
        let notes = card.all("NOTE").map { note in
            // `replacing` costs about 20,000 instructions even when there is nothing to replace.
            note.text.utf8.contains(13) ? note.text.replacing("\r\n", with: "\n") : note.text
        }.filter { !$0.withoutSurroundingWhitespace.isEmpty }
        let topics = card.all("CATEGORIES").flatMap(\.list)

        if batch.mayHoldCard(uid: uid) { try batch.flush(to: connection) }  // the same card twice in a file
        var existing: Person.ID? = try connection.fetchValue(sql: "SELECT person_id FROM vcard_cards WHERE uid = ?", arguments: [uid])
        if existing == nil, uid.hasPrefix(VCardExporter.uidPrefix), let id = Int64(uid.dropFirst(VCardExporter.uidPrefix.count)) {
            if batch.holds(Person.ID(rawValue: id)) { try batch.flush(to: connection) }
            existing = try connection.people.get(Person.ID(rawValue: id))?.id  // exported by Kith, never imported
        }
        if let id = existing, let stored = try connection.people.get(id) {
            var person = stored
            person.name = name
            person.organization = organization
            person.title = card.first("TITLE")?.text
            person.birthday = birthday
            person.emails = emails
            person.phones = phones
            if person != stored { try connection.people.update(person) }  // the same card again changes nothing
            let has = Set(try connection.interests.interests(of: id).map { $0.topicName.lowercased() })
            for topic in topics where !has.contains(topic.lowercased()) {
                try connection.interests.add(NewInterest(topic: topic), to: id)
            }
            let written = Set(try connection.people.notes(about: id).map(\.body))
            for note in notes where !written.contains(note.withoutSurroundingWhitespace) && !batch.holdsNote(note, about: id) {
                try batch.addNote(note, about: id)
            }
            batch.keepCard(uid: uid, properties: kept, of: id)
            return (id, true)
        }
        let person = try connection.people.add(NewPerson(
            name: name, organization: organization, title: card.first("TITLE")?.text, birthday: birthday,
            emails: emails, phones: phones, interests: topics.map { NewInterest(topic: $0) }, notes: notes),
            in: batch)
        batch.keepCard(uid: uid, properties: kept, of: person.id)
        return (person.id, false)
    }

    /// FN, else the name parts of N, else the organization, an email or a phone.
    private static func displayName(_ card: VCard, organization: String?, emails: [EmailAddress], phones: [PhoneNumber]) -> String {
        if let name = card.first("FN")?.text.withoutSurroundingWhitespace, !name.isEmpty { return name }
        if let parts = card.first("N")?.components {
            let ordered = [parts.count > 3 ? parts[3] : "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "", parts[0],
                           parts.count > 4 ? parts[4] : ""]
            let name = ordered.map { $0.withoutSurroundingWhitespace }.filter { !$0.isEmpty }.joined(separator: " ")
            if !name.isEmpty { return name }
        }
        return organization ?? emails.first?.address ?? phones.first?.number ?? "Unnamed card \(card.number)"
    }

    /// The TYPE values that say something (not `internet` or `pref`), or the group's X-ABLabel.
    private static func label(of property: VCard.Property, in card: VCard) -> String? {
        if let group = property.group,
           let label = card.properties.first(where: { $0.group == group && $0.name == "X-ABLABEL" })?.text {
            return appleLabel(label)
        }
        guard let values = property.parameters["TYPE"] else { return nil }
        let types = values.flatMap { $0.split(separator: ",") }.filter { !unsaidTypes.contains($0.lowercased()) }
        return types.isEmpty ? nil : types.joined(separator: ",")
    }

    /// Apple's `_$!<Work>!$_` → "Work"; any other label as it is. The usual whole form is
    /// cut without `replacing`, which costs about 20,000 instructions a call.
    static func appleLabel(_ label: String) -> String {
        let (open, close) = ("_$!<", ">!$_")
        if label.hasPrefix(open), label.hasSuffix(close), label.utf8.count >= 8 {
            let inner = label.dropFirst(4).dropLast(4)
            if !inner.contains("$") { return String(inner) }
        }
        return label.utf8.contains(UInt8(ascii: "$")) ? label.replacing(open, with: "").replacing(close, with: "") : label
    }

    /// TYPE values that say nothing a person would call a label.
    private static let unsaidTypes: Set<String> = ["internet", "pref"]

    /// `1980-03-22`, `19800322`, `--0322`, `--03-22`, `1955-07-19T00:00:00Z`; nil for anything else.
    static func birthdayValue(_ text: String) -> Birthday? {
        // Read as Unicode scalars, not Characters: the digits and separators are ASCII.
        let text = text.withoutSurroundingWhitespace.unicodeScalars
        func digits(_ scalars: some Sequence<Unicode.Scalar>) -> [Int] {
            scalars.compactMap { ("0"..."9").contains($0) ? Int($0.value) - 48 : nil }
        }
        func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }
        if text.starts(with: "--".unicodeScalars) {
            let all = digits(text)
            guard all.count == 4 else { return nil }
            return try? Birthday(month: number(all[0..<2]), day: number(all[2..<4]))
        }
        let date = text.prefix { $0 != "T" }
        let all = digits(date)
        guard all.count == 8, date.count == 8 || date.count == 10 else { return nil }
        return try? Birthday(year: number(all[0..<4]), month: number(all[4..<6]), day: number(all[6..<8]))
    }

    /// FNV-1a of the lines joined by line feeds, without joining them.
    private static func fnv1a(_ lines: [String]) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, line) in lines.enumerated() {
            if index > 0 { hash = (hash ^ 10) &* prime }
            for byte in line.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        }
        return hash
    }
}
