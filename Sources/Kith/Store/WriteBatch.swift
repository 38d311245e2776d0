import Foundation

/// What a write of many people holds back until its end, and remembers along the way: the
/// bulk path of the importers, which pass one batch to every ``PersonRepository/add(_:in:)``
/// and write it before their transaction ends. Public calls that add rows use a batch of
/// their own, so that there is one way to write each table.
///
/// - **New people and their emails, phones, websites, nicknames, addresses, interests and kept vCards**, written many rows
///   to a statement (``PendingRows``). A new person's id is known at once (the next after
///   the largest in the table). Whoever reads what the batch may hold (a person added
///   earlier in the same import, found again by email, name or UID) calls ``flush(to:)``
///   first: see ``holds(_:)``, ``mayHoldEmail(_:)`` and ``mayHoldCard(uid:)``.
/// - **Notes and how-we-met texts**, written in one statement each at the end. Both are in
///   full-text indexes kept by triggers. Once such an index has been written in a
///   transaction, SQLite's FTS5 flushes its pending terms to disk at every later statement
///   that opens a statement journal (any insert with a trigger does): written row by row,
///   each note cost a flush (about 30 µs, and growing with the index). In one statement it
///   is about 2 µs a row.
/// - **Topic ids by name**, so that an interest in a topic seen before costs no lookup.
final class WriteBatch {
    /// A new person's own fields, but how we met (text, written with the notes) and the
    /// archived flag (the schema's default), then the times.
    private static let peopleTable = PendingRows.Table(
        "people",
        ["id"] + Person.fieldColumns.filter { $0 != "how_we_met" && $0 != "is_archived" } + [
            "created_at", "updated_at",
        ])
    private static let emailsTable = PendingRows.Table(EmailAddress.table, ["person_id"] + EmailAddress.columns)
    private static let phonesTable = PendingRows.Table(PhoneNumber.table, ["person_id"] + PhoneNumber.columns)
    private static let websitesTable = PendingRows.Table(Website.table, ["person_id"] + Website.columns)
    private static let nicknamesTable = PendingRows.Table("nicknames", ["person_id", "nickname"])
    private static let addressesTable = PendingRows.Table(PostalAddress.table, ["person_id"] + PostalAddress.columns)
    private static let interestsTable = PendingRows.Table(
        "interests", ["person_id", "topic_id", "weight", "learned_on"],
        conflict:
            " ON CONFLICT (person_id, topic_id) DO UPDATE SET weight = excluded.weight, learned_on = excluded.learned_on"
    )
    private static let cardsTable = PendingRows.Table(
        "vcard_cards", ["person_id", "uid", "properties"],
        conflict: " ON CONFLICT (person_id) DO UPDATE SET uid = excluded.uid, properties = excluded.properties")
    private var people = PendingRows(peopleTable)
    private var emails = PendingRows(emailsTable)
    private var phones = PendingRows(phonesTable)
    private var websites = PendingRows(websitesTable)
    private var nicknames = PendingRows(nicknamesTable)
    private var addresses = PendingRows(addressesTable)
    private var interests = PendingRows(interestsTable)
    private var cards = PendingRows(cardsTable)
    /// The ids held back (from the first to the next to give), and what may find them again.
    private var heldIDs: Range<Int64> = 0..<0
    private var heldEmails = Set<String>()
    private var heldUIDs = Set<String>()
    private var heldCardOwners = Set<Int64>()
    private var notes: [(person: Person.ID, body: String)] = []
    private var notesByPerson: [Person.ID: Set<String>] = [:]
    private var howWeMet: [(person: Person.ID, text: String)] = []
    private var topicIDs: [String: Topic.ID] = [:]
    private var timestamp: (text: String, date: Date)?
    /// The day the notes are written on.
    let day: Day

    init(day: Day = .today()) {
        self.day = day
    }

    // MARK: Rows held back

