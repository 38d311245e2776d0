import ArgumentParser
import Foundation
import Kith

/// `kith resource add|list|show`.
struct ResourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resource", abstract: "Store articles, tools, events and other things worth passing on.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Store a resource; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its title.", transform: textArgument) var title: String
        @Option(help: "Its URL.") var url: String?
        @Option(help: "article, template, tool, vendor, book, event, advice, referral or other.") var kind:
            Resource.Kind = .article
        @Option(help: "A topic it is about (repeatable).", transform: textArgument) var topic: [String] = []
        @Option(help: "A short summary.") var summary: String?
        @OptionGroup var output: JSONOption

        func run() throws {
            let resource = try database.write {
                try $0.resources.add(title: title, kind: kind, url: url, summary: summary, topics: topic)
            }
            if output.json {
                try printJSON(["resource": ["id": resource.id.rawValue, "title": resource.title]])
            } else {
                print(resource.id)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the stored resources, newest first.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let resources = try database.read { try $0.resources.all() }
            if output.json {
                try printJSON(["resources": resources.map(resourceJSON)])
            } else if resources.isEmpty {
                print("No resources yet. Store one with: kith resource add TITLE --url URL --topic TOPIC")
            } else {
                printTable(
                    ["ID", "KIND", "TITLE", "TOPICS"],
                    resources.map {
                        [$0.id.description, $0.kind.rawValue, $0.title, $0.topics.joined(separator: ", ")]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a resource and whom it passed between.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a URL.") var resource: String
        @OptionGroup var output: JSONOption

        func run() throws {
            let (resource, shares, names) = try database.read { connection in
                let resource = try connection.resource(self.resource)
                let shares = try connection.resources.shares(of: resource.id)
                return (resource, shares, try connection.names(of: shares.map(\.personID)))
            }
            if output.json {
                try printJSON([
                    "resource": resourceJSON(resource).merging([
                        "summary": resource.summary as Any,
                        "shares": shares.map { shareJSON($0, names[$0.personID] ?? "") },
                    ]) { $1 }
                ])
                return
            }
            print("\(resource.title)  (id \(resource.id), \(resource.kind.rawValue))")
            if let url = resource.url { print("  \(url)") }
            if !resource.topics.isEmpty { print("  about: \(resource.topics.joined(separator: ", "))") }
            if let summary = resource.summary { print("  \(summary)") }
            for share in shares {
                let way = share.direction == .given ? "gave to" : "received from"
                let landed = share.reception.map { ", \($0.rawValue)" } ?? ""
                print("  \(share.sharedOn)  \(way) \(names[share.personID] ?? "")\(landed)  (share \(share.id))")
            }
        }
    }
}

/// A resource in JSON answers: `{"id", "title", "url", "kind", "topics"}`.
func resourceJSON(_ resource: Resource) -> [String: Any] {
    [
        "id": resource.id.rawValue, "title": resource.title, "url": resource.url as Any, "kind": resource.kind.rawValue,
        "topics": resource.topics,
    ]
}

/// A share in JSON answers.
func shareJSON(_ share: Share, _ name: String) -> [String: Any] {
    [
        "id": share.id.rawValue, "person": personJSON(share.personID, name), "direction": share.direction.rawValue,
        "on": share.sharedOn.description, "reception": share.reception?.rawValue as Any,
    ]
}

/// `kith share RESOURCE (--to PERSON | --from PERSON)` and `kith share mark SHARE --reception …`.
struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Record that you gave a resource to someone, or received it from them, and how it landed.",
        subcommands: [Record.self, Mark.self], defaultSubcommand: Record.self)

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a share (the default: `kith share RESOURCE --to PERSON`); prints what it recorded.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A resource id or URL.") var resource: String
        @Option(help: "The person you gave it to.") var to: String?
        @Option(help: "The person you received it from.") var from: String?
        @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?
        @Option(help: "A note on why, or how it landed.") var note: String?
        @Option(help: "How it landed: thanked, useful or no-reply.") var reception: Share.Reception?

        func validate() throws {
            if (to == nil) == (from == nil) {
                throw ValidationError("give exactly one of --to PERSON and --from PERSON")
            }
        }

        func run() throws {
            let (title, name, share) = try database.write { connection in
                let resource = try connection.resource(self.resource)
                let person = try connection.person(to ?? from ?? "")
                let share = try connection.resources.share(
                    resource.id, to != nil ? .given : .received, with: person.id, on: on ?? .today(), note: note,
                    reception: reception)
                return (resource.title, person.name, share)
            }
            print(
                (to != nil ? "Gave \"\(title)\" to \(name)" : "Received \"\(title)\" from \(name)")
                    + " (share \(share.id)).")
        }
    }

    struct Mark: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark",
            abstract: "Record how a share landed (`kith resource show` lists the shares).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The share's id.") var share: Int64
        @Option(help: "thanked, useful or no-reply.") var reception: Share.Reception

        func run() throws {
            try database.write { try $0.resources.setReception(reception, of: Share.ID(rawValue: share)) }
            print("Share \(share): \(reception.rawValue).")
        }
    }
}
