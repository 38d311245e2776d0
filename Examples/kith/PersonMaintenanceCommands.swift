import ArgumentParser
import Kith

/// `--cadence DAYS` and `--no-cadence`: how often I want to be in touch with someone.
struct CadenceOptions: ParsableArguments {
    @Option(
        help: "Be in touch every DAYS days: reconnect and week remind you (default: 90 once you have been in touch).",
        transform: countArgument(minimum: 1))
    var cadence: Int?
    @Flag(
        name: .customLong("no-cadence"),
        help: "Clear their cadence: the default applies, and only once you have been in touch.")
    var noCadence = false

    func validate() throws {
        if cadence != nil && noCadence { throw ValidationError("give --cadence DAYS or --no-cadence, not both") }
    }

    /// nil: leave it; `.some(nil)`: clear it; `.some(days)`: set it.
    var days: Int?? { noCadence ? .some(nil) : cadence.map { .some($0) } }
}

/// The fields `person add` and `person edit` share.
struct PersonFieldOptions: ParsableArguments {
    @Option(help: "Where they work.") var org: String?
    @Option(help: "Their job title.") var title: String?
    @Option(name: .customLong("how-met"), help: "How we met.") var howMet: String?
    @Option(name: .customLong("met-on"), help: "When we met (YYYY-MM-DD).", transform: dayArgument) var metOn: Day?
    @Option(help: "Their birthday: YYYY-MM-DD, or MM-DD when the year is unknown.", transform: birthdayArgument)
    var birthday: Birthday?
}

/// `[LABEL=]ADDRESS`: "work=ann@example.org" or "ann@example.org".
func emailArgument(_ text: String) throws -> EmailAddress {
    let (label, value) = try labelled(text, "ADDRESS")
    return EmailAddress(value, label: label)
}

/// `[LABEL=]NUMBER`: "mobile=+1 555 0100" or "+1 555 0100".
func phoneArgument(_ text: String) throws -> PhoneNumber {
    let (label, value) = try labelled(text, "NUMBER")
    return PhoneNumber(value, label: label)
}

private func labelled(_ text: String, _ what: String) throws -> (String?, String) {
    let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let (label, value) = parts.count == 2 ? (parts[0], parts[1]) : (nil, text)
    guard !value.trimmingCharacters(in: .whitespaces).isEmpty,
        label.map({ !$0.trimmingCharacters(in: .whitespaces).isEmpty }) ?? true
    else {
        throw ValidationError("expected [LABEL=]\(what)")
    }
    return (label, value)
}

extension PersonCommand {
    /// `kith person edit PERSON`: every field, with the flag names of `person add`.
    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "edit",
            abstract: "Correct a person: any field, emails and phones added or removed; all or nothing.",
            discussion:
                "An empty value clears a text field (--org \"\"); --clear met-on or --clear birthday clears a date.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Option(help: "Their name.", transform: textArgument) var name: String?
        @OptionGroup var fields: PersonFieldOptions
        @Option(help: "Clear a date: met-on or birthday (repeatable).") var clear: [DateField] = []
        @OptionGroup var cadence: CadenceOptions
        @Option(help: "Add an email address, [LABEL=]ADDRESS (repeatable).", transform: emailArgument) var email:
            [EmailAddress] = []
        @Option(name: .customLong("remove-email"), help: "Remove an email address (repeatable).") var removeEmail:
            [String] = []
        @Option(help: "Add a phone number, [LABEL=]NUMBER (repeatable).", transform: phoneArgument) var phone:
            [PhoneNumber] = []
        @Option(
            name: .customLong("remove-phone"), help: "Remove a phone number, as written or by its digits (repeatable).")
        var removePhone: [String] = []

        enum DateField: String, ExpressibleByArgument, CaseIterable {
            case metOn = "met-on"
            case birthday
        }

        func run() throws {
            let (before, after) = try database.write { connection in
                let before = try connection.person(self.person)
                var person = before
                if let name { person.name = name }
                if let org = fields.org { person.organization = org.isBlank ? nil : org }
                if let title = fields.title { person.title = title.isBlank ? nil : title }
                if let howMet = fields.howMet { person.howWeMet = howMet.isBlank ? nil : howMet }
                if let metOn = fields.metOn { person.metOn = metOn }
                if let birthday = fields.birthday { person.birthday = birthday }
                if clear.contains(.metOn) { person.metOn = nil }
                if clear.contains(.birthday) { person.birthday = nil }
                if let days = cadence.days { person.contactEveryDays = days }
                for address in removeEmail {
                    guard
                        let index = person.emails.firstIndex(where: {
                            $0.address.caseInsensitiveCompare(address) == .orderedSame
                        })
                    else {
                        throw CommandError("\(before.name) has no email \(address)")
                    }
                    person.emails.remove(at: index)
                }
                for number in removePhone {
                    let digits = number.filter(\.isNumber)
                    guard
                        let index = person.phones.firstIndex(where: {
                            $0.number == number || (!digits.isEmpty && $0.number.filter(\.isNumber) == digits)
                        })
                    else {
                        throw CommandError("\(before.name) has no phone \(number)")
                    }
                    person.phones.remove(at: index)
                }
                person.emails += email
                person.phones += phone
                return (before, try connection.people.update(person))
            }
            print(before == after ? "\(after.name): nothing to change." : "Updated \(after.name).")
        }
    }

    /// `kith person duplicates`.
    struct Duplicates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "duplicates", abstract: "List people who may be one person twice, and why.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let pairs = try database.read { try $0.people.likelyDuplicates() }
            if output.json {
                try printJSON([
                    "duplicates": pairs.map {
                        [
                            "first": personJSON($0.first, $0.firstName), "second": personJSON($0.second, $0.secondName),
                            "reasons": $0.reasons,
                        ]
                    }
                ])
            } else if pairs.isEmpty {
                print("No likely duplicates.")
            } else {
                printTable(
                    ["ID", "WHO", "ID", "AND", "WHY"],
                    pairs.map {
                        [
                            $0.first.description, $0.firstName, $0.second.description, $0.secondName,
                            $0.reasons.joined(separator: "; "),
                        ]
                    })
                print("Merge a pair with: kith person merge KEEP OTHER")
            }
        }
    }

    /// `kith person merge KEEP OTHER`.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Move everything of OTHER onto KEEP and remove OTHER; prints what moved.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The person to keep: an id or a name.") var keep: String
        @Argument(help: "The person to fold into them: an id or a name.") var other: String

        func run() throws {
            let (kept, merged, moved) = try database.write { connection in
                let kept = try connection.person(keep)
                let other = try connection.person(self.other)
                guard kept.id != other.id else { throw CommandError("\(keep) and \(self.other) are the same person") }
                return (kept, other, try connection.people.merge(other.id, into: kept.id))
            }
            let what = moved.isEmpty ? "their details" : "\(moved)"
            print("Merged \(merged.name) (id \(merged.id)) into \(kept.name) (id \(kept.id)): moved \(what).")
        }
    }
}

extension String {
    /// Empty, or only white space.
    var isBlank: Bool { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}
