import ArgumentParser
import Kith

/// `kith interest add|mine|alias`.
struct InterestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interest", abstract: "Record what people care about, and the topics you care about.",
        subcommands: [Add.self, Mine.self, Alias.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that a person cares about a topic; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Argument(help: "The topic (created if new).") var topic: String
        @Option(help: "How much they care, 1 (a little) to 5 (a passion).") var weight = 3

        func run() throws {
            let interest = try database.open().write { connection in
                try connection.interests.add(NewInterest(topic: topic, weight: weight), to: try connection.person(person).id)
            }
            print(interest.id)
        }
    }

    struct Mine: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark topics as ones you care about yourself.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Topics (created if new).") var topics: [String]

        func validate() throws {
            if topics.isEmpty { throw ValidationError("name at least one topic") }
        }

        func run() throws {
            try database.open().write { connection in
                for name in topics {
                    let topic = try connection.interests.topic(named: name) ?? connection.interests.addTopic(named: name)
                    try connection.interests.setMine(topic.id)
                }
            }
            print("Your topics: \(topics.joined(separator: ", ")).")
        }
    }

    struct Alias: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a topic other names that find it in articles.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The topic (created if new).") var topic: String
        @Argument(help: "Other names: \"ML\" for machine learning.") var aliases: [String]

        func validate() throws {
            if aliases.isEmpty { throw ValidationError("name at least one alias") }
        }

        func run() throws {
            try database.open().write { connection in
                let topic = try connection.interests.topic(named: self.topic) ?? connection.interests.addTopic(named: self.topic)
                for alias in aliases { try connection.interests.addAlias(alias, to: topic.id) }
            }
            print("\(topic) is also found as: \(aliases.joined(separator: ", ")).")
        }
    }
}
