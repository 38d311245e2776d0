import ArgumentParser
import Foundation
import Kith

/// A command-line error: one line that says what was wrong.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Connection {
    /// The person a PERSON argument names: an id, a name (ignoring case), or the start of a
    /// name, word by word, that only one person not archived has ("Tolu", "ann l").
    func person(_ argument: String) throws -> Person {
        if let id = Int64(argument) {
            guard let person = try people.get(Person.ID(rawValue: id)) else {
                throw CommandError("no person with id \(id)")
            }
            return person
        }
        var matches = try people.named(argument)
        if matches.isEmpty {
            // The start of a name, word by word ("Tolu", "ann l"), when only one person's name starts so.
            let words = Self.nameWords(argument)
            // The names holding a word that starts with each word given, from the name index.
            let query = "name : (" + words.map { "\"\($0)\"*" }.joined(separator: " AND ") + ")"
            let names =
                words.isEmpty
                ? []
                : try fetchAll(
                    (Person.ID, String).self,
                    sql: """
                        SELECT p.id, p.name FROM people_search JOIN people p ON p.id = people_search.rowid
                        WHERE people_search MATCH ? AND p.is_archived = 0
                        """,
                    arguments: [query])
            matches = try people.get(
                names.filter { _, name in
                    let name = Self.nameWords(name)
                    return !words.isEmpty && name.count >= words.count
                        && zip(name, words).allSatisfy { $0.hasPrefix($1) }
                }.map(\.0))
        }
        switch matches.count {
        case 0:
            let near = try people.all(includingArchived: true)
                .filter { $0.name.localizedCaseInsensitiveContains(argument) }.prefix(5).map { "\($0.id) \($0.name)" }
            throw CommandError(
                "no person named '\(argument)'"
                    + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
        case 1: return matches[0]
        default:
            // An archived duplicate does not hide the one in use.
            let current = matches.filter { !$0.isArchived }
            if current.count == 1 { return current[0] }
            let listed = matches.map { "\($0.id) \($0.name)\($0.organization.map { " (\($0))" } ?? "")" }
            throw CommandError("'\(argument)' is ambiguous: \(listed.joined(separator: "; ")); use an id")
        }
    }

    /// A name's words, folded for matching: "Zoë O'Neil" → ["zoe", "o", "neil"].
    private static func nameWords(_ name: String) -> [String] {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).split {
            !($0.isLetter || $0.isNumber)
        }.map(String.init)
    }

    /// The names of these people, by id.
    func names(of people: [Person.ID]) throws -> [Person.ID: String] {
        Dictionary(
            try self.people.get(Array(Set(people))).map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// The resource a RESOURCE argument names: an id, or a URL.
    func resource(_ argument: String) throws -> Resource {
        if let id = Int64(argument) {
            guard let resource = try resources.get(Resource.ID(rawValue: id)) else {
                throw CommandError("no resource with id \(id)")
            }
            return resource
        }
        guard let resource = try resources.withURL(argument) else {
            throw CommandError("no resource with URL \(argument)")
        }
        return resource
    }
}

/// A day on the command line, `YYYY-MM-DD`; a usage error says why a value is not one.
func dayArgument(_ text: String) throws -> Day {
    do {
        return try Day(text)
    } catch StoreError.invalid(_, let reason) {
        throw ValidationError("\(reason) (expected YYYY-MM-DD)")
    }
}

/// A birthday on the command line: `YYYY-MM-DD`, or `MM-DD` (or `--MM-DD`) when the year is unknown.
func birthdayArgument(_ text: String) throws -> Birthday {
    do {
        // "07-14" is the vCard form "--07-14", which the shell would read as an option.
        return try Birthday(text.count == 5 ? "--" + text : text)
    } catch StoreError.invalid(_, let reason) {
        throw ValidationError("\(reason) (expected YYYY-MM-DD, or MM-DD without the year)")
    }
}

/// A count on the command line (`--limit`, `--minutes`): a whole number of at least `minimum`.
func countArgument(minimum: Int) -> @Sendable (String) throws -> Int {
    { text in
        guard let value = Int(text), value >= minimum else {
            throw ValidationError("'\(text)' is not a whole number of \(minimum) or more")
        }
        return value
    }
}

/// A value that must say something: not empty, not only spaces.
func textArgument(_ text: String) throws -> String {
    guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
        throw ValidationError("it is blank; give some text")
    }
    return text
}

extension Resource.Kind: ExpressibleByArgument {}
extension Commitment.Kind: ExpressibleByArgument {}
extension Interaction.Kind: ExpressibleByArgument {}
extension Interaction.Initiator: ExpressibleByArgument {}
extension Ask.Direction: ExpressibleByArgument {}
extension Ask.Status: ExpressibleByArgument {}
extension ContactsCSVImporter.Format: ExpressibleByArgument {}
extension Share.Reception: ExpressibleByArgument {}
