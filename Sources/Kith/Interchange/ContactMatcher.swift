import Foundation

/// Finds the person an imported contact already is, and merges the contact into them: the
/// one way every importer recognizes people (``PersonMatch``): by email, then phone, then,
/// for a contact with no email, by name. Names and phones are read once, at the first
/// contact that needs them, and kept up to date as the import adds people.
struct ContactMatcher {
    private var names: PeopleByName?
    private var phones: [String: Person.ID]?

    /// The person `contact` already is, and what matched, or nil for someone new. People
    /// held back in `batch` are written first when they match.
    mutating func match(_ contact: NewPerson, in connection: Connection, batch: WriteBatch) throws -> (
        Person.ID, PersonMatch.Key
    )? {
        if contact.emails.contains(where: { batch.mayHoldEmail($0.address) }) { try batch.flush(to: connection) }
        for email in contact.emails {
            if let id: Person.ID = try connection.fetchValue(
                sql: "SELECT person_id FROM emails WHERE address = ? COLLATE NOCASE ORDER BY person_id",
                arguments: [email.address])
            {
                return (id, .email)
            }
        }
        let keys = contact.phones.compactMap { PersonRepository.phoneKey($0.number) }
        if !keys.isEmpty {
            if phones == nil {
                phones = [:]
                for (id, number) in try connection.fetchAll(
                    (Person.ID, String).self,
                    sql: "SELECT person_id, number FROM phones ORDER BY person_id")
                {
                    if let key = PersonRepository.phoneKey(number), phones?[key] == nil { phones?[key] = id }
                }
            }
            let known = phones ?? [:]
            if let id = keys.lazy.compactMap({ known[$0] }).first {
                if batch.holds(id) { try batch.flush(to: connection) }
                return (id, .phone)
            }
        }
        guard contact.emails.isEmpty else { return nil }  // an address nobody has: someone new, whatever the name
        if names == nil { names = try PeopleByName(connection) }
        guard let id = names?.ids(named: contact.name).first else { return nil }
        if batch.holds(id) { try batch.flush(to: connection) }
        return (id, .name)
    }

    /// Records someone the import added, so that a later contact finds them.
    mutating func added(_ person: Person.ID, _ contact: NewPerson) {
        names?.add(person, named: contact.name)
        remember(contact.phones, of: person)
    }

    private mutating func remember(_ numbers: [PhoneNumber], of person: Person.ID) {
        for phone in numbers {
            if let key = PersonRepository.phoneKey(phone.number), phones?[key] == nil { phones?[key] = person }
        }
    }

    /// Adds what `contact` says that `person` lacks: empty fields filled, new emails, phones,
    /// topics and notes added. Nothing they have is changed.
    mutating func merge(_ contact: NewPerson, into id: Person.ID, in connection: Connection, batch: WriteBatch) throws {
        guard var person = try connection.people.get(id) else { return }
        let stored = person
        let newPhones = person.absorb(contact)
        if person != stored {
            try connection.people.update(person)
            remember(newPhones, of: id)
        }
        let topics = Set(try connection.interests.interests(of: id).map { $0.topicName.lowercased() })
        for interest in contact.interests where !topics.contains(interest.topic.lowercased()) {
            try connection.interests.add(interest, to: id)
        }
        let written = Set(try connection.people.notes(about: id).map(\.body))
        for note in contact.notes
        where !written.contains(note.withoutSurroundingWhitespace) && !batch.holdsNote(note, about: id) {
            try batch.addNote(note, about: id)
        }
    }
}
