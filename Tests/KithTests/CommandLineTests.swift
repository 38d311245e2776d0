import Foundation
import Testing

@testable import Kith

/// The `kith` tool, run as a user would: every command, its JSON, its errors.
@Suite("kith command")
struct CommandLineTests {
    let folder: TemporaryDirectory
    let kith: KithTool

    init() throws {
        folder = try TemporaryDirectory()
        kith = KithTool(database: folder.path())
    }

    /// Every row of every table, to check that a refused command changed nothing.
    func snapshot() throws -> [String] {
        let database = try folder.kith()
        return try database.read { connection in
            let tables = try connection.fetchAll(
                sql: "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%search%' ORDER BY name"
            ) { try $0[0] as String }
            return try tables.flatMap { table in
                try connection.fetchAll(sql: "SELECT * FROM \"\(table)\"") { row in
                    "\(table): "
                        + (0..<Int(row.statement.columnCount)).map { "\(row.databaseValue(at: $0))" }.joined(
                            separator: "|")
                }
            }
        }
    }

    @Test func everyCommandWorksAsWritten() throws {
        #expect(
            try kith.ok(
                "person", "add", "Ann Lee", "--email", "ann@example.org", "--phone", "+1 555 0100", "--org",
                "River Runners",
                "--title", "Coach", "--how-met", "River 10K", "--met-on", "2024-05-12", "--birthday", "07-14",
                "--note", "Training for a marathon", "--interest", "running:5", "--interest", "literacy"
            )
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let bo = try #require(
            try JSONSerialization.jsonObject(with: Data(try kith.ok("person", "add", "Bo Chen", "--json").utf8))
                as? [String: Any])
        #expect(bo["version"] as? Int == 1 && (bo["person"] as? [String: Any])?["id"] as? Int == 2)
        try kith.ok("person", "add", "Cy Park", "--interest", "chess:4")