    /// Holds back a new person's row, checked and trimmed and stamped with ``now(in:)``, and
    /// gives their id.
    func addPerson(
        name: String, organization: String?, title: String?, metOn: Day?, birthday: Birthday?, contactEveryDays: Int?,
        in connection: Connection
    ) throws -> Person.ID {
        let stamp = try now(in: connection).text
        if heldIDs.count >= Self.peopleHeldAtMost { try flush(to: connection) }  // memory stays bounded
        if heldIDs.isEmpty {
            let largest: Int64 = try connection.fetchValue(sql: "SELECT coalesce(max(id), 0) FROM people") ?? 0
            heldIDs = (largest + 1)..<(largest + 1)
        }
        let id = Person.ID(rawValue: heldIDs.upperBound)
        heldIDs = heldIDs.lowerBound..<(heldIDs.upperBound + 1)
        people.append([id, name, organization, title, metOn, birthday, contactEveryDays, stamp, stamp])
        return id
    }

    /// How many new people are held back before they are written anyway.
    static let peopleHeldAtMost = 10_000

    /// Holds back an email address, checked and trimmed.
    func addEmail(_ email: EmailAddress, of person: Person.ID) {
        emails.append([person, email.address, email.label])
        heldEmails.insert(email.address.lowercased())
    }

    /// Holds back a phone number, checked and trimmed.
    func addPhone(_ phone: PhoneNumber, of person: Person.ID) {
        phones.append([person, phone.number, phone.label])
    }

    /// Holds back a website, checked and trimmed.
    func addWebsite(_ website: Website, of person: Person.ID) {
        websites.append([person, website.url, website.label])
    }

    /// Holds back a nickname, checked and trimmed.
    func addNickname(_ nickname: String, of person: Person.ID) {
        nicknames.append([person, nickname])
    }

    /// Holds back a postal address, checked and trimmed.
    func addAddress(_ address: PostalAddress, of person: Person.ID) {
        var row: [(any DatabaseValueConvertible)?] = [person, address.label]
        row += address.parts.map { $0 }
        addresses.append(row)
    }

    /// Holds back an interest (its weight checked), or a new weight for one already recorded.
    func addInterest(in topic: Topic.ID, weight: Int, learnedOn: Day, of person: Person.ID) {
        interests.append([person, topic, weight, learnedOn])
    }

    /// Holds back what Kith keeps of a person's vCard, replacing what it kept before.
    func keepCard(uid: String, properties: String, of person: Person.ID) {
        cards.append([person, uid, properties])
        heldUIDs.insert(uid)
        heldCardOwners.insert(person.rawValue)
    }

    /// Whether a card held back belongs to this person.
    func holdsCard(of person: Person.ID) -> Bool {
        heldCardOwners.contains(person.rawValue)
    }

    /// Whether this person was added to the batch and is not written yet.
    func holds(_ person: Person.ID) -> Bool { heldIDs.contains(person.rawValue) }

    /// Whether an address held back may be this one (in any case): if so, flush before
    /// looking it up.
    func mayHoldEmail(_ address: String) -> Bool { !heldEmails.isEmpty && heldEmails.contains(address.lowercased()) }

    /// Whether a card held back has this UID: if so, flush before looking it up.
    func mayHoldCard(uid: String) -> Bool { heldUIDs.contains(uid) }

    /// Writes the people held back and their rows, so that reading finds them; first stops
    /// with `CancellationError` if the async write this runs in was cancelled (an import is
    /// cancelled between batches, and rolled back as a whole).
    func flush(to connection: Connection) throws {
        try connection.checkCancellation()
        try people.write(to: connection)  // first: the other rows name them
        try emails.write(to: connection)
        try phones.write(to: connection)
        try websites.write(to: connection)
        try nicknames.write(to: connection)
        try addresses.write(to: connection)
        try interests.write(to: connection)
        try cards.write(to: connection)
        heldIDs = heldIDs.upperBound..<heldIDs.upperBound
        heldEmails.removeAll()
        heldUIDs.removeAll()
        heldCardOwners.removeAll()
    }

