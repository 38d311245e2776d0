import Foundation

extension Connection {
    /// The people I know, their emails, phones and notes, and who knows whom.
    public var people: PersonRepository { PersonRepository(connection: self) }
}

/// Adds, reads, updates and archives people.
///
/// Get one from a connection inside ``Database/read(_:)-b1hz`` or ``Database/write(_:)-dzxb``:
///
/// ```swift
/// let ann = try database.write { try $0.people.add(NewPerson(name: "Ann Lee")) }
/// let same = try database.read { try $0.people.named("ann lee") }
/// ```
///
/// Every change that touches several rows runs as one unit: it all happens, or none of it.
/// Invalid input throws ``StoreError`` and changes nothing.
public struct PersonRepository {
    let connection: Connection

    // MARK: Reading

    /// The person with this id, or nil.
    public func get(_ id: Person.ID) throws -> Person? {
        try load(filter: "WHERE id = ?", owners: "person_id = ?", arguments: [id]).first
    }

    /// Everyone, by name; archived people only when asked.
    public func all(includingArchived: Bool = false) throws -> [Person] {
        try load(filter: includingArchived ? "" : "WHERE is_archived = 0", arguments: [])
    }

    /// The people whose name is `name`, ignoring case (in any script) and surrounding spaces.
    /// Archived people are included: a name lookup should find everyone.
    ///
    /// The candidates come from the name index (`people_search`, whose words are folded for
    /// case and accents, with "ss" and "ß" tried both ways) and the names equal but for ASCII
    /// case, so the lookup reads a few rows, not every name.
    public func named(_ name: String) throws -> [Person] {
        let wanted = Self.nameKey(name)
        let words = name.lowercased().split { !($0.isLetter || $0.isNumber) }.map { word in
            // Each spelling quoted, so that nothing in a name is read as FTS5 syntax.
            let other =
                word.contains("ß")
                ? word.replacingOccurrences(of: "ß", with: "ss")
                : word.replacingOccurrences(of: "ss", with: "ß")
            return other == word ? "\"\(word)\"" : "(\"\(word)\" OR \"\(other)\")"
        }
        let query = words.isEmpty ? nil : "name : (" + words.joined(separator: " AND ") + ")"
        let ids = try connection.fetchAll(
            (Person.ID, String).self,
            sql: """
                SELECT id, name FROM people WHERE name = ?1 COLLATE NOCASE
                UNION SELECT p.id, p.name FROM people_search JOIN people p ON p.id = people_search.rowid
                    WHERE ?2 IS NOT NULL AND people_search MATCH ?2
                """,
            arguments: [name.withoutSurroundingWhitespace, query]
        ).compactMap { id, name in Self.nameKey(name) == wanted ? id : nil }
        return try load(ids: ids)
    }

    /// What two names must share to be the same name: trimmed, then upper-cased with Unicode's
    /// full case mapping (so "straße" is "STRASSE", and "ζωή" is "ΖΩΉ").
    static func nameKey(_ name: String) -> String {
        name.withoutSurroundingWhitespace.uppercased()
    }

    /// The people with these ids, by name. Ids with no person are skipped.
    public func get(_ ids: [Person.ID]) throws -> [Person] {
        try load(ids: ids)
    }

    /// The person with this id, or ``StoreError/notFound(entity:id:)``.
    func require(_ id: Person.ID) throws -> Person {
        guard let person = try get(id) else { throw StoreError.notFound(entity: "person", id: id.rawValue) }
        return person
    }

    /// Throws ``StoreError/notFound(entity:id:)`` unless the person exists.
    func requireExists(_ id: Person.ID) throws {
        let found: Int? = try connection.fetchValue(sql: "SELECT 1 FROM people WHERE id = ?", arguments: [id])
        if found == nil { throw StoreError.notFound(entity: "person", id: id.rawValue) }
    }

    // MARK: Changing

    /// Adds a person with their emails, phones, interests and notes, in one change.
    ///
    /// - throws: ``StoreError`` when a field is invalid (an empty name, a weight outside 1–5).
    @discardableResult
    public func add(_ new: NewPerson) throws -> Person {
        let batch = WriteBatch()
        return try connection.transaction {
            let person = try add(new, in: batch)
            try batch.write(to: connection)
            return person
        }
    }