        let list = try kith.run(["person", "list", "--json"]).json()
        #expect(
            (list["people"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == [
                "Ann Lee", "Bo Chen", "Cy Park",
            ])
        let ann = try #require(
            try kith.run(["person", "show", "ann lee", "--json"]).json()["person"] as? [String: Any])
        let birthday = ann["birthday"] as? [String: Any]
        #expect(ann["organization"] as? String == "River Runners" && birthday?["date"] as? String == "--07-14")
        #expect(birthday?["month"] as? Int == 7 && birthday?["day"] as? Int == 14 && birthday?["year"] == nil)
        #expect(try kith.ok("person", "show", "1").contains("birthday  July 14"))
        #expect(
            (ann["interests"] as? [[String: Any]])?.count == 2 && (ann["emails"] as? [String]) == ["ann@example.org"])
        #expect(try kith.ok("person", "show", "1").contains("running (5/5)"))

        try kith.ok("note", "add", "Bo Chen", "Building a speech recognition startup", "--on", "2026-01-05")
        try kith.ok("know", "Ann Lee", "2")
        try kith.ok("interest", "add", "Bo Chen", "machine learning", "--weight", "4")
        try kith.ok("interest", "mine", "running", "machine learning")
        try kith.ok("interest", "alias", "machine learning", "ML")
        let resource =
            try JSONSerialization.jsonObject(
                with: Data(
                    try kith.ok(
                        "resource", "add", "Hill repeats", "--url", "https://Example.org/hills/", "--kind", "article",
                        "--topic", "running", "--summary", "Why hills make you faster", "--json"
                    ).utf8)) as? [String: Any]
        #expect((resource?["resource"] as? [String: Any])?["id"] as? Int == 1)
        try kith.ok("resource", "add", "ML on a budget", "--url", "https://example.org/ml")
        try kith.ok("share", "https://example.org/ml", "--from", "Bo Chen", "--on", "2025-03-01", "--note", "thanks!")
        try kith.ok("share", "1", "--to", "Cy Park", "--on", "2025-03-02")
        let commitment =
            try JSONSerialization.jsonObject(
                with: Data(
                    try kith.ok(
                        "commitment", "add", "River 10K for Literacy", "--kind", "charity-run", "--cause", "literacy",
                        "--role", "runner",
                        "--since", "2025-01-01", "--until", "2027-01-01", "--hours-per-month", "4", "--with", "Ann Lee",
                        "--json"
                    ).utf8))
            as? [String: Any]
        #expect((commitment?["commitment"] as? [String: Any])?["id"] as? Int == 1)
        try kith.ok(
            "interaction", "log", "Ann Lee", "--kind", "coffee", "--on", "2025-01-10", "--minutes", "45",
            "--initiated-by", "me", "--note", "talked shoes")
        try kith.ok("ask", "log", "Cy Park", "--topic", "a chess coach", "--direction", "theirs", "--on", "2026-11-01")
        // The honest-networker check: my first ask of Bo, who gave me something, and no contact for a long while.
        let warned = try kith.ok(
            "ask", "log", "Bo Chen", "--topic", "an intro", "--direction", "mine", "--on", "2026-11-20")
        #expect(warned.contains("Before you ask:") && warned.contains("first contact in"))

        let picks = try kith.run([
            "recommend", "--title", "Trail running for ML engineers", "--topic", "running", "--text",
            "speech recognition",
            "--as-of", "2026-11-26", "--json",
        ]).json()
        let recommendations = try #require(picks["recommendations"] as? [[String: Any]])
        // Ann runs (5/5); Bo's note names the text's phrase; Cy got "Hill repeats" (running)
        // from me, a gift I know nothing more of: history worth a 1/5 interest in running.
        #expect(recommendations.compactMap { personName($0["person"]) } == ["Ann Lee", "Bo Chen", "Cy Park"])
        let reasons = recommendations.map { ($0["reasons"] as? [[String: Any]]) ?? [] }
        #expect(
            reasons[0].first?["kind"] as? String == "interest"
                && reasons[0].first?["detail"] as? String == "running (5/5)")
        #expect(
            reasons[2].first?["kind"] as? String == "history"
                && reasons[2].first?["detail"] as? String == "'Hill repeats' passed between us")
        for (pick, reasons) in zip(recommendations, reasons) {  // every reason carries its points, and they add up
            let points = reasons.compactMap { $0["points"] as? Double }
            #expect(
                points.count == reasons.count && abs(points.reduce(0, +) - ((pick["score"] as? Double) ?? -1)) < 0.005)
        }
        #expect((recommendations[0]["person"] as? [String: Any])?["id"] as? Int == 1)
        // The stored resource: Cy already has it, so Cy is left out.
        let stored = try kith.run(["recommend", "--resource", "https://example.org/hills", "--json"]).json()
        #expect((stored["recommendations"] as? [[String: Any]])?.compactMap { personName($0["person"]) } == ["Ann Lee"])
        let table = try kith.ok("recommend", "--resource", "1")
        #expect(table.contains("interest: running (5/5)"))
        // The table shows the score as JSON has it, with two decimals unless it is whole.
        let score = try #require(((stored["recommendations"] as? [[String: Any]])?.first?["score"] as? Double))
        let shown = score == score.rounded() ? String(Int(score)) : String(format: "%.2f", score)
        #expect(table.contains("  \(shown)  "), "\(shown) not in \(table)")

        let ledger = try kith.run(["ledger", "--json"]).json()["ledger"] as? [[String: Any]]
        #expect(personName(ledger?.first?["person"]) == "Bo Chen" && ledger?.first?["balance"] as? Int == -1)
        #expect(try kith.run(["ledger", "Cy Park", "--json"]).json()["ledger"] as? [[String: Any]] != nil)
        let reconnect =
            try kith.run(["reconnect", "--as-of", "2026-11-26", "--limit", "2", "--json"]).json()["reconnect"]
            as? [[String: Any]]
        #expect(reconnect?.count == 2)
        let helpers = try kith.run(["who-can-help", "running", "--json"]).json()["helpers"] as? [[String: Any]]
        #expect(personName(helpers?.first?["person"]) == "Ann Lee")
        let intros = try kith.run(["introductions", "--json"]).json()["introductions"] as? [[String: Any]]
        #expect(intros != nil)
        let timeline = try kith.run(["timeline", "Bo Chen", "--json"]).json()["timeline"] as? [[String: Any]]
        #expect(timeline?.first?["day"] as? String == "2026-11-20")
        let week = try kith.run(["week", "--as-of", "2026-11-26", "--json"]).json()
        #expect(personName((week["openAsks"] as? [[String: Any]])?.first?["person"]) == "Cy Park")
        for command in [
            ["ledger"], ["reconnect"], ["who-can-help", "running"], ["introductions"], ["timeline", "Ann Lee"],
            ["week"],
        ] {
            let result = try kith.run(command)
            #expect(result.status == 0 && !result.stdout.isEmpty && result.stderr.isEmpty, "kith \(command)")
        }

        try kith.ok("person", "archive", "Cy Park")
        #expect(try !kith.ok("person", "list").contains("Cy Park"))
    }

    @Test func aPersonIsNamedByIdFullNameOrTheStartOfTheirNameWords() throws {
        for name in ["Zoë O'Neil", "Ann Lee", "Ann Lowe", "Jörg Straße"] { try kith.ok("person", "add", name) }
        try kith.ok("person", "add", "Zoe Old")
        try kith.ok("person", "archive", "Zoe Old")
        func shown(_ argument: String) throws -> String? {
            personName(try kith.run(["person", "show", argument, "--json"]).json()["person"])
        }
        #expect(try shown("2") == "Ann Lee")
        #expect(try shown("  ann LEE ") == "Ann Lee")
        #expect(try shown("ZOË O'NEIL") == "Zoë O'Neil")
        #expect(try shown("jörg strasse") == "Jörg Straße")
        #expect(try shown("ann le") == "Ann Lee")
        #expect(try shown("zoe o") == "Zoë O'Neil")  // accents folded; the archived Zoe Old does not count
        #expect(try shown("Zoe Old") == "Zoe Old")  // a full name finds the archived too
        let ambiguous = try kith.run(["person", "show", "ann l"])
        #expect(
            ambiguous.status == 1 && ambiguous.stderr.contains("ambiguous") && ambiguous.stderr.contains("Ann Lowe"))
        let unknown = try kith.run(["person", "show", "lee ann"])
        #expect(unknown.status == 1 && unknown.stderr.contains("no person named 'lee ann'"))
    }

    /// The name of a person as the JSON contract gives one, `{"id", "name"}`.
    private func personName(_ value: Any?) -> String? {
        (value as? [String: Any])?["name"] as? String
    }

    @Test(arguments: [
        (["interest", "add", "Nobody", "running"], "no person named 'Nobody'"),
        (["interest", "add", "Ann Lee", "running", "--weight", "9"], "weight"),
        (["person", "add", "Dee", "--interest", "chess:9"], "weight"),
        (["interaction", "log", "Ann Lee", "--kind", "coffee", "--on", "2026-02-30"], "2026-02-30"),
        (["interaction", "log", "Ann Lee"], "--kind"),
        (["interaction", "log", "Ann Lee", "--kind", "coffee", "--minutes", "-5"], "minutes"),
        (["share", "1", "--to", "Ann Lee", "--from", "Ann Lee"], "exactly one"),
        (["share", "https://nowhere.example", "--to", "Ann Lee"], "no resource"),
        (["note", "add", "ann twin", "hello"], "ambiguous"),
        (["commitment", "add", "Board", "--kind", "club"], "club"),
        (["recommend", "--title", "x", "--limit", "0"], "limit"),
    ])
    func badInputIsOneLineOnStandardErrorAndChangesNothing(arguments: [String], message: String) throws {
        try kith.ok("person", "add", "Ann Lee", "--interest", "running:5")
        try kith.ok("person", "add", "Ann Twin")
        try kith.ok("person", "add", "ann twin")
        try kith.ok("resource", "add", "Hill repeats", "--url", "https://example.org/hills")
        let before = try snapshot()
        let result = try kith.run(arguments)
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("kith: ") && result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try snapshot() == before)
    }

    @Test func anAmbiguousNameListsTheMatches() throws {
        try kith.ok("person", "add", "Sam Lee", "--org", "Acme")
        try kith.ok("person", "add", "sam lee", "--org", "Globex")
        let result = try kith.run(["timeline", "SAM LEE"])
        #expect(
            result.status != 0 && result.stderr.contains("1 Sam Lee (Acme)")
                && result.stderr.contains("2 sam lee (Globex)"))
    }

    @Test func theDatabaseIsFoundThroughKithDBThenXDGAndCreatedOwnerOnly() throws {
        let data = folder.url.appending(path: "xdg").path
        let result = try KithTool.run(["person", "add", "Ann"], environment: ["XDG_DATA_HOME": data])
        #expect(result.status == 0, "\(result.stderr)")
        let file = data + "/kith/kith.sqlite"
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folderAttributes = try FileManager.default.attributesOfItem(atPath: data + "/kith")
        #expect((folderAttributes[.posixPermissions] as? Int) == 0o700)

        let chosen = folder.path("chosen/deep/k.sqlite")
        #expect(
            try KithTool.run(["person", "add", "Bo"], environment: ["KITH_DB": chosen, "XDG_DATA_HOME": data]).status
                == 0)
        let listed = try KithTool.run(["person", "list", "--json"], environment: ["KITH_DB": chosen]).json()
        #expect((listed["people"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["Bo"])
    }

    @Test func theTourTellsTheStoryAndTheREADMERecipesRunOnWhatItLeaves() throws {
        let database = folder.path("tour.sqlite")
        let tour = try KithTool.run(["tour", "--db", database])
        #expect(tour.status == 0, "\(tour.stderr)")
        for heading in [
            "Who should get this?", "Who have I drifted from?", "My ledger", "An introduction worth making",
            "Before you ask", "Warning:", database, "sqlite3 ",
        ] {
            #expect(tour.stdout.contains(heading), "\(heading)")
        }
        let readme = try String(contentsOf: Self.packageRoot.appending(path: "README.md"), encoding: .utf8)
        let section =
            try #require(readme.components(separatedBy: "## Query it with sqlite3").dropFirst().first)
            .components(separatedBy: "\n## ").first ?? ""
        let recipes = section.components(separatedBy: "```sql\n").dropFirst().map {
            $0.components(separatedBy: "```")[0]
        }
        #expect(recipes.count >= 6)
        for recipe in recipes {
            let result = try sqliteShell(database, recipe)
            #expect(result.status == 0 && result.stderr.isEmpty, "\(recipe)\n\(result.stderr)")
            #expect(!result.stdout.isEmpty, "no rows from:\n\(recipe)")
        }
        // The last recipe added Ann by hand; the tool sees her.
        #expect(try KithTool.run(["person", "show", "Ann Lee", "--db", database]).status == 0)
    }

    @Test func rowsAddedInTheShellShowUpAndTheSchemaRefusesWhatWouldBreakKith() throws {
        try kith.ok("person", "add", "Bo", "--interest", "chess:3")
        #expect(try sqliteShell(kith.database, "INSERT INTO people(name) VALUES ('Ann');").status == 0)
        #expect(try kith.ok("person", "list").contains("Ann"))
        let weight = try sqliteShell(kith.database, "UPDATE interests SET weight = 9;")
        #expect(weight.status != 0 && weight.stderr.contains("CHECK constraint failed"))
        let share = try sqliteShell(
            kith.database, "PRAGMA foreign_keys = ON; INSERT INTO shares(resource_id, person_id) VALUES (999, 1);")
        #expect(share.status != 0 && share.stderr.contains("shares.resource_id names no resource"))
        #expect(try kith.ok("person", "show", "Bo").contains("chess (3/5)"))
    }

    @Test func exportImportAndBackupKeepEverything() throws {
        let tour = folder.path("tour.sqlite")
        #expect(try KithTool.run(["tour", "--db", tour]).status == 0)
        let backup = folder.path("backup.json")
        #expect(try KithTool.run(["export", "json", "--output", backup, "--db", tour]).status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int == 0o600)
        let restored = folder.path("restored.sqlite")
        #expect(try KithTool.run(["import", "json", backup, "--db", restored]).status == 0)
        let copy = folder.path("copy.sqlite")
        #expect(try KithTool.run(["backup", copy, "--db", tour]).status == 0)
        let question = [
            "recommend", "--title", "Couch to 10K", "--topic", "running", "--text", "literacy volunteers", "--json",
        ]
        let original = try KithTool.run(question + ["--db", tour]).stdout
        #expect(original.contains("Priya Raman"))
        #expect(try KithTool.run(question + ["--db", restored]).stdout == original)
        #expect(try KithTool.run(question + ["--db", copy]).stdout == original)
        // Importing twice is refused, in one line, and changes nothing.
        let again = try KithTool.run(["import", "json", backup, "--db", restored])
        #expect(again.status != 0 && again.stderr.contains("already holds data"))
        #expect(
            try KithTool.run(["export", "json", "--db", restored]).stdout
                == (try String(contentsOfFile: backup, encoding: .utf8)) + "\n")
    }

    @Test func vCardsComeInAndGoOut() throws {
        let fixture = VCardTests.fixture("ezvcard-John_Doe_IPHONE.vcf").path
        let first = try kith.run(["import", "vcard", fixture])
        // The card's properties Kith does not model are counted: kept, to give back on export.
        let kept = try VCardParser.parse(try Data(contentsOf: URL(fileURLWithPath: fixture)))[0].properties
            .filter { !ImportedCard.modeled.contains($0.name) }.count
        let keptSaid = "; kept \(kept) properties Kith does not model, to give back on export.\n"
        #expect(first.status == 0 && first.stdout == "1 added, 0 updated" + keptSaid, "\(first.stdout) \(first.stderr)")
        #expect(try kith.run(["import", "vcard", fixture]).stdout == "0 added, 1 updated (1 by UID)" + keptSaid)
        let exported = try kith.ok("export", "vcard", "1", "--version", "3")
        #expect(exported.hasPrefix("BEGIN:VCARD\r\nVERSION:3.0\r\n") && exported.contains("END:VCARD\r\n"))
        let broken = folder.path("broken.vcf")
        try Data("BEGIN:VCARD\nFN:Ann\n".utf8).write(to: URL(fileURLWithPath: broken))
        let before = try snapshot()
        let refused = try kith.run(["import", "vcard", fixture, broken])
        #expect(refused.status != 0 && refused.stderr.contains("broken.vcf: card 1: no END:VCARD"))
        #expect(try snapshot() == before)
    }

    @Test func theREADMEQuotesTheQuickStartExampleAsItIs() throws {
        let readme = try String(contentsOf: Self.packageRoot.appending(path: "README.md"), encoding: .utf8)
        let example = try String(
            contentsOf: Self.packageRoot.appending(path: "Examples/QuickStart/main.swift"), encoding: .utf8)
        #expect(readme.contains(example))
        #expect(example.split(separator: "\n").count < 80)
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
