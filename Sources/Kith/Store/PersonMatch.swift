import Foundation

/// An existing person that incoming details already belong to, and what gave them away.
///
/// The importers and ``PersonRepository/sharingContacts(with:)`` match in one order: a card's
/// UID, then an email address (any case), then a phone number (its digits, at least seven),
/// then, for a contact with no email address, the name (``PersonRepository/named(_:)``).
public struct PersonMatch: Hashable, Sendable {
    /// What matched.
    public enum Key: String, Hashable, Sendable, CaseIterable, Comparable {
        case uid, email, phone, name

        public static func < (a: Key, b: Key) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    public let personID: Person.ID
    public let name: String
    public let key: Key
}

extension PersonRepository {
    /// The people who already have one of `new`'s email addresses or phone numbers: what
    /// `kith person add` checks before adding someone twice.
    ///
    /// ```swift
    /// let owners = try database.read { try $0.people.sharingContacts(with: NewPerson(name: "Tolu", emails: [EmailAddress("tolu@example.com")])) }
    /// ```
    public func sharingContacts(with new: NewPerson) throws -> [PersonMatch] {
        var found: [Person.ID: PersonMatch.Key] = [:]
        for email in new.emails {
            for id in try connection.fetchAll(
                Person.ID.self,
                sql: "SELECT person_id FROM emails WHERE address = ? COLLATE NOCASE",
                arguments: [email.address.withoutSurroundingWhitespace]) where found[id] == nil
            {
                found[id] = .email
            }
        }
        let wanted = Set(new.phones.compactMap { Self.phoneKey($0.number) })
        if !wanted.isEmpty {
            for (id, number) in try connection.fetchAll(
                (Person.ID, String).self,
                sql: "SELECT person_id, number FROM phones")
            where found[id] == nil && Self.phoneKey(number).map(wanted.contains) == true {
                found[id] = .phone
            }
        }
        return try get(Array(found.keys)).map { PersonMatch(personID: $0.id, name: $0.name, key: found[$0.id]!) }
    }

    /// What two phone numbers must share to be the same number: their digits, when there
    /// are at least seven ("+1 (555) 010-0100" and "15550100100" match); nil otherwise.
    static func phoneKey(_ number: String) -> String? {
        let digits = String(number.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        return digits.count >= 7 ? digits : nil
    }
}

extension Person {
    /// Takes from `other` what this person lacks: empty fields filled (organization, title,
    /// how and when we met, birthday, cadence), and the emails, phones, websites, nicknames
    /// and addresses they do not have (emails in any case, phones by their digits). Nothing
    /// they have is changed. Returns the phones added.
    @discardableResult
    mutating func absorb(_ other: NewPerson) -> [PhoneNumber] {
        organization = organization ?? other.organization
        title = title ?? other.title
        howWeMet = howWeMet ?? other.howWeMet
        metOn = metOn ?? other.metOn
        birthday = birthday ?? other.birthday
        contactEveryDays = contactEveryDays ?? other.contactEveryDays
        let mail = Set(emails.map { $0.address.lowercased() })
        emails += other.emails.filter { !mail.contains($0.address.lowercased()) }
        let numbers = Set(phones.map { PersonRepository.phoneKey($0.number) ?? $0.number })
        let added = other.phones.filter { !numbers.contains(PersonRepository.phoneKey($0.number) ?? $0.number) }
        phones += added
        let sites = Set(websites.map(\.url))
        websites += other.websites.filter { !sites.contains($0.url) }
        nicknames += other.nicknames.filter { !nicknames.contains($0) }
        addresses += other.addresses.filter { !addresses.contains($0) }
        return added
    }
}