    /// Adds a person inside the caller's transaction (which a failure must roll back): their
    /// row, emails, phones, interests, notes and how we met wait in `batch` for the caller
    /// to write (see ``WriteBatch``). The bulk path of the importers.
    @discardableResult
    func add(_ new: NewPerson, in batch: WriteBatch) throws -> Person {
        let fields = try Fields(new)
        // Nothing is read back: the row is what was written, stamped with the batch's time;
        // how we met is left to the batch's text.
        let now = try batch.now(in: connection)
        let id = try batch.addPerson(
            name: fields.name, organization: fields.organization, title: fields.title, metOn: fields.metOn,
            birthday: fields.birthday, contactEveryDays: fields.contactEveryDays, in: connection)
        var person = Person(
            id: id, name: fields.name, organization: fields.organization,
            title: fields.title, howWeMet: nil, metOn: fields.metOn, birthday: fields.birthday,
            contactEveryDays: fields.contactEveryDays, isArchived: false, emails: [], phones: [], createdAt: now.date,
            updatedAt: now.date)
        (person.emails, person.phones) = try addContacts(
            of: person.id, emails: new.emails, phones: new.phones, in: batch)
        (person.websites, person.nicknames, person.addresses) = try addDetails(
            of: person.id, websites: new.websites, nicknames: new.nicknames, addresses: new.addresses, in: batch)
        for interest in new.interests {
            try connection.interests.record(interest, for: person.id, in: batch)
        }
        for note in new.notes {
            try batch.addNote(note, about: person.id)
        }
        if let howWeMet = trimmed(new.howWeMet) {
            batch.setHowWeMet(howWeMet, of: person.id)
            person.howWeMet = howWeMet
        }
        return person
    }

    /// Saves every field of `person`, replacing their emails, phones, websites, nicknames and addresses.
    @discardableResult
    public func update(_ person: Person) throws -> Person {
        try connection.transaction {
            try requireExists(person.id)
            let fields = try Fields(person)
            try connection.execute(
                sql: """
                    UPDATE people SET \(Person.fieldColumns.map { "\($0) = ?" }.joined(separator: ", ")),
                        updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
                    WHERE id = ?
                    """,
                arguments: fields.arguments + [person.isArchived, person.id])
            for table in ["emails", "phones", "websites", "nicknames", "addresses"] {
                // A table name from this list, not a value.
                try connection.execute(sql: "DELETE FROM \(table) WHERE person_id = ?", arguments: [person.id])
            }
            let batch = WriteBatch()
            try addContacts(of: person.id, emails: person.emails, phones: person.phones, in: batch)
            try addDetails(
                of: person.id, websites: person.websites, nicknames: person.nicknames, addresses: person.addresses,
                in: batch)
            try batch.write(to: connection)
            return try require(person.id)
        }
    }

    /// Archives a person: they keep their history but leave every suggestion and list.
    public func archive(_ id: Person.ID) throws {
        try setArchived(id, true)
    }

    /// Brings an archived person back.
    public func unarchive(_ id: Person.ID) throws {
        try setArchived(id, false)
    }

    /// Deletes a person and everything that is only theirs (emails, notes, interests,
    /// shares, interactions, asks, memberships, acquaintances, kept vCard), and says what went
    /// with them. Prefer ``archive(_:)``, which keeps the history.
    @discardableResult
    public func delete(_ id: Person.ID) throws -> PersonHoldings {
        try connection.transaction {
            let holdings = try holdings(of: id)
            try connection.execute(sql: "DELETE FROM people WHERE id = ?", arguments: [id])
            return holdings
        }
    }

    private func setArchived(_ id: Person.ID, _ archived: Bool) throws {
        try requireExists(id)
        try connection.execute(
            sql: "UPDATE people SET is_archived = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
            arguments: [archived, id])
    }

    // MARK: Notes

    /// Adds a dated note about a person.
    @discardableResult
    public func addNote(_ body: String, about person: Person.ID, on day: Day = .today()) throws -> Note {
        try requireExists(person)
        let batch = WriteBatch(day: day)
        try batch.addNote(body, about: person)
        try batch.write(to: connection)
        return Note(
            id: Note.ID(rawValue: connection.lastInsertedRowID), personID: person,
            body: body.withoutSurroundingWhitespace,
            writtenOn: day)
    }

