import Foundation

/// Someone I know.
public struct Person: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Person>

    public let id: ID
    public var name: String
    public var organization: String?
    public var title: String?
    /// How we met, in my words: "at the River 10K, both lost at mile 4".
    public var howWeMet: String?
    public var metOn: Day?
    public var birthday: Birthday?
    /// How often I want to be in touch, in days; nil uses the default of the reconnect question.
    public var contactEveryDays: Int?
    public var isArchived: Bool
    public var emails: [EmailAddress]
    public var phones: [PhoneNumber]
    /// Their homepage, profiles and other sites, each once.
    public var websites: [Website] = []
    /// What people call them, each once.
    public var nicknames: [String] = []
    public var addresses: [PostalAddress] = []
    public let createdAt: Date
    public let updatedAt: Date
}

/// An email address with an optional label ("work", "home").
public struct EmailAddress: Hashable, Sendable {
    public var address: String
    public var label: String?

    public init(_ address: String, label: String? = nil) {
        self.address = address
        self.label = label
    }
}

/// A phone number, as written, with an optional label ("mobile", "work").
public struct PhoneNumber: Hashable, Sendable {
    public var number: String
    public var label: String?

    public init(_ number: String, label: String? = nil) {
        self.number = number
        self.label = label
    }
}

/// A website of a person (a homepage, a LinkedIn profile), with an optional label.
public struct Website: Hashable, Sendable {
    public var url: String
    public var label: String?

    public init(_ url: String, label: String? = nil) {
        self.url = url
        self.label = label
    }
}

/// A postal address in the parts of vCard's ADR, with an optional label ("home", "work").
public struct PostalAddress: Hashable, Sendable, CustomStringConvertible {
    public var label: String?
    public var poBox: String?
    public var extended: String?
    public var street: String?
    public var locality: String?
    public var region: String?
    public var postalCode: String?
    public var country: String?

    public init(
        label: String? = nil, poBox: String? = nil, extended: String? = nil, street: String? = nil,
        locality: String? = nil,
        region: String? = nil, postalCode: String? = nil, country: String? = nil
    ) {
        (self.label, self.poBox, self.extended, self.street) = (label, poBox, extended, street)
        (self.locality, self.region, self.postalCode, self.country) = (locality, region, postalCode, country)
    }

    /// The parts in ADR's order: post office box, extended address, street, locality,
    /// region, postal code, country.
    public var parts: [String?] { [poBox, extended, street, locality, region, postalCode, country] }

    /// The address on one line: "12 Quay St, Dublin D02 XY45, Ireland".
    public var description: String {
        let place = [postalCode, locality].compactMap { $0 }.joined(separator: " ")
        return [poBox, extended, street, place.isEmpty ? nil : place, region, country].compactMap { $0 }.joined(
            separator: ", ")
    }
}

/// A dated note about a person.
public struct Note: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Note>

    public let id: ID
    public let personID: Person.ID
    public var body: String
    public var writtenOn: Day
}

/// Everything needed to add a person, with their emails, phones, interests and notes, in one change.
///
/// ```swift
/// let ann = try database.write { connection in
///     try connection.people.add(NewPerson(
///         name: "Ann Lee", emails: [EmailAddress("ann@example.org", label: "work")],
///         interests: [NewInterest(topic: "running", weight: 5)]))
/// }
/// ```
public struct NewPerson: Sendable {
    public var name: String
    public var organization: String?
    public var title: String?
    public var howWeMet: String?
    public var metOn: Day?
    public var birthday: Birthday?
    public var contactEveryDays: Int?
    public var emails: [EmailAddress]
    public var phones: [PhoneNumber]
    public var websites: [Website]
    public var nicknames: [String]
    public var addresses: [PostalAddress]
    public var interests: [NewInterest]
    public var notes: [String]

    public init(
        name: String, organization: String? = nil, title: String? = nil, howWeMet: String? = nil,
        metOn: Day? = nil, birthday: Birthday? = nil, contactEveryDays: Int? = nil,
        emails: [EmailAddress] = [], phones: [PhoneNumber] = [], websites: [Website] = [], nicknames: [String] = [],
        addresses: [PostalAddress] = [], interests: [NewInterest] = [], notes: [String] = []
    ) {
        self.websites = websites
        self.nicknames = nicknames
        self.addresses = addresses
        self.name = name
        self.organization = organization
        self.title = title
        self.howWeMet = howWeMet
        self.metOn = metOn
        self.birthday = birthday
        self.contactEveryDays = contactEveryDays
        self.emails = emails
        self.phones = phones
        self.interests = interests
        self.notes = notes
    }
}

/// An interest to record for a person: a topic name (or alias) and a weight from 1 to 5.
public struct NewInterest: Hashable, Sendable {
    public var topic: String
    public var weight: Int
    public var learnedOn: Day?

    public init(topic: String, weight: Int = 3, learnedOn: Day? = nil) {
        self.topic = topic
        self.weight = weight
        self.learnedOn = learnedOn
    }
}

extension Person: RowDecodable {
    static let table = "people"
    /// The columns a person's own fields are written to (``PersonRepository/update(_:)``
    /// writes all of them; a new person gets the others from `WriteBatch` and the schema).
    static let fieldColumns = [
        "name", "organization", "title", "how_we_met", "met_on", "birthday", "contact_every_days", "is_archived",
    ]
    static let columns = ["id"] + fieldColumns + ["created_at", "updated_at"]

    /// A person without their emails, phones, websites, nicknames and addresses.
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), name: try column.next(), organization: try column.next(), title: try column.next(),
            howWeMet: try column.next(), metOn: try column.next(), birthday: try column.next(),
            contactEveryDays: try column.next(), isArchived: try column.next(), emails: [], phones: [],
            createdAt: try column.next(), updatedAt: try column.next())
    }
}

extension EmailAddress: RowDecodable {
    static let table = "emails"
    static let columns = ["address", "label"]
    init(row column: inout Row.Columns) throws { self.init(try column.next(), label: try column.next()) }
}

extension PhoneNumber: RowDecodable {
    static let table = "phones"
    static let columns = ["number", "label"]
    init(row column: inout Row.Columns) throws { self.init(try column.next(), label: try column.next()) }
}

extension Website: RowDecodable {
    static let table = "websites"
    static let columns = ["url", "label"]
    init(row column: inout Row.Columns) throws { self.init(try column.next(), label: try column.next()) }
}

extension PostalAddress: RowDecodable {
    static let table = "addresses"
    static let columns = ["label", "po_box", "extended", "street", "locality", "region", "postal_code", "country"]
    init(row column: inout Row.Columns) throws {
        self.init(
            label: try column.next(), poBox: try column.next(), extended: try column.next(), street: try column.next(),
            locality: try column.next(), region: try column.next(), postalCode: try column.next(),
            country: try column.next())
    }
}

extension Note: RowDecodable {
    static let table = "notes"
    static let columns = ["id", "person_id", "body", "written_on"]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), personID: try column.next(), body: try column.next(), writtenOn: try column.next())
    }
}
