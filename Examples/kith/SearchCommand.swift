import ArgumentParser
import Kith

/// `kith search TEXT`: find anyone by anything Kith holds about them.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find people by name, organization, title, email, phone, notes, how you met, topics or commitments.",
        discussion:
            "Every word must match in the same field; a word matches the start of a word (\"zo\" finds \"Zoë\").")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "What to look for.", transform: textArgument) var text: [String]
    @Option(parsing: .unconditional, help: "How many people, at most.", transform: countArgument(minimum: 1))
    var limit = 20
    @OptionGroup var output: JSONOption

    func validate() throws {
        if text.isEmpty { throw ValidationError("give something to look for") }
    }

    func run() throws {
        let query = text.joined(separator: " ")
        let hits = try database.read { try $0.search(query, limit: limit) }
        if output.json {
            try printJSON([
                "results": hits.map {
                    [
                        "person": personJSON($0.personID, $0.name), "archived": $0.isArchived, "score": $0.score,
                        "matches": $0.matches.map { ["field": $0.field.rawValue, "detail": $0.detail] },
                    ] as [String: Any]
                }
            ])
        } else if hits.isEmpty {
            print("Nobody matches '\(query)'.")
        } else {
            printTable(
                ["ID", "WHO", "MATCHED"],
                hits.map {
                    [
                        $0.personID.description, $0.name + ($0.isArchived ? " (archived)" : ""),
                        $0.matches.map(\.description).joined(separator: "; "),
                    ]
                })
        }
    }
}