    /// A person's notes, newest first.
    public func notes(about person: Person.ID) throws -> [Note] {
        try connection.fetchAll(
            Note.self,
            sql:
                "SELECT \(Note.selection()) FROM notes WHERE person_id = ? ORDER BY written_on DESC, id DESC",
            arguments: [person]
        )
    }

    /// Deletes a note.
    public func deleteNote(_ id: Note.ID) throws {
        try connection.execute(sql: "DELETE FROM notes WHERE id = ?", arguments: [id])
        if connection.changedRowCount == 0 { throw StoreError.notFound(entity: "note", id: id.rawValue) }
    }

    // MARK: Who knows whom

    /// Records that two people know each other. Recording it twice changes nothing.
    public func recordAcquaintance(_ person: Person.ID, _ other: Person.ID) throws {
        try check(person != other, field: "acquaintance", "a person cannot be recorded as knowing themselves")
        try requireExists(person)
        try requireExists(other)
        try connection.execute(
            sql: "INSERT OR IGNORE INTO acquaintances(person_id, other_person_id) VALUES (?, ?)",
            arguments: [min(person, other), max(person, other)])
    }

    /// The ids of the people recorded as knowing `person`.
    public func acquaintances(of person: Person.ID) throws -> [Person.ID] {
        try connection.fetchAll(
            Person.ID.self,
            sql: """
                SELECT other_person_id FROM acquaintances WHERE person_id = ?1
                UNION SELECT person_id FROM acquaintances WHERE other_person_id = ?1
                ORDER BY 1
                """,
            arguments: [person])
    }

    // MARK: Loading

    /// The SELECT lists of a person and their details, built once: loading people is hot.
    private static let selections = (
        person: Person.selection(), email: EmailAddress.selection(), phone: PhoneNumber.selection(),
        website: Website.selection(), address: PostalAddress.selection()
    )

    private func load(ids: [Person.ID]) throws -> [Person] {
        guard !ids.isEmpty else { return [] }
        return try load(filter: "WHERE id IN (SELECT value FROM json_each(?))", arguments: [Person.ID.jsonArray(ids)])
    }

    /// The people `filter` (a constant SQL clause over `people`) selects, with their emails,
    /// phones, websites, nicknames and addresses, one query each; `owners` selects the latter
    /// (by default through `filter`; one person's are found by `person_id = ?` directly,
    /// without building the set of ids first).
    private func load(filter: String, owners: String? = nil, arguments: [(any DatabaseValueConvertible)?]) throws
        -> [Person]
    {
        let owners = owners ?? "person_id IN (SELECT id FROM people \(filter))"
        /// Each owner's `T`s (their columns are `selection`), in the order they were added.
        func rows<T: RowDecodable>(_ type: T.Type, _ selection: String) throws -> [Person.ID: [T]] {
            var found: [Person.ID: [T]] = [:]
            // A table and columns named by the record, not values.
            for (id, value) in try connection.fetchAll(
                sql: "SELECT person_id, \(selection) FROM \(T.table) WHERE \(owners) ORDER BY id", arguments: arguments,
                { row in
                    var column = row.columns
                    return (try column.next(Person.ID.self), try T(row: &column))
                })
            {
                found[id, default: []].append(value)
            }
            return found
        }
        let emails = try rows(EmailAddress.self, Self.selections.email)
        let phones = try rows(PhoneNumber.self, Self.selections.phone)
        let websites = try rows(Website.self, Self.selections.website)
        let addresses = try rows(PostalAddress.self, Self.selections.address)
        var nicknames: [Person.ID: [String]] = [:]
        for (id, nickname) in try connection.fetchAll(
            (Person.ID, String).self, sql: "SELECT person_id, nickname FROM nicknames WHERE \(owners) ORDER BY id",
            arguments: arguments)
        {
            nicknames[id, default: []].append(nickname)
        }
        return try connection.fetchAll(
            sql: "SELECT \(Self.selections.person) FROM people \(filter) ORDER BY name COLLATE NOCASE, id",
            arguments: arguments
        ) { row in
            var person = try Person(row: row)
            person.emails = emails[person.id] ?? []
            person.phones = phones[person.id] ?? []
            person.websites = websites[person.id] ?? []
            person.nicknames = nicknames[person.id] ?? []
            person.addresses = addresses[person.id] ?? []
            return person
        }
    }

