import Foundation
import Testing

@testable import Kith

/// The address book through the built `kith` binary, as a user would use it (issue 16).
@Suite("kith person edit, merge, search and follow-through")
struct AddressBookCommandTests {
    let folder: TemporaryDirectory
    let kith: KithTool

    init() throws {
        folder = try TemporaryDirectory()
        kith = KithTool(database: folder.path())
    }

    /// Runs a command that must be refused: one line, the status, and no change to the file.
    func refused(_ arguments: [String], status: Int32 = 1, saying message: String) throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: kith.database))
        let result = try kith.run(arguments)
        #expect(result.status == status && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stderr)")
        #expect(
            result.stderr.hasPrefix("kith: ") && result.stderr.contains(message)
                && result.stderr.split(separator: "\n").count == 1,
            "\(arguments): \(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: kith.database)) == before)
    }

    func show(_ person: String) throws -> [String: Any] {
        try #require(try kith.run(["person", "show", person, "--json"]).json()["person"] as? [String: Any])
    }

    @Test func peopleAreCorrectedArchivedAndDeleted() throws {
        try kith.ok(
            "person", "add", "Ann Lee", "--email", "work=ann@example.org", "--phone", "+1 555 0100", "--org",
            "River Runners")
        try kith.ok(
            "person", "edit", "ann", "--name", "Ann Lee-Park", "--org", "", "--title", "Coach", "--how-met",
            "River 10K",
            "--met-on", "2024-05-12", "--birthday", "07-14", "--cadence", "30", "--email", "home=ann@home.example",
            "--remove-email", "ANN@example.org", "--phone", "mobile=+1 555 0199", "--remove-phone", "15550100")
        let ann = try show("1")
        #expect(
            ann["name"] as? String == "Ann Lee-Park" && ann["organization"] is NSNull
                && ann["title"] as? String == "Coach")
        #expect(
            ann["howWeMet"] as? String == "River 10K" && ann["metOn"] as? String == "2024-05-12"
                && ann["cadenceDays"] as? Int == 30)
        #expect((ann["birthday"] as? [String: Any])?["date"] as? String == "--07-14")
        #expect(ann["emails"] as? [String] == ["ann@home.example"] && ann["phones"] as? [String] == ["+1 555 0199"])
        #expect(try kith.ok("person", "show", "1").contains("cadence   every 30 days"))
        try kith.ok("person", "edit", "1", "--no-cadence", "--clear", "birthday")
        #expect(try show("1")["cadenceDays"] is NSNull && show("1")["birthday"] is NSNull)

        try refused(["person", "edit", "Nobody", "--title", "x"], saying: "no person named 'Nobody'")
        try refused(
            ["person", "edit", "1", "--remove-email", "nobody@example.org"], saying: "has no email nobody@example.org")
        try refused(
            ["person", "edit", "1", "--cadence", "0"], status: 64,
            saying: "'--cadence <cadence>': '0' is not a whole number of 1 or more")
        try refused(["person", "edit", "1", "--name", " "], status: 64, saying: "it is blank")
        try refused(["person", "edit", "1", "--cadence", "5", "--no-cadence"], status: 64, saying: "not both")

        try kith.ok("person", "archive", "1")
        #expect(
            try kith.ok("person", "list", "--archived").contains("Ann Lee-Park")
                && !kith.ok("person", "list").contains("Ann Lee-Park"))
        try kith.ok("person", "unarchive", "Ann Lee-Park")
        #expect(try kith.ok("person", "list").contains("Ann Lee-Park"))

        try kith.ok("note", "add", "1", "Training for a marathon")
        try refused(["person", "delete", "1"], saying: "would also delete 1 email, 1 phone, 1 note; add --yes")
        #expect(
            try kith.ok("person", "delete", "1", "--yes") == "Deleted Ann Lee-Park, with 1 email, 1 phone, 1 note.\n")
        #expect(
            try kith.run(["person", "list", "--json"]).json()["people"] as? [Any] == nil
                || (try kith.run(["person", "list", "--json"]).json()["people"] as? [Any])?.isEmpty == true)
    }

    @Test func duplicatesAreRefusedFoundAndMerged() throws {
        try kith.ok("person", "add", "Tolu Oyelaran", "--email", "tolu@example.com", "--interest", "literacy:3")
        try refused(
            ["person", "add", "T. Oyelaran", "--email", "TOLU@example.com"],
            saying: "already here: Tolu Oyelaran (id 1, same email)")
        try kith.ok(
            "person", "add", "T. Oyelaran", "--email", "TOLU@example.com", "--interest", "literacy:5",
            "--allow-duplicate")
        try kith.ok("person", "add", "Tolu  Oyelarán", "--phone", "+44 20 7946 0018")
        let pairs = try #require(
            try kith.run(["person", "duplicates", "--json"]).json()["duplicates"] as? [[String: Any]])
        let reasons = pairs.map { ($0["reasons"] as? [String]) ?? [] }
        #expect(pairs.count == 3, "\(pairs)")
        #expect(reasons.contains(["same email tolu@example.com", "same name but for initials"]))
        #expect(reasons.contains(["same name but for accents or punctuation"]))
        #expect(try kith.ok("person", "duplicates").contains("Merge a pair with: kith person merge KEEP OTHER"))

        #expect(
            try kith.ok("person", "merge", "1", "2")
                == "Merged T. Oyelaran (id 2) into Tolu Oyelaran (id 1): moved 1 email, 1 interest.\n")
        let interests = (try show("1")["interests"] as? [[String: Any]])?.map {
            "\($0["topic"] ?? "") \($0["weight"] ?? "")"
        }
        #expect(interests == ["literacy 5"])  // the higher weight kept
        try refused(["person", "merge", "1", "1"], saying: "are the same person")
        try refused(["person", "merge", "1", "99"], saying: "no person with id 99")
        // A vCard of Tolu joins her record by email, and says so.
        let card = folder.path("tolu.vcf")
        try Data(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Tolu\r\nEMAIL:tolu@example.com\r\nBDAY:--12-03\r\nEND:VCARD\r\n".utf8
        ).write(to: URL(fileURLWithPath: card))
        #expect(try kith.ok("import", "vcard", card) == "0 added, 1 updated (1 by email).\n")
        #expect((try show("1")["birthday"] as? [String: Any])?["date"] as? String == "--12-03")
    }

    @Test func searchListsAndFollowThrough() throws {
        try kith.ok(
            "person", "add", "Zoë Martin", "--org", "Readers Trust", "--phone", "+44 20 7946 0018", "--interest",
            "literacy:5")
        try kith.ok("person", "add", "Bo Chen", "--interest", "chess:4")
        let hits = try #require(try kith.run(["search", "zoe", "--json"]).json()["results"] as? [[String: Any]])
        #expect(
            hits.count == 1
                && (hits[0]["matches"] as? [[String: String]])?.first == ["field": "name", "detail": "Zoë Martin"])
        #expect(try kith.ok("search", "7946").contains("phone: +44 20 7946 0018"))
        #expect(try kith.ok("search", "nothing-like-this") == "Nobody matches 'nothing-like-this'.\n")
        try refused(["search", "  "], status: 64, saying: "it is blank")

        try kith.ok(
            "resource", "add", "Reading programs that work", "--url", "https://example.org/reading", "--topic",
            "literacy")
        #expect(
            try kith.ok("share", "https://example.org/reading", "--to", "Zoë", "--on", "2026-11-02")
                == "Gave \"Reading programs that work\" to Zoë Martin (share 1).\n")
        try refused(["share", "1", "--to", "Zoe Martin"], saying: "I already gave them this resource on 2026-11-02")
        #expect(try kith.ok("share", "mark", "1", "--reception", "thanked") == "Share 1: thanked.\n")
        let shown = try #require(
            try kith.run(["resource", "show", "1", "--json"]).json()["resource"] as? [String: Any])
        #expect((shown["shares"] as? [[String: Any]])?.first?["reception"] as? String == "thanked")
        #expect(try kith.ok("resource", "list").contains("Reading programs that work"))
        try kith.ok("share", "1", "--from", "Bo Chen", "--reception", "useful")

        try kith.ok("commitment", "add", "River 10K", "--kind", "charity-run", "--cause", "literacy", "--with", "Bo")
        #expect(
            try kith.ok("commitment", "list").contains("River 10K")
                && kith.ok("commitment", "show", "1").contains("with: Bo Chen"))
        try kith.ok("interaction", "log", "Bo", "--kind", "coffee", "--on", "2026-11-20", "--minutes", "30")
        #expect(
            try kith.ok("interaction", "list").contains("Bo Chen")
                && kith.ok("interaction", "list", "Zoë").contains("No interactions"))

        try kith.ok("ask", "log", "Zoë", "--topic", "a volunteer", "--direction", "theirs", "--on", "2026-11-10")
        try kith.ok("ask", "log", "Bo", "--topic", "an intro", "--direction", "mine", "--on", "2026-11-11")
        let open = try #require(
            try kith.run(["ask", "list", "--open", "--theirs", "--json"]).json()["asks"] as? [[String: Any]])
        #expect(open.count == 1 && open[0]["topic"] as? String == "a volunteer")
        #expect(
            try kith.ok("week", "--as-of", "2026-11-26").contains(
                "You promised Zoë Martin help with a volunteer: open for 16 days"))
        try refused(
            ["ask", "resolve", "1", "--status", "redirected"], status: 64,
            saying: "--to PERSON goes with --status redirected")
        #expect(
            try kith.ok("ask", "resolve", "1", "--status", "helped") == "Ask 1 (Zoë Martin: a volunteer): helped.\n")
        let ledger = try #require(try kith.run(["ledger", "--json"]).json()["ledger"] as? [[String: Any]])
        let zoe = try #require(ledger.first { ($0["person"] as? [String: Any])?["name"] as? String == "Zoë Martin" })
        #expect(zoe["asksIHelped"] as? Int == 1 && zoe["promisesOpen"] as? Int == 0 && zoe["sharesGiven"] as? Int == 1)
        #expect(try kith.ok("ask", "list", "--mine").contains("an intro"))
    }

    @Test func aDayWithKithRunsAsWrittenInTheREADME() throws {
        let readme = try String(contentsOf: CommandLineTests.packageRoot.appending(path: "README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## A day with Kith").dropFirst().first)
        let script = try #require(
            section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        // In an empty folder, with the kith just built first on the PATH, as the README says.
        let path =
            KithTool.executable.deletingLastPathComponent().path + ":"
            + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        let day = try runProcess(
            onPath("sh"), ["-ec", "cd \"$1\" && export PATH=\"$2\" && " + script, "sh", folder.url.path, path],
            input: "")
        #expect(day.status == 0, "\(day.stdout)\n\(day.stderr)")
        for step in [
            "(refused: Ann Lee already has that address)", "0 added, 1 updated (1 by email).",
            "2 added, 0 merged, 0 skipped.",
            "same name but for initials", "Merged A. Lee (id 3) into Ann Lee (id 2)", "Updated Marcus Webb.",
            "Gave \"Reading programs that work\" to Tolu Oyelaran", "(refused: she has it already)",
            "a volunteer for Saturday  open", "helped.", "topic: literacy (5/5)", "phone: +44 20 7946 0018",
            "Tolu Oyelaran  ",
        ] {
            #expect(day.stdout.contains(step), "\(step)\n\(day.stdout)")
        }
        // What the day leaves: three people, Tolu's card merged into her, the gift thanked, the promise kept.
        let kith = KithTool(database: folder.path("day.sqlite"))
        let people = try #require(try kith.run(["person", "list", "--json"]).json()["people"] as? [[String: Any]])
        #expect(people.compactMap { $0["name"] as? String } == ["Ann Lee", "Marcus Webb", "Tolu Oyelaran"])
        let tolu = try #require(try kith.run(["person", "show", "Tolu", "--json"]).json()["person"] as? [String: Any])
        #expect(tolu["phones"] as? [String] == ["+44 20 7946 0018"] && (tolu["notes"] as? [Any])?.count == 1)
        let ann = try #require(try kith.run(["person", "show", "Ann", "--json"]).json()["person"] as? [String: Any])
        #expect(ann["organization"] as? String == "River Runners" && ann["cadenceDays"] as? Int == 30)
        let shares =
            (try kith.run(["resource", "show", "1", "--json"]).json()["resource"] as? [String: Any])?["shares"]
            as? [[String: Any]]
        #expect(shares?.count == 1 && shares?.first?["reception"] as? String == "thanked")
        // The birthday on Tolu's card shows in the week when it is near.
        let today = Day.today()
        let near = (0..<7).contains { Questions.falls(try! Birthday("--12-03"), on: today.adding(days: $0)) }
        #expect(day.stdout.contains("Tolu Oyelaran's birthday is") == near)
        // Nobody drifted: imported contacts were never in touch, and Ann and Marcus were added today.
        #expect(try kith.run(["reconnect"]).stdout.hasPrefix("You are in touch with everyone you keep in touch with."))
        #expect(day.stdout.contains("come up to reconnect: kith person edit NAME --cadence 30"))
    }
}
