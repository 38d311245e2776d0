import ArgumentParser
import Kith

/// `kith interest add|mine|alias|similar|merge`.
struct InterestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interest", abstract: "Record what people care about, and the topics you care about.",
        subcommands: [Add.self, Mine.self, Alias.self, Similar.self, Merge.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Record that a person cares about a topic; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Argument(help: "The topic (created if new).", transform: textArgument) var topic: String
        @Option(
            parsing: .unconditional, help: "How much they care, 1 (a little) to 5 (a passion).",
            transform: countArgument(minimum: 1))
        var weight = 3

        func run() throws {
            let interest = try database.write { connection in
                try connection.interests.add(
                    NewInterest(topic: topic, weight: weight), to: try connection.person(person).id)
            }
            print(interest.id)
        }
    }

    struct Mine: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mine", abstract: "Mark topics as ones you care about yourself.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Topics (created if new).", transform: textArgument) var topics: [String]

        func validate() throws {
            if topics.isEmpty { throw ValidationError("name at least one topic") }
        }

        func run() throws {
            try database.write { connection in
                for name in topics {
                    let topic =
                        try connection.interests.topic(named: name) ?? connection.interests.addTopic(named: name)
                    try connection.interests.setMine(topic.id)
                }
            }
            print("Your topics: \(topics.joined(separator: ", ")).")
        }
    }

    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "alias", abstract: "Give a topic other names that find it in articles.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The topic (created if new).", transform: textArgument) var topic: String
        @Argument(help: "Other names: \"ML\" for machine learning.") var aliases: [String]

        func validate() throws {
            if aliases.isEmpty { throw ValidationError("name at least one alias") }
        }

        func run() throws {
            try database.write { connection in
                let topic =
                    try connection.interests.topic(named: self.topic)
                    ?? connection.interests.addTopic(named: self.topic)
                for alias in aliases { try connection.interests.addAlias(alias, to: topic.id) }
            }
            print("\(topic) is also found as: \(aliases.joined(separator: ", ")).")
        }
    }

    struct Similar: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "similar",
            abstract:
                "List topics that may be one topic spelled differently (case, accents, punctuation, plurals, a letter)."
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let groups = try database.read { try $0.interests.similarTopics() }
            if output.json {
                try printJSON([
                    "similar": groups.map {
                        ["topics": $0.map { ["id": $0.id.rawValue, "name": $0.name] as [String: Any] }]
                    }
                ])
            } else if groups.isEmpty {
                print("No two topics look like the same one.")
            } else {
                for group in groups { print(group.map(\.name).joined(separator: " ~ ")) }
                print("Fold one into another with: kith interest merge KEPT OTHER")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Fold one topic into another: interests (the higher weight kept), resources and aliases move.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The topic to keep.") var kept: String
        @Argument(help: "The topic to fold into it; its name becomes an alias.") var other: String

        func run() throws {
            try database.write { connection in
                guard let kept = try connection.interests.topic(named: kept) else {
                    throw CommandError("no topic named '\(self.kept)'")
                }
                guard let other = try connection.interests.topic(named: other) else {
                    throw CommandError("no topic named '\(self.other)'")
                }
                try connection.interests.mergeTopic(other.id, into: kept.id)
            }
            print("\(other) is now part of \(kept).")
        }
    }
}
