import ArgumentParser
import Foundation
import Kith

/// `kith tour`: builds a small, believable network and walks through the questions with
/// real answers from it.
struct TourCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tour", abstract: "A guided tour of Kith on a small, believable network.",
        discussion:
            "It builds a new database at --db PATH, which must not exist yet, or in a new temporary file ($KITH_DB is left alone)."
    )
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let path =
            database.db
            ?? FileManager.default.temporaryDirectory.appending(path: "kith-tour-\(UUID().uuidString).sqlite").path
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandError("\(path) already exists; the tour builds a new database (give another --db)")
        }
        let database = try DatabaseOptions.parse(["--db", path]).opened(.readWrite)
        let today = Day.today()
        let kith = Self.shellQuoted(Self.executable)
        let db = "--db " + Self.shellQuoted(path)
        /// The command that gives the same answer on the tour's database.
        func command(_ arguments: String) { print("\n  $ \(kith) \(arguments) \(db)") }
        try database.write { try TourNetwork(today: today).build(in: $0) }

        section("Who should get this?", "You just read an article. Who would genuinely want it, and why?")
        let article = ResourceDraft(
            title: "Couch to 10K: training plans that volunteers actually finish",
            url: "https://example.org/couch-to-10k", topics: ["running"],
            text: "How community charity runs train first-time runners, and why literacy programs join in.")
        print("  \"\(article.title)\"\n")
        let picks = try database.read { try $0.questions.recommend(article, limit: 3, asOf: today) }
        printTable(
            ["  WHO", "SCORE", "WHY"],
            picks.map { (pick: Recommendation) -> [String] in
                [
                    "  " + pick.name, formatScore(pick.score),
                    pick.reasons.map { $0.description }.joined(separator: "; "),
                ]
            })
        print(
            "\n  \(picks.count) of your \(try database.read { try $0.people.all() }.count) people, each with a reason.")
        print("  Those with none are not listed: Kith never suggests blasting your address book.")
        command(
            "recommend --title \(Self.shellQuoted(article.title)) --topic running --text \(Self.shellQuoted(article.text ?? "")) --limit 3"
        )

        section("Who have I drifted from?", "People past their cadence, and something you could give each.")
        for person in try database.read({ try $0.questions.reconnect(limit: 3, asOf: today) }) {
            let gift =
                person.suggestion.map { "send \"\($0.title)\" (\(person.suggestionReason ?? ""))" }
                ?? "write to say hello"
            print("  \(person.name): \(Self.months(person.daysSinceContact)) since your last contact; \(gift)")
        }
        command("reconnect --limit 3")

        section("My ledger", "What you gave and what you received. Negative: you owe them.")
        let ledger = try database.read { try $0.questions.ledger() }.prefix(5)
        printTable(
            ["  WHO", "GAVE", "GOT", "BALANCE"],
            ledger.map { (entry: LedgerEntry) -> [String] in
                ["  " + entry.name, String(entry.given), String(entry.received), String(entry.balance)]
            })
        command("ledger")

        section("An introduction worth making", "Two people who share a passion or a cause and do not know each other.")
        if let intro = try database.read({ try $0.questions.introductions(limit: 1) }).first {
            print(
                "  \(intro.firstName) and \(intro.secondName): \(intro.reasons.map(\.description).joined(separator: "; "))"
            )
        }
        command("introductions --limit 1")

        section("Before you ask", "You need an intro to a hiring manager. Should you ask Marcus now?")
        let check = try database.read { connection in
            try connection.questions.beforeAsking(try connection.person("Marcus Webb").id, asOf: today)
        }
        for warning in check.warnings { print("  Warning: \(warning)") }
        if check.isClear { print("  No warning: go ahead.") }
        print("  (A warning, never a block: the choice is yours.)")
        command("ask log 'Marcus Webb' --direction mine --topic 'an intro to a hiring manager'")
        print("  (that logs the ask, and prints the same warnings first)")

        section("Look inside", "The database is a plain SQLite file:")
        print("  \(path)\n")
        print("  sqlite3 \(Self.shellQuoted(path)) \"SELECT name, interests FROM people_with_interests\"")
        print(
            "  sqlite3 \(Self.shellQuoted(path)) \"SELECT name, given, received, balance FROM ledger WHERE given + received > 0 ORDER BY balance\""
        )
        print("\n  Try the commands on it too: \(kith) week \(db)")
        print("  All of them: \(kith) --help")
    }

    private func section(_ title: String, _ subtitle: String) {
        print("\n== \(title)\n   \(subtitle)\n")
    }

    private static func months(_ days: Int) -> String {
        days >= 60 ? counted(days * 12 / 365, "month") : counted(days, "day")
    }

    /// The path of the running `kith`, so that the commands shown work as printed (after
    /// `swift run`, `kith` is not on the PATH).
    static var executable: String {
        Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    /// `text` as one word for a POSIX shell: quoted when it holds anything but safe characters.
    static func shellQuoted(_ text: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=+,@%")
        guard text.isEmpty || !text.allSatisfy(safe.contains) else { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
