import Foundation

/// The contact fields a vCard and a person share, each compared and merged as a whole: the
/// name, organization, title, birthday, emails, phones, websites, nicknames and addresses.
/// A sync merges them three ways, field by field (``merge(base:local:server:)``).
struct ContactFields {
    /// One field: its name, and how to compare, copy and describe it.
    struct Field: Sendable {
        let name: String
        let equal: @Sendable (Person, Person) -> Bool
        let copy: @Sendable (inout Person, Person) -> Void
        let describe: @Sendable (Person) -> String
    }

    static let all: [Field] = [
        field("name", \.name) { $0 },
        field("organization", \.organization) { $0 ?? "none" },
        field("title", \.title) { $0 ?? "none" },
        field("birthday", \.birthday) { $0?.description ?? "none" },
        field("emails", \.emails) { list($0.map { labelled($0.address, $0.label) }) },
        field("phones", \.phones) { list($0.map { labelled($0.number, $0.label) }) },
        field("websites", \.websites) { list($0.map { labelled($0.url, $0.label) }) },
        field("nicknames", \.nicknames) { list($0) },
        field("addresses", \.addresses) { list($0.map { labelled($0.description, $0.label) }) },
    ]

    /// What a three-way merge kept of each side.
    struct Merged {
        /// The person with each field from the side that changed it.
        var person: Person
        /// The fields both sides changed differently: the server's value won, and this is
        /// the field and Kith's value, worded for a note.
        var conflicts: [(field: String, kithValue: String)]
    }

    /// Each field from the side that changed it since `base` (the card both sides last
    /// agreed on); a field both changed, to different values, takes the server's value and
    /// is reported with Kith's.
    static func merge(base: Person, local: Person, server: Person) -> Merged {
        var merged = Merged(person: local, conflicts: [])
        for field in all where !field.equal(server, base) && !field.equal(server, local) {
            if !field.equal(local, base) { merged.conflicts.append((field.name, field.describe(local))) }
            field.copy(&merged.person, server)
        }
        return merged
    }

    /// The names of the fields in which `one` and `other` differ.
    static func differences(_ one: Person, _ other: Person) -> [String] {
        all.filter { !$0.equal(one, other) }.map(\.name)
    }

    /// A person holding only what `card` says of these fields, to compare and merge.
    static func person(from card: ImportedCard) -> Person {
        Person(
            id: 0, name: card.name, organization: card.organization, title: card.title, birthday: card.birthday,
            isArchived: false, emails: card.emails, phones: card.phones, websites: card.websites,
            nicknames: card.nicknames, addresses: card.addresses, createdAt: .distantPast, updatedAt: .distantPast)
    }

    private static func field<V: Equatable & Sendable>(
        _ name: String, _ path: WritableKeyPath<Person, V> & Sendable, describe: @escaping @Sendable (V) -> String
    ) -> Field {
        Field(
            name: name, equal: { $0[keyPath: path] == $1[keyPath: path] },
            copy: { $0[keyPath: path] = $1[keyPath: path] }, describe: { describe($0[keyPath: path]) })
    }

    private static func labelled(_ value: String, _ label: String?) -> String {
        label.map { "\(value) (\($0))" } ?? value
    }

    private static func list(_ values: [String]) -> String { values.isEmpty ? "none" : values.joined(separator: ", ") }
}
