import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// The promises a shell user relies on: no silent failure, reading never creates, one voice
/// for errors, one JSON contract, output that fits the terminal (issue 17).
@Suite("kith as a careful Unix tool")
struct CommandLineContractTests {
    let folder: TemporaryDirectory
    let kith: KithTool

    init() throws {
        folder = try TemporaryDirectory()
        kith = KithTool(database: folder.path())
    }

    /// Runs `script` with `sh -c`, with `$KITH` the binary and `$DB` the test's database.
    func shell(_ script: String) throws -> KithTool.Output {
        try runProcess(
            onPath("sh"), ["-c", "KITH=\"$1\" DB=\"$2\"; " + script, "sh", KithTool.executable.path, kith.database],
            input: "")
    }

    /// The files in the test's folder.
    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
    }

    // MARK: 1. Every write checked

    @Test func aWriteThatFailsIsAnErrorAndNeverHalfAFile() throws {
        try folder.kith().write { try SyntheticNetwork(people: 300).build(in: $0) }
        let whole = try kith.run(["export", "json"])
        #expect(whole.status == 0 && whole.stdout.utf8.count > 200_000)

        for script in [
            "\"$KITH\" export json --db \"$DB\" > /dev/full", "\"$KITH\" export json --db \"$DB\" --output /dev/full",
            "\"$KITH\" person list --db \"$DB\" > /dev/full",
        ] {
            let result = try shell(script)
            #expect(
                result.status == 1 && result.stderr.hasPrefix("kith: cannot write ")
                    && result.stderr.contains("No space left"),
                "\(script): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        // A file that may not grow past 100 KiB, as on a full disk: standard output and --output.
        let target = folder.path("backup.json")
        try Data("the previous backup\n".utf8).write(to: URL(fileURLWithPath: target))
        let before = try files()
        for script in [
            "ulimit -f 100; \"$KITH\" export json --db \"$DB\" > \"$DB.out\"",
            "ulimit -f 100; \"$KITH\" export json --db \"$DB\" --output '\(target)'",
        ] {
            let result = try shell(script)
            #expect(
                result.status == 1 && result.stderr.hasPrefix("kith: cannot write ")
                    && result.stderr.contains("too large"),
                "\(script): \(result.stderr)")
        }
        // --output left the previous file whole, and no temporary file beside it.
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "the previous backup\n")
        #expect(
            try files().filter { !$0.hasSuffix(".out") && !$0.hasSuffix("-shm") && !$0.hasSuffix("-wal") }
                == before.filter { !$0.hasSuffix("-shm") && !$0.hasSuffix("-wal") })
        // A good --output replaces the file whole, owner-only.
        #expect(try kith.run(["export", "json", "--output", target]).status == 0)
        #expect(try String(contentsOfFile: target, encoding: .utf8) + "\n" == whole.stdout)
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o600)

        // A reader that quits early is no error: the program ends quietly.
        let quitting = try shell("\"$KITH\" export json --db \"$DB\" | head -c 10 > /dev/null")
        #expect(quitting.status == 0 && quitting.stderr.isEmpty, "\(quitting.stderr)")
    }

    // MARK: 2. Reading never creates

    @Test(arguments: [
        ["person", "list"], ["reconnect"], ["week"], ["recommend", "--title", "Chess"], ["export", "json"], ["doctor"],
        ["person", "show", "1"], ["backup", "copy.sqlite"],
    ])
    func aCommandThatReadsNeverCreatesADatabase(arguments: [String]) throws {
        let missing = folder.path("no/such/kith.sqlite")
        let result = try KithTool.run(arguments + ["--db", missing])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(
            result.stderr
                == "kith: no Kith database at \(missing); `kith person add` creates one, or set --db / KITH_DB\n")
        #expect(try files().isEmpty)
        // A mistyped $KITH_DB says the same.
        let typo = try KithTool.run(arguments, environment: ["KITH_DB": folder.path("kith.sqlte")])
        #expect(typo.status == 1 && typo.stderr.contains("no Kith database at"))
        #expect(try files().isEmpty)
    }

    @Test func aFailedWriteIntoANewDatabaseLeavesNoFile() throws {
        let bad = folder.path("bad.json")
        try Data("{\"format\": \"something else\"}".utf8).write(to: URL(fileURLWithPath: bad))
        let database = folder.path("new/kith.sqlite")
        for arguments in [["import", "json", bad], ["note", "add", "Nobody", "hello"], ["import", "vcard", bad]] {
            let result = try KithTool.run(arguments + ["--db", database])
            #expect(result.status == 1 && result.stderr.hasPrefix("kith: "), "\(arguments): \(result.stderr)")
            #expect(try files() == ["bad.json"], "\(arguments)")
        }
        // One that succeeds creates the database and its folder.
        #expect(try KithTool.run(["person", "add", "Ann", "--db", database]).status == 0)
        #expect(FileManager.default.fileExists(atPath: database))
    }

    @Test func aReadOnlyDatabaseIsReadAndNotWritten() throws {
        #expect(try kith.run(["person", "add", "Ann Lee", "--interest", "chess:5"]).status == 0)
        // A user who may read the file but not write it; as root, the test runs kith as nobody.
        let asNobody = getuid() == 0
        if asNobody {
            #expect(chmod(folder.url.path, 0o777) == 0)
            #expect(chown(kith.database, 65534, 65534) == 0)
        }
        #expect(chmod(kith.database, 0o444) == 0)
        func run(_ arguments: [String]) throws -> KithTool.Output {
            let command = [KithTool.executable.path] + arguments + ["--db", kith.database]
            return asNobody
                ? try runProcess(
                    onPath("setpriv"), ["--reuid=65534", "--regid=65534", "--clear-groups"] + command, input: "")
                : try KithTool.run(arguments + ["--db", kith.database])
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: kith.database))
        for arguments in [
            ["person", "list"], ["recommend", "--title", "Chess tactics", "--topic", "chess"], ["export", "json"],
            ["doctor"], ["week"],
        ] {
            let result = try run(arguments)
            #expect(result.status == 0 && !result.stdout.isEmpty, "\(arguments): \(result.stderr)")
        }
        #expect(try run(["doctor"]).stdout.contains("not checked: full-text indexes"))
        let refused = try run(["person", "add", "Bo"])
        #expect(
            refused.status == 1
                && refused.stderr == "kith: \(kith.database): the database file is read-only, and this command writes\n"
        )
        #expect(try Data(contentsOf: URL(fileURLWithPath: kith.database)) == before)
    }

    // MARK: 3 and 4. Refusals, in one voice

    @Test(arguments: [
        (
            ["interaction", "log", "Ann Lee", "--kind", "coffee", "--on", "2026-02-30"], 64,
            "'--on <on>': 2026-02-30 is not a day of the calendar (expected YYYY-MM-DD)"
        ),
        (["person", "add", "Bo", "--birthday", "2026-02-30"], 64, "'--birthday <birthday>'"),
        (
            ["person", "add", "Bo", "--met-on", "yesterday"], 64,
            "'--met-on <met-on>': 'yesterday' is not a date of the form YYYY-MM-DD"
        ),
        (
            ["interaction", "log", "Ann Lee", "--kind", "coffee", "--minutes", "-5"], 64,
            "'--minutes <minutes>': '-5' is not a whole number of 0 or more"
        ),
        (
            ["recommend", "--title", "x", "--limit", "-1"], 64,
            "'--limit <limit>': '-1' is not a whole number of 1 or more"
        ),
        (["recommend", "--title", "   "], 64, "'--title <title>': it is blank"),
        (["recommend", "--title", "x", "--topic", " "], 64, "'--topic <topic>': it is blank"),
        (["resource", "add", " "], 64, "it is blank"),
        (["person", "list", "--colour"], 64, "Unknown option '--colour'"),
        (["person", "show", "Nobody"], 1, "no person named 'Nobody'"),
        (
            ["import", "vcard", "CONTACTS.csv"], 1,
            "CONTACTS.csv: no vCard in it (expected cards from BEGIN:VCARD to END:VCARD)"
        ),
        (["import", "csv", "NOTES.txt"], 1, "NOTES.txt: line 1: no name, email or phone column in the header"),
    ])
    func badInputIsRefusedInOneVoice(arguments: [String], status: Int32, message: String) throws {
        #expect(try kith.run(["person", "add", "Ann Lee"]).status == 0)
        let csv = folder.path("contacts.csv")
        let text = folder.path("notes.txt")
        try Data("First Name,Last Name,E-mail Address\nTolu,Oyelaran,tolu@example.com\n".utf8).write(
            to: URL(fileURLWithPath: csv))
        try Data("just some notes\nabout nothing\n".utf8).write(to: URL(fileURLWithPath: text))
        let before = try Data(contentsOf: URL(fileURLWithPath: kith.database))
        let result = try kith.run(arguments.map { $0 == "CONTACTS.csv" ? csv : $0 == "NOTES.txt" ? text : $0 })
        let expected = message.replacingOccurrences(of: "CONTACTS.csv", with: csv).replacingOccurrences(
            of: "NOTES.txt", with: text)
        #expect(result.status == status && result.stdout.isEmpty, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.hasPrefix("kith: ") && result.stderr.contains(expected), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: kith.database)) == before)
    }

    @Test func aFileThatIsNoDatabaseOrIsLockedIsNamed() throws {
        let notes = folder.path("notes.txt")
        try Data("not a database at all, just text that is long enough to be read as a header\n".utf8).write(
            to: URL(fileURLWithPath: notes))
        for arguments in [["person", "list"], ["person", "add", "Ann"]] {
            let result = try KithTool.run(arguments + ["--db", notes])
            #expect(
                result.status == 1
                    && result.stderr == "kith: \(notes): this file is not a database (SQLite cannot read it)\n",
                "\(result.stderr)")
        }
        // Another program holds the write lock for longer than Kith waits (Database.busyTimeout).
        #expect(try kith.run(["person", "add", "Ann"]).status == 0)
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: onPath("sqlite3"))
        holder.arguments = [kith.database]
        let input = Pipe()
        holder.standardInput = input
        holder.standardOutput = Pipe()
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        input.fileHandleForWriting.write(
            Data("BEGIN IMMEDIATE; INSERT INTO topics(name) VALUES ('held');\nSELECT 'locked';\n".utf8))
        Thread.sleep(forTimeInterval: 0.5)
        let locked = try kith.run(["person", "add", "Bo"])
        #expect(
            locked.status == 1
                && locked.stderr
                    == "kith: \(kith.database): the database is locked by another program; try again when it is done\n",
            "\(locked.stderr)")
        // Readers are not blocked by a writer (WAL).
        #expect(try kith.run(["person", "list"]).status == 0)
    }

    // MARK: 5. One JSON contract

    @Test func everyJSONAnswerFollowsTheContract() throws {
        #expect(try kith.run(["tour", "--db", kith.database]).status == 0)
        #expect(
            try kith.run([
                "person", "add", "Yui", "--birthday", "1990-07-19", "--interest", "Female Vocalist:2",
                "--interest", "female vocalists:3",
            ]).status == 0)
        #expect(try kith.run(["person", "add", "P. Raman", "--cadence", "30"]).status == 0)
        let commands: [(String, [String])] = [
            ("person add", ["person", "add", "Zed", "--json"]),
            ("person list", ["person", "list", "--json"]),
            ("person show", ["person", "show", "Yui", "--json"]),
            ("person show", ["person", "show", "Priya Raman", "--json"]),
            ("resource add", ["resource", "add", "A new article", "--json"]),
            ("commitment add", ["commitment", "add", "A new board", "--kind", "board", "--json"]),
            (
                "recommend",
                ["recommend", "--title", "Couch to 10K", "--topic", "running", "--text", "literacy", "--json"]
            ),
            ("who-can-help", ["who-can-help", "running", "--json"]),
            ("ledger", ["ledger", "--json"]),
            ("reconnect", ["reconnect", "--json"]),
            ("introductions", ["introductions", "--json"]),
            ("timeline", ["timeline", "Priya Raman", "--json"]),
            ("week", ["week", "--json"]),
            ("week", ["week", "--as-of", "2027-07-15", "--json"]),
            ("person duplicates", ["person", "duplicates", "--json"]),
            ("search", ["search", "running", "--json"]),
            ("resource list", ["resource", "list", "--json"]),
            ("resource show", ["resource", "show", "1", "--json"]),
            ("commitment list", ["commitment", "list", "--json"]),
            ("commitment show", ["commitment", "show", "1", "--json"]),
            ("interaction list", ["interaction", "list", "--json"]),
            ("ask list", ["ask", "list", "--json"]),
            ("interest similar", ["interest", "similar", "--json"]),
            ("doctor", ["doctor", "--json"]),
        ]
        var documents: [String] = []
        for (_, arguments) in commands {
            let result = try kith.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            let object = try result.json()
            #expect(object["version"] as? Int == 1, "\(arguments)")
            documents.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        // The answers are not empty, so the schema has something to check.
        #expect(documents.allSatisfy { $0.count > 30 })
        let schema = CommandLineTests.packageRoot.appending(path: "Examples/kith/kith-json.schema.json").path
        let checker = CommandLineTests.packageRoot.appending(path: "Tests/Helpers/json_contract_check.py").path
        let check = try runProcess(
            onPath("python3"), [checker, schema] + commands.map(\.0), input: documents.joined(separator: "\n"))
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(
            !check.stderr.contains("ModuleNotFoundError"), "install python3-jsonschema (Debian) or jsonschema (PyPI)")
    }

    // MARK: 6. Output that fits

    @Test func tablesAlignByDisplayWidthCutLongFieldsAndSpeakPlainly() throws {
        let long = String(repeating: "Wolfeschlegelsteinhausenberger", count: 3_000)
        for (name, organization) in [
            ("李明", "清华"), ("Ann Lee", "River Runners"), (long, "Long Names Inc"), ("Zoë 👋", "Wave"),
        ] {
            #expect(try kith.run(["person", "add", name, "--org", organization]).status == 0)
        }
        let lines = try kith.run(["person", "list"]).stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // The organization column starts at the same terminal column on every row.
        let starts = try zip(lines, ["ORGANIZATION", "River Runners", "Long Names Inc", "Wave", "清华"]).map {
            line, organization in
            let prefix = try #require(line.range(of: organization)).lowerBound
            return displayColumns(String(line[..<prefix]))
        }
        #expect(Set(starts).count == 1, "\(lines)")
        // An empty last cell leaves no padding at the end of its line.
        #expect(try kith.run(["person", "add", "Cy Park"]).status == 0)
        let unpadded = try kith.run(["person", "list"]).stdout.split(separator: "\n")
        #expect(unpadded.count == 6 && unpadded.allSatisfy { !$0.hasSuffix(" ") }, "\(unpadded)")
        #expect(lines.allSatisfy { displayColumns($0) < 100 } && lines.contains { $0.contains("…") })
        // --json never cuts.
        let people = try kith.run(["person", "list", "--json"]).json()["people"] as? [[String: Any]]
        #expect(people?.contains { $0["name"] as? String == long } == true)

        // Plurals for people, and a note of several lines indented under its first.
        #expect(try kith.run(["note", "add", "Ann Lee", "First line\nsecond line", "--on", "2026-01-02"]).status == 0)
        #expect(
            try kith.run(["person", "show", "Ann Lee"]).stdout.contains(
                "  2026-01-02  First line\n              second line\n"))
        #expect(try kith.run(["interaction", "log", "Ann Lee", "--kind", "call", "--on", "2026-08-27"]).status == 0)
        let reconnect = try kith.run(["reconnect", "--as-of", "2026-11-26"]).stdout
        #expect(
            reconnect.contains(" 1 day ") || reconnect.hasSuffix(" 1 day\n") || reconnect.contains("  1 day"),
            "\(reconnect)")
        #expect(!reconnect.contains("1 days"))
    }

    /// Terminal columns as a reader counts them: CJK and emoji two, others one.
    private func displayColumns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { width, scalar in
            if scalar.properties.generalCategory == .nonspacingMark || scalar == "\u{FE0F}" { return width }
            let wide = scalar.properties.isEmojiPresentation || (0x4E00...0x9FFF).contains(scalar.value)
            return width + (wide ? 2 : 1)
        }
    }

    // MARK: 7. A modern command

    @Test func versionGroupedHelpDatabaseFirstAndCompletion() throws {
        let version = try KithTool.run(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("kith ") && version.stdout.contains("JSON contract 1"))
        let help = try KithTool.run(["--help"])
        #expect(help.status == 0)
        for section in [
            "PEOPLE SUBCOMMANDS", "INTERESTS AND RESOURCES SUBCOMMANDS", "WHAT HAPPENED SUBCOMMANDS",
            "QUESTIONS SUBCOMMANDS", "FILES SUBCOMMANDS", "Exit status", "64", "--interest=-core:3",
        ] {
            #expect(help.stdout.contains(section), "\(section)")
        }
        #expect(try KithTool.run(["--db", kith.database, "person", "add", "Ann"]).status == 0)
        let listed = try KithTool.run(["--db", kith.database, "person", "list", "--json"]).json()
        #expect((listed["people"] as? [[String: Any]])?.count == 1)
        let completion = try KithTool.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.stdout.contains("recommend") && completion.stdout.contains("--db"))
        let readme = try String(contentsOf: CommandLineTests.packageRoot.appending(path: "README.md"), encoding: .utf8)
        #expect(readme.contains("--generate-completion-script"))
    }

    /// A program the tests run that is missing says which package to install.
    @Test func aMissingProgramNamesItsPackage() throws {
        let error = try #require(throws: MissingProgram.self) {
            try runProcess(onPath("php-not-installed-here"), [], input: "")
        }
        #expect(
            error.description
                == "php-not-installed-here is not on the PATH: install it (apt-get install php-not-installed-here; README, \"Try it\")"
        )
        #expect(MissingProgram(program: "php").description.contains("apt-get install php-cli"))
    }

    // MARK: 8. The tour teaches

    @Test func theTourShowsTheCommandsThatGiveItsAnswers() throws {
        let tour = try kith.run(["tour", "--db", kith.database])
        #expect(tour.status == 0, "\(tour.stderr)")
        let commands = tour.stdout.split(separator: "\n").filter { $0.hasPrefix("  $ ") }.map {
            String($0.dropFirst(4))
        }
        #expect(commands.count == 5)
        #expect(
            commands.allSatisfy {
                $0.hasPrefix(KithTool.executable.path + " ") || $0.hasPrefix("'" + KithTool.executable.path)
            })
        #expect(tour.stdout.contains("Try the commands on it too: \(KithTool.executable.path) week"))
        // The recommend command, run as printed, names the people the tour listed, in its order.
        let recommend = try #require(commands.first { $0.contains(" recommend ") })
        let answer = try runProcess(onPath("sh"), ["-c", recommend], input: "")
        #expect(answer.status == 0, "\(answer.stderr)")
        let names = answer.stdout.split(separator: "\n").dropFirst().map { $0.components(separatedBy: "  ")[0] }
        #expect(names.count == 3)
        let section = try #require(tour.stdout.components(separatedBy: "== Who have I drifted from?").first)
        let listed = section.split(separator: "\n").filter { line in names.contains { line.hasPrefix("  " + $0 + " ") }
        }
        #expect(listed.map { String($0.dropFirst(2)).components(separatedBy: "  ")[0] } == names)
    }
}
