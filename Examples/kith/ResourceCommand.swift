import ArgumentParser
import Kith

/// `kith resource add`.
struct ResourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resource", abstract: "Store articles, tools, events and other things worth passing on.",
        subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Store a resource; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its title.", transform: textArgument) var title: String
        @Option(help: "Its URL.") var url: String?
        @Option(help: "article, template, tool, vendor, book, event, advice, referral or other.") var kind: Resource.Kind = .article
        @Option(help: "A topic it is about (repeatable).", transform: textArgument) var topic: [String] = []
        @Option(help: "A short summary.") var summary: String?
        @OptionGroup var output: JSONOption

        func run() throws {
            let resource = try database.write {
                try $0.resources.add(title: title, kind: kind, url: url, summary: summary, topics: topic)
            }
            if output.json { try printJSON(["resource": ["id": resource.id.rawValue, "title": resource.title]]) } else { print(resource.id) }
        }
    }
}

/// `kith share RESOURCE (--to PERSON | --from PERSON)`.
struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share", abstract: "Record that you gave a resource to someone, or received it from them.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A resource id or URL.") var resource: String
    @Option(help: "The person you gave it to.") var to: String?
    @Option(help: "The person you received it from.") var from: String?
    @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?
    @Option(help: "A note on why, or how it landed.") var note: String?

    func validate() throws {
        if (to == nil) == (from == nil) { throw ValidationError("give exactly one of --to PERSON and --from PERSON") }
    }

    func run() throws {
        let (title, name) = try database.write { connection in
            let resource = try connection.resource(self.resource)
            let person = try connection.person(to ?? from ?? "")
            try connection.resources.share(resource.id, to != nil ? .given : .received, with: person.id, on: on ?? .today(), note: note)
            return (resource.title, person.name)
        }
        print(to != nil ? "Gave \"\(title)\" to \(name)." : "Received \"\(title)\" from \(name).")
    }
}
