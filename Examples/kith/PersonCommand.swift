import ArgumentParser
import Kith

/// `kith person add|list|show|edit|archive|unarchive|delete|duplicates|merge`.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Add, find, correct, archive and merge people.",
        subcommands: [
            Add.self, List.self, Show.self, Edit.self, Archive.self, Unarchive.self, Delete.self, Duplicates.self,
            Merge.self,
        ])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a person; prints the new id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Their name.", transform: textArgument) var name: String
        @Option(help: "An email address, [LABEL=]ADDRESS: work=ann@example.org (repeatable).", transform: emailArgument)
        var email: [EmailAddress] = []
        @Option(help: "A phone number, [LABEL=]NUMBER: mobile=+1 555 0100 (repeatable).", transform: phoneArgument)
        var phone: [PhoneNumber] = []
        @OptionGroup var fields: PersonFieldOptions
        @Option(help: "A note (repeatable).") var note: [String] = []
        @Option(help: "An interest, TOPIC or TOPIC:WEIGHT with a weight from 1 to 5 (repeatable).") var interest:
            [String] = []
        @OptionGroup var cadence: CadenceOptions
        @Flag(
            name: .customLong("allow-duplicate"),
            help: "Add them even when their email or phone belongs to someone already.")
        var allowDuplicate = false
        @OptionGroup var output: JSONOption

        func run() throws {
            let interests = try interest.map(Self.parseInterest)
            let new = NewPerson(
                name: name, organization: fields.org, title: fields.title, howWeMet: fields.howMet, metOn: fields.metOn,
                birthday: fields.birthday,
                contactEveryDays: cadence.days ?? nil, emails: email, phones: phone, interests: interests, notes: note)
            let person = try database.write { connection in
                let owners = try connection.people.sharingContacts(with: new)
                if !allowDuplicate, !owners.isEmpty {
                    let named = owners.map { "\($0.name) (id \($0.personID), same \($0.key.rawValue))" }.joined(
                        separator: ", ")
                    throw CommandError(
                        "already here: \(named); `kith person edit` corrects them, or add --allow-duplicate")
                }
                return try connection.people.add(new)
            }
            if output.json { try printJSON(["person": personJSON(person.id, person.name)]) } else { print(person.id) }
        }

        /// "running" or "running:5".
        static func parseInterest(_ text: String) throws -> NewInterest {
            guard let colon = text.lastIndex(of: ":") else { return NewInterest(topic: text) }
            guard let weight = Int(text[text.index(after: colon)...]) else {
                throw CommandError("invalid --interest '\(text)': the weight after ':' must be a number from 1 to 5")
            }
            return NewInterest(topic: String(text[..<colon]), weight: weight)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the people who are not archived, or those who are.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "List the archived people instead.") var archived = false
        @OptionGroup var output: JSONOption

        func run() throws {
            let people = try database.read { try $0.people.all(includingArchived: archived) }.filter {
                $0.isArchived == archived
            }
            if output.json {
                try printJSON([
                    "people": people.map {
                        personJSON($0.id, $0.name).merging(["organization": $0.organization as Any]) { $1 }
                    }
                ])
            } else if people.isEmpty {
                print(archived ? "Nobody is archived." : "Nobody yet. Add someone with: kith person add NAME")
            } else {
                printTable(
                    ["ID", "NAME", "ORGANIZATION"], people.map { [$0.id.description, $0.name, $0.organization ?? ""] })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a person, with interests and notes.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @OptionGroup var output: JSONOption

        func run() throws {
            let (person, interests, notes) = try database.read { connection in
                let person = try connection.person(self.person)
                return (
                    person, try connection.interests.interests(of: person.id),
                    try connection.people.notes(about: person.id)
                )
            }
            if output.json {
                try printJSON([
                    "person": personJSON(person.id, person.name).merging([
                        "organization": person.organization as Any, "title": person.title as Any,
                        "howWeMet": person.howWeMet as Any,
                        "metOn": person.metOn?.description as Any, "birthday": person.birthday.map(birthdayJSON) as Any,
                        "cadenceDays": person.contactEveryDays as Any,
                        "archived": person.isArchived,
                        "emails": person.emails.map(\.address), "phones": person.phones.map(\.number),
                        "websites": person.websites.map { ["url": $0.url, "label": $0.label as Any] as [String: Any] },
                        "nicknames": person.nicknames,
                        "addresses": person.addresses.map { address in
                            [
                                "label": address.label as Any, "poBox": address.poBox as Any,
                                "extended": address.extended as Any,
                                "street": address.street as Any, "locality": address.locality as Any,
                                "region": address.region as Any,
                                "postalCode": address.postalCode as Any, "country": address.country as Any,
                            ] as [String: Any]
                        },
                        "interests": interests.map { ["topic": $0.topicName, "weight": $0.weight] },
                        "notes": notes.map { ["on": $0.writtenOn.description, "text": $0.body] },
                    ]) { $1 }
                ])
                return
            }
            print("\(person.name)  (id \(person.id)\(person.isArchived ? ", archived" : ""))")
            let work = [person.title, person.organization].compactMap { $0 }.joined(separator: " at ")
            if !work.isEmpty { print("  \(work)") }
            for email in person.emails { print("  email     \(email.address)") }
            for phone in person.phones { print("  phone     \(phone.number)") }
            for website in person.websites {
                print("  website   \(website.url)\(website.label.map { " (\($0))" } ?? "")")
            }
            if !person.nicknames.isEmpty { print("  known as  \(person.nicknames.joined(separator: ", "))") }
            for address in person.addresses {
                print(
                    "  address   \(address.description.replacingOccurrences(of: "\n", with: ", "))\(address.label.map { " (\($0))" } ?? "")"
                )
            }
            if let birthday = person.birthday { print("  birthday  \(formatBirthday(birthday))") }
            if let days = person.contactEveryDays { print("  cadence   every \(counted(days, "day"))") }
            if let howWeMet = person.howWeMet {
                print("  met       \(howWeMet)\(person.metOn.map { " (\($0))" } ?? "")")
            }
            if !interests.isEmpty {
                print("  cares about: " + interests.map { "\($0.topicName) (\($0.weight)/5)" }.joined(separator: ", "))
            }
            for note in notes {
                // A note of several lines keeps them, indented under its first.
                let lines = note.body.split(separator: "\n", omittingEmptySubsequences: false)
                print("  \(note.writtenOn)  " + lines.joined(separator: "\n" + String(repeating: " ", count: 14)))
            }
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive", abstract: "Archive a person: kept, but out of every answer.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String

        func run() throws {
            let name = try database.write { connection in
                let person = try connection.person(self.person)
                try connection.people.archive(person.id)
                return person.name
            }
            print("Archived \(name).")
        }
    }

    struct Unarchive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unarchive", abstract: "Bring an archived person back into every answer.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String

        func run() throws {
            let name = try database.write { connection in
                let person = try connection.person(self.person)
                try connection.people.unarchive(person.id)
                return person.name
            }
            print("\(name) is back.")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete a person and everything that is only theirs; says what went. Archiving keeps the history."
        )
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Flag(help: "Yes, delete them: there is no undo.") var yes = false

        func run() throws {
            let (name, gone) = try database.write { connection in
                let person = try connection.person(self.person)
                guard yes else {
                    let holdings = try connection.people.holdings(of: person.id)
                    throw CommandError(
                        "deleting \(person.name) would also delete \(holdings); add --yes to do it, or archive them")
                }
                return (person.name, try connection.people.delete(person.id))
            }
            print("Deleted \(name), with \(gone).")
        }
    }
}

/// `kith note add PERSON TEXT [--on DATE]`.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Write notes about people.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add a note about a person; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Argument(help: "The note.", transform: textArgument) var text: String
        @Option(help: "The day of the note (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?

        func run() throws {
            let note = try database.write { connection in
                try connection.people.addNote(text, about: try connection.person(person).id, on: on ?? .today())
            }
            print(note.id)
        }
    }
}

/// `kith know PERSON PERSON`.
struct KnowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "know", abstract: "Record that two people know each other.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "An id or a name.") var first: String
    @Argument(help: "An id or a name.") var second: String

    func run() throws {
        let names = try database.write { connection in
            let (a, b) = (try connection.person(first), try connection.person(second))
            try connection.people.recordAcquaintance(a.id, b.id)
            return (a.name, b.name)
        }
        print("\(names.0) and \(names.1) know each other.")
    }
}