    /// Adds emails and phones to `batch` (each address or number once), and returns them as
    /// they will be stored.
    @discardableResult
    private func addContacts(
        of id: Person.ID, emails: [EmailAddress], phones: [PhoneNumber], in batch: WriteBatch
    ) throws -> ([EmailAddress], [PhoneNumber]) {
        var seen = Set<String>()
        var storedEmails: [EmailAddress] = []
        for email in emails {
            let address = try requiredText(email.address, field: "email")
            guard seen.insert(address.lowercased()).inserted else { continue }
            let stored = EmailAddress(address, label: trimmed(email.label))
            batch.addEmail(stored, of: id)
            storedEmails.append(stored)
        }
        seen.removeAll()
        var storedPhones: [PhoneNumber] = []
        for phone in phones {
            let number = try requiredText(phone.number, field: "phone")
            guard seen.insert(number).inserted else { continue }
            let stored = PhoneNumber(number, label: trimmed(phone.label))
            batch.addPhone(stored, of: id)
            storedPhones.append(stored)
        }
        return (storedEmails, storedPhones)
    }
}

extension PersonRepository {
    /// Adds websites, nicknames and addresses to `batch` (each once, trimmed; an address
    /// with no part left out), and returns them as they will be stored.
    @discardableResult
    fileprivate func addDetails(
        of id: Person.ID, websites: [Website], nicknames: [String], addresses: [PostalAddress], in batch: WriteBatch
    ) throws -> ([Website], [String], [PostalAddress]) {
        var seen = Set<String>()
        var storedWebsites: [Website] = []
        for website in websites {
            let url = try requiredText(website.url, field: "website")
            guard seen.insert(url).inserted else { continue }
            let stored = Website(url, label: trimmed(website.label))
            batch.addWebsite(stored, of: id)
            storedWebsites.append(stored)
        }
        seen.removeAll()
        var storedNicknames: [String] = []
        for nickname in nicknames {
            let name = try requiredText(nickname, field: "nickname")
            guard seen.insert(name).inserted else { continue }
            batch.addNickname(name, of: id)
            storedNicknames.append(name)
        }
        var storedAddresses: [PostalAddress] = []
        for address in addresses {
            let stored = PostalAddress(
                label: trimmed(address.label), poBox: trimmed(address.poBox), extended: trimmed(address.extended),
                street: trimmed(address.street), locality: trimmed(address.locality), region: trimmed(address.region),
                postalCode: trimmed(address.postalCode), country: trimmed(address.country))
            guard stored.parts.contains(where: { $0 != nil }), !storedAddresses.contains(stored) else { continue }
            batch.addAddress(stored, of: id)
            storedAddresses.append(stored)
        }
        return (storedWebsites, storedNicknames, storedAddresses)
    }
}

/// A person's own columns, checked and trimmed: shared by add and update.
private struct Fields {
    let name: String
    let organization, title, howWeMet: String?
    let metOn: Day?
    let birthday: Birthday?
    let contactEveryDays: Int?

    /// The values of `Person.fieldColumns` up to `contact_every_days`, in its order.
    var arguments: [(any DatabaseValueConvertible)?] {
        [name, organization, title, howWeMet, metOn, birthday, contactEveryDays]
    }

    init(
        name: String, organization: String?, title: String?, howWeMet: String?, metOn: Day?, birthday: Birthday?,
        contactEveryDays: Int?
    ) throws {
        self.name = try requiredText(name, field: "name")
        try check(
            contactEveryDays.map { $0 > 0 } ?? true, field: "contact cadence", "must be a positive number of days")
        (self.organization, self.title, self.howWeMet) = (trimmed(organization), trimmed(title), trimmed(howWeMet))
        (self.metOn, self.birthday, self.contactEveryDays) = (metOn, birthday, contactEveryDays)
    }

    init(_ new: NewPerson) throws {
        try self.init(
            name: new.name, organization: new.organization, title: new.title, howWeMet: new.howWeMet,
            metOn: new.metOn, birthday: new.birthday, contactEveryDays: new.contactEveryDays)
    }

    init(_ person: Person) throws {
        try self.init(
            name: person.name, organization: person.organization, title: person.title, howWeMet: person.howWeMet,
            metOn: person.metOn, birthday: person.birthday, contactEveryDays: person.contactEveryDays)
    }
}