    /// Runs `body`, an import that writes about `count` people through batches; from
    /// ``guardsSetAsideFrom`` people on, with the hand-edit guards on the tables a batch fills
    /// set aside (``HandEditGuards``), once for the whole import, so that its statements are
    /// compiled once.
    static func settingGuardsAside<T>(forAbout count: Int, in connection: Connection, _ body: () throws -> T) throws
        -> T
    {
        guard count >= guardsSetAsideFrom else { return try body() }
        return try HandEditGuards.setAside(on: guardedTables, in: connection, while: body)
    }

    /// The tables a batch fills that have hand-edit guards: all but `people`.
    private static let guardedTables =
        [emailsTable, phonesTable, websitesTable, nicknamesTable, addressesTable, interestsTable, cardsTable]
        .map(\.name) + ["notes"]

    /// How many people an import must write before setting the guards aside pays.
    /// Dropping and creating them, and compiling the cached statements again, costs 6–10 M
    /// instructions; the guards cost about 30,000 a person of the import benchmark.
    static let guardsSetAsideFrom = 500

    /// When the people and notes of this batch are created, as stored and as a date: SQLite's
    /// clock, read once (each row's own default would cost a `strftime` call, and a person's a
    /// read-back).
    func now(in connection: Connection) throws -> (text: String, date: Date) {
        if let timestamp { return timestamp }
        let text: String = try connection.fetchValue(sql: "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')") ?? ""
        guard let date = Date.parseUTC(text) else {
            throw DatabaseError(code: .error, message: "SQLite's clock gave no timestamp ('\(text)')")
        }
        timestamp = (text, date)
        return (text, date)
    }

    /// The id of the topic with this name or alias, created if there is none; a name asked
    /// for before is answered from memory (the batch lives inside one transaction).
    func topicID(creating name: String, in connection: Connection) throws -> Topic.ID {
        if let id = topicIDs[name] { return id }
        let id = try connection.interests.topicID(creating: name)
        topicIDs[name] = id
        return id
    }

    /// Holds back a note about a person; throws when it is empty.
    func addNote(_ body: String, about person: Person.ID) throws {
        let body = try requiredText(body, field: "note")
        notes.append((person, body))
        notesByPerson[person, default: []].insert(body)
    }

    /// Whether this batch already holds this note (trimmed) about the person.
    func holdsNote(_ body: String, about person: Person.ID) -> Bool {
        notesByPerson[person]?.contains(body.withoutSurroundingWhitespace) ?? false
    }

    /// Holds back how I met a person who has none yet; the text is already checked and trimmed.
    func setHowWeMet(_ text: String, of person: Person.ID) {
        howWeMet.append((person, text))
    }

    /// Writes everything it holds (the text in one statement each) and empties it.
    func write(to connection: Connection) throws {
        try flush(to: connection)
        try writeTexts(to: connection)
        notes.removeAll()
        notesByPerson.removeAll()
        howWeMet.removeAll()
    }

    /// Writes the notes and how-we-met texts, one statement each.
    private func writeTexts(to connection: Connection) throws {
        if !notes.isEmpty {
            try connection.execute(
                sql: """
                    INSERT INTO notes(person_id, body, written_on, created_at)
                    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2, ?3 FROM json_each(?1) ORDER BY key
                    """,
                arguments: [Self.json(notes.map { ($0.person, $0.body) }), day, try now(in: connection).text])
        }
        if !howWeMet.isEmpty {
            try connection.execute(
                sql: """
                    UPDATE people SET how_we_met = json_extract(value, '$[1]')
                    FROM json_each(?) WHERE people.id = json_extract(value, '$[0]')
                    """,
                arguments: [Self.json(howWeMet.map { ($0.person, $0.text) })])
        }
    }

    /// `[[id, "text"], …]`, to bind the whole list as one value (see ``JSONText``).
    private static func json(_ rows: [(Person.ID, String)]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        json.reserveCapacity(rows.reduce(2) { $0 + $1.1.utf8.count + 24 })
        for (index, (id, text)) in rows.enumerated() {
            json.append(contentsOf: (index == 0 ? "[" : ",[").utf8)
            json.append(contentsOf: String(id.rawValue).utf8)
            json.append(UInt8(ascii: ","))
            JSONText.append(text, to: &json)
            json.append(UInt8(ascii: "]"))
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }
}
