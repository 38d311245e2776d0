import Foundation
import Testing

@testable import Kith

@Suite("vCard")
struct VCardTests {
    /// The fixtures the repository holds (`Tests/KithTests/Fixtures`, whose SOURCES.md says
    /// where each comes from): every run reads them.
    static let bundled = CommandLineTests.packageRoot.appending(path: "Tests/KithTests/Fixtures")

    /// The full set of real contact exports (`../shared/fixtures` beside this package's
    /// folder, or `KITH_FIXTURES`), when it is there: an extra suite.
    static let shared: URL? = {
        let beside = CommandLineTests.packageRoot.deletingLastPathComponent().appending(path: "shared/fixtures")
        let candidates = [
            ProcessInfo.processInfo.environment["KITH_FIXTURES"].map { URL(fileURLWithPath: $0) }, beside,
        ]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// A fixture by name: the repository's, else the full set's.
    static func fixture(_ name: String) -> URL {
        let here = bundled.appending(path: name)
        return FileManager.default.fileExists(atPath: here.path) || shared == nil ? here : shared!.appending(path: name)
    }

    /// The fixtures whose names end in `suffix`: the repository's, then those only the full set has.
    static func files(_ suffix: String) -> [URL] {
        func listed(_ folder: URL) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(suffix) }
                .sorted()
        }
        let here = listed(bundled)
        return here.map { bundled.appending(path: $0) }
            + (shared.map { folder in listed(folder).filter { !here.contains($0) }.map { folder.appending(path: $0) } }
                ?? [])
    }

    /// Every vCard fixture, as paths (test arguments).
    static var files: [String] { files(".vcf").map(\.path) }

    @Test func theRepositoryHoldsItsFixtures() {
        let here = (try? FileManager.default.contentsOfDirectory(atPath: Self.bundled.path)) ?? []
        #expect(here.filter { $0.hasSuffix(".vcf") }.count >= 20 && here.contains("SOURCES.md"))
    }

    @Test(
        .enabled(
            if: shared != nil, "no ../shared/fixtures (or KITH_FIXTURES): only the repository's fixtures were read"))
    func theFullSetIsThere() {
        #expect(Self.files.count >= 30, "expected the real exports of ../shared/fixtures as well")
    }

    @Test(arguments: files)
    func everyRealExportImportsWithoutLosingANameAnEmailOrAPhone(path: String) throws {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let cards = try VCardParser.parse(data, file: file)
        #expect(!cards.isEmpty)
        let summary = try database.write { try VCardImporter.import(data, file: file, into: $0) }
        #expect(summary.added == cards.count)
        let people = try database.read { try $0.people.all() }
        #expect(people.count == cards.count)
        #expect(people.allSatisfy { !$0.name.isEmpty })
        for card in cards {
            if let fn = card.first("FN")?.text.trimmingCharacters(in: .whitespacesAndNewlines), !fn.isEmpty {
                #expect(people.contains { $0.name == fn }, "\(file): card \(card.number) lost its name")
            }
        }
        let emails = cards.flatMap { $0.all("EMAIL") }.map(\.text).filter { !$0.isEmpty }
        #expect(
            people.flatMap(\.emails).map(\.address).sorted()
                == emails.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.sorted())
        // A number written twice on one card (as CELL and as WORK) is one phone in Kith.
        let phones = cards.map { Set($0.all("TEL").map(\.text).filter { !$0.isEmpty }).count }.reduce(0, +)
        #expect(people.flatMap(\.phones).count == phones)

        // A second import of the same file, and an import of our export, change nothing.
        let before = try database.read { try JSONBackup.export(from: $0) }
        let again = try database.write { try VCardImporter.import(data, file: file, into: $0) }
        #expect(again.updated == cards.count && again.added == 0)
        for version in [4, 3] {
            let exported = try database.read { try VCardExporter.export(from: $0, version: version) }
            try database.write { _ = try VCardImporter.import(Data(exported.utf8), file: "export.vcf", into: $0) }
            #expect(try database.read { try JSONBackup.export(from: $0) } == before, "\(file), vCard \(version).0")
            #expect(exported.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        }
    }

    @Test func quirksAreReadAsClientsMeantThem() throws {
        let card = """
            BEGIN:VCARD\r
            VERSION:2.1\r
            N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91and=C3=BA;Jos=C3=A9;;;\r
            FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=91and=\r
            =C3=BA\r
            item1.EMAIL;TYPE=INTERNET:jose@example.org\r
            item1.X-ABLabel:_$!<Work>!$_\r
            TEL;CELL;PREF:+1 555 0100\r
            TEL;TYPE="CELL,VOICE":+1 555 0199\r
            NOTE:Likes hiking\\, jazz\\nand chess\r
            BDAY:--0714\r
            CATEGORIES:hiking,jazz,"urban gardening","a,b"\r
            X-CUSTOM;X-PARAM="a:b":kept as is\r
            PHOTO;ENCODING=BASE64;JPEG:AAAA\r
             BBBB\r
            END:VCARD\r

            """
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { _ = try VCardImporter.import(Data(card.utf8), into: $0) }
        let person = try #require(try database.read { try $0.people.all() }.first)
        #expect(person.name == "José Ñandú")
        #expect(person.emails == [EmailAddress("jose@example.org", label: "Work")])
        #expect(
            person.phones == [
                PhoneNumber("+1 555 0100", label: "CELL,pref"), PhoneNumber("+1 555 0199", label: "CELL,VOICE"),
            ])
        #expect(person.birthday?.description == "--07-14")
        #expect(
            try database.read { try $0.people.notes(about: person.id) }.map(\.body) == ["Likes hiking, jazz\nand chess"]
        )
        // A quoted list value is one value, unquoted.
        #expect(
            try database.read { try $0.interests.interests(of: person.id) }.map(\.topicName).sorted() == [
                "a,b", "hiking", "jazz", "urban gardening",
            ])
        // Exported in each version's own syntax: no 2.1 encodings, a preference and binary data as each says them.
        let exported = try database.read { try VCardExporter.export(from: $0) }
        #expect(exported.contains("X-CUSTOM;X-PARAM=\"a:b\":kept as is\r\n"))
        #expect(exported.contains("PHOTO:data:image/jpeg;base64,AAAABBBB\r\n"))
        #expect(exported.contains("N:Ñandú;José;;;\r\n") && exported.contains("TEL;TYPE=CELL;PREF=1:+1 555 0100\r\n"))
        #expect(!exported.contains("CHARSET") && !exported.contains("QUOTED-PRINTABLE"))
        #expect(exported.contains("TEL;TYPE=CELL,VOICE:+1 555 0199\r\n"))  // two types, not one quoted value
        let three = try database.read { try VCardExporter.export(from: $0, version: 3) }
        #expect(
            three.contains("PHOTO;ENCODING=b;TYPE=JPEG:AAAABBBB\r\n")
                && three.contains("TEL;TYPE=CELL,pref:+1 555 0100\r\n"))
    }

    @Test func relatedCardsBecomeWhoKnowsWhom() throws {
        let text = """
            BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\nUID:urn:uuid:aaaa\nRELATED;TYPE=friend:urn:uuid:bbbb\nEND:VCARD
            BEGIN:VCARD\nVERSION:4.0\nFN:Bo Chen\nUID:urn:uuid:bbbb\nEND:VCARD
            BEGIN:VCARD\nVERSION:3.0\nFN:Cy Park\nitem1.X-ABRELATEDNAMES:Bo Chen\nRELATED;VALUE=text:Nobody Known\nEND:VCARD
            """
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { _ = try VCardImporter.import(Data(text.utf8), into: $0) }
        let (ann, bo, cy) = try database.read { c in
            (
                try c.people.named("Ann Lee")[0].id, try c.people.named("Bo Chen")[0].id,
                try c.people.named("Cy Park")[0].id
            )
        }
        #expect(try database.read { try $0.people.acquaintances(of: bo) }.sorted() == [ann, cy].sorted())
        #expect(try database.read { try $0.questions.introductions() }.isEmpty)
    }

    @Test func aFoldThatSplitsAUTF8CharacterIsJoinedBeforeDecoding() throws {
        let name = "βγδεαβγδ"
        var bytes = Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:".utf8) + Array(name.utf8)
        bytes.insert(contentsOf: Array("\r\n ".utf8), at: bytes.count - 1)  // inside the last 2-byte letter
        bytes += Array("\r\nEND:VCARD\r\n".utf8)
        let cards = try VCardParser.parse(Data(bytes))
        #expect(cards.first?.first("FN")?.text == name)
        let fixture = try VCardParser.parse(try Data(contentsOf: Self.fixture("kith-fold-splits-utf8.vcf")))
        #expect(fixture.first?.first("NOTE")?.text == "Καλημέρα από την Αθήνα")
        #expect(fixture.allSatisfy { !$0.properties.contains { $0.value.contains("\u{FFFD}") } })
    }

    /// New people are held back and written many to a statement (``WriteBatch``): a card
    /// that names someone added earlier in the same file, by UID or by Kith's own id, must
    /// find them and update them, not add them again.
    @Test func aCardRepeatedInTheSameFileUpdatesThePersonItAdded() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let file = """
            BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee\nUID:urn:uuid:aaaa\nEMAIL:ann@example.org\nCATEGORIES:gardens\nEND:VCARD
            BEGIN:VCARD\nVERSION:4.0\nFN:Bo Chen\nEND:VCARD
            BEGIN:VCARD\nVERSION:4.0\nFN:Bo Chen\nUID:\(VCardExporter.uidPrefix)2\nTITLE:Editor\nEND:VCARD
            BEGIN:VCARD\nVERSION:4.0\nFN:Ann Lee-Park\nUID:urn:uuid:aaaa\nEMAIL:ann@example.org\nEMAIL:ann@work.example
            CATEGORIES:gardens,chess\nNOTE:Moved to Leeds\nEND:VCARD

            """
        let summary = try database.write { try VCardImporter.import(Data(file.utf8), into: $0) }
        #expect(summary == ImportSummary(added: 2, matchedBy: [.uid: 2]))
        let people = try database.read { try $0.people.all() }
        #expect(people.map(\.name) == ["Ann Lee-Park", "Bo Chen"])
        #expect(people.first?.emails.map(\.address) == ["ann@example.org", "ann@work.example"])
        #expect(people.last?.title == "Editor")
        let ann = try #require(people.first)
        #expect(
            try database.read { try $0.interests.interests(of: ann.id) }.map(\.topicName).sorted() == [
                "chess", "gardens",
            ])
        #expect(try database.read { try $0.people.notes(about: ann.id) }.map(\.body) == ["Moved to Leeds"])
        let cards: Int? = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM vcard_cards") }
        #expect(cards == 2)
    }

    @Test(
        arguments: [
            ("1980-03-22", "1980-03-22"), ("19800322", "1980-03-22"), ("--0322", "--03-22"), ("--03-22", "--03-22"),
            ("1955-07-19T00:00:00Z", "1955-07-19"), ("19550719T000000", "1955-07-19"), (" 1980-03-22 ", "1980-03-22"),
            ("1980年03月22", "1980-03-22"), ("2023-02-29", nil), ("--13-01", nil), ("0000-01-01", nil),
            ("1980-3-22", nil),
            ("--032", nil), ("March 22", nil), ("", nil),
        ] as [(String, String?)])
    func birthdaysAreReadInEveryFormClientsWrite(text: String, expected: String?) {
        #expect(ImportedCard.birthdayValue(text)?.description == expected)
    }

    @Test func applesLabelsLoseTheirMarkers() {
        #expect(ImportedCard.appleLabel("_$!<Work>!$_") == "Work")
        #expect(ImportedCard.appleLabel("_$!<HomeFax>!$_") == "HomeFax")
        #expect(ImportedCard.appleLabel("Gym") == "Gym")
        #expect(ImportedCard.appleLabel("_$!<Mobile>!$_ 2") == "Mobile 2")
        #expect(ImportedCard.appleLabel("US$ account") == "US$ account")
        #expect(ImportedCard.appleLabel("_$!<>!$_") == "")
    }

    /// Enough cards to fill many multi-row statements (``PendingRows``), to leave a remainder
    /// written row by row, and to pass ``WriteBatch/peopleHeldAtMost``: every row must still
    /// belong to its own person, and a card repeated after the batch was written in between
    /// must still update the person it added.
    @Test func aLargeFileKeepsEveryRowWithItsPerson() throws {
        let count = WriteBatch.peopleHeldAtMost + 345
        var file = ""
        for i in 0..<count {
            file +=
                "BEGIN:VCARD\nVERSION:3.0\nFN:Person \(i)\nUID:card-\(i)\nEMAIL;TYPE=work:p\(i)@example.org\n"
                + "TEL;TYPE=cell:+1 555 \(100_000 + i)\nCATEGORIES:topic \(i % 7),topic \(i % 11 + 7)\nNOTE:note \(i)\nEND:VCARD\n"
        }
        file +=
            "BEGIN:VCARD\nVERSION:3.0\nFN:Person 3 again\nUID:card-3\nEMAIL;TYPE=work:p3@example.org\nTEL;TYPE=cell:+1 555 100003\nEND:VCARD\n"
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let summary = try database.write { try VCardImporter.import(Data(file.utf8), into: $0) }
        #expect(summary == ImportSummary(added: count, matchedBy: [.uid: 1]))
        let rows: [[String]] = try database.read { connection in
            try connection.fetchAll(
                sql: """
                    SELECT p.name, e.address, e.label, ph.number, n.body, c.uid,
                           (SELECT group_concat(t.name, '|') FROM (SELECT t.name FROM interests i JOIN topics t ON t.id = i.topic_id
                            WHERE i.person_id = p.id ORDER BY t.name) t)
                    FROM people p JOIN emails e ON e.person_id = p.id JOIN phones ph ON ph.person_id = p.id
                    JOIN notes n ON n.person_id = p.id JOIN vcard_cards c ON c.person_id = p.id
                    ORDER BY p.id
                    """
            ) { row in try (0..<7).map { try row[$0] as String } }
        }
        #expect(rows.count == count)
        // Notes are stamped with the time their batch read once, as their people are.
        let stamps: [String] = try database.read {
            try $0.fetchAll(sql: "SELECT DISTINCT created_at FROM notes UNION SELECT created_at FROM people") {
                try $0[0]
            }
        }
        #expect(stamps.count == 1 && stamps.allSatisfy { Date.parseUTC($0) != nil }, "\(stamps)")
        for (i, row) in rows.enumerated() {
            let name = i == 3 ? "Person 3 again" : "Person \(i)"
            let topics = ["topic \(i % 7)", "topic \(i % 11 + 7)"].sorted().joined(separator: "|")
            let expected = [
                name, "p\(i)@example.org", "work", "+1 555 \(100_000 + i)", "note \(i)", "card-\(i)", topics,
            ]
            if row != expected {
                Issue.record("row \(i): \(row), expected \(expected)")
                break
            }
        }
    }

    /// A card without a UID is known again by a hash of its lines (FNV-1a, joined by line
    /// feeds): it must not change between versions, or a file imported before would be added
    /// again. The expected value is computed outside Kith (in Python, over the joined text).
    @Test func aCardWithoutUIDKeepsTheIdEarlierVersionsGaveIt() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nEMAIL:ann@example.org\r\nEND:VCARD\r\n"
        try database.write { _ = try VCardImporter.import(Data(card.utf8), into: $0) }
        let uid: String? = try database.read { try $0.fetchValue(sql: "SELECT uid FROM vcard_cards") }
        #expect(uid == "kith:card:ba91958a9caff87e")
    }

    @Test func progressIsReportedAndABOMIsSkipped() throws {
        let cards = (1...3).map { "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person \($0)\r\nEND:VCARD\r\n" }.joined()
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let seen = try database.write { connection in
            var seen: [[Int]] = []
            _ = try VCardImporter.import(Data([0xEF, 0xBB, 0xBF] + Array(cards.utf8)), into: connection) {
                seen.append([$0, $1])
            }
            return seen
        }
        #expect(seen == [[1, 3], [2, 3], [3, 3]])
        #expect(try database.read { try $0.people.all() }.map(\.name) == ["Person 1", "Person 2", "Person 3"])
    }

    @Test func aBrokenFileNamesTheCardAndChangesNothing() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let text = "BEGIN:VCARD\nFN:Ann\nEND:VCARD\nBEGIN:VCARD\nFN:Bo\nEMAIL:bo@example.org\n"
        #expect {
            try database.write { _ = try VCardImporter.import(Data(text.utf8), file: "x.vcf", into: $0) }
        } throws: { error in
            (error as? InterchangeError)
                == InterchangeError(
                    file: "x.vcf", location: "card 2", reason: "no END:VCARD before the end of the file")
        }
        #expect(try database.read { try $0.people.all() }.isEmpty)
    }
}

extension VCardTests {
    /// Someone known only by a whole name gets a structured N from it (the last word as the
    /// family name); a CSV file's own parts are kept when that split would get them wrong;
    /// reading the export back changes nothing.
    @Test func aWholeNameIsSplitForNAndTheRoundTripKeepsNothing() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let csv =
            "First Name,Middle Name,Last Name,E-mail Address\nNadia,,Haddad,nadia@example.org\nCher,,,cher@example.org\n"
            + "Jean,,de la Fontaine,jean@example.org\nMary,Ann,Smith,mary@example.org\n"
        try database.write { _ = try ContactsCSVImporter.import(Data(csv.utf8), into: $0) }
        // Only a name the split would get wrong keeps the file's parts (a card row with Kith's own UID).
        #expect(
            try database.read { try $0.fetchAll(sql: "SELECT properties FROM vcard_cards") { try $0[0] as String } }
                .sorted() == ["N:Smith;Mary;Ann;;", "N:de la Fontaine;Jean;;;"])
        let before = try database.read { try JSONBackup.export(from: $0) }
        for version in [3, 4] {
            let exported = try database.read { try VCardExporter.export(from: $0, version: version) }
            #expect(exported.contains("N:Haddad;Nadia;;;\r\n") && exported.contains("N:Cher;;;;\r\n"))
            #expect(exported.contains("N:de la Fontaine;Jean;;;\r\n") && exported.contains("N:Smith;Mary;Ann;;\r\n"))
            try database.write { _ = try VCardImporter.import(Data(exported.utf8), file: "export.vcf", into: $0) }
            #expect(try database.read { try JSONBackup.export(from: $0) } == before, "vCard \(version).0")
        }
    }

    /// A database in `folder` holding every card of every vCard fixture.
    static func everyFixture(in folder: TemporaryDirectory) throws -> Database {
        let database = try folder.kith()
        try database.write { connection in
            for file in files {
                _ = try VCardImporter.import(
                    try Data(contentsOf: URL(fileURLWithPath: file)), file: file, into: connection)
            }
        }
        return database
    }

    /// Our export of every card of every fixture, read by an outside parser (Python's
    /// vobject, which CI installs): every card, with the same names, emails, phones and notes,
    /// in both versions.
    @Test(arguments: [4, 3])
    func anOutsideParserReadsOurExport(version: Int) throws {
        let folder = try TemporaryDirectory()
        let database = try Self.everyFixture(in: folder)
        try database.write { connection in
            try connection.people.add(
                NewPerson(
                    name: "Zoë O'Brien, Jr.; the \"second\"",
                    emails: [EmailAddress("zoe@example.org", label: "home,work")],
                    phones: [PhoneNumber("+44 20 7946 0000")],
                    notes: [
                        "Line one\nline two; with, punctuation \\ and a long tail "
                            + String(repeating: "ünïcödé ", count: 20)
                    ]))
        }
        let exported = try database.read { try VCardExporter.export(from: $0, version: version) }
        let helper = CommandLineTests.packageRoot.appending(path: "Tests/Helpers/vobject_check.py").path
        let result = try runProcess(onPath("python3"), [helper], input: exported)
        try #require(
            result.status == 0, "vobject (apt-get install python3-vobject, or pip install vobject): \(result.stderr)")
        let json = Data(result.stdout.utf8)
        let cards = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        let people = try database.read { connection in
            try connection.people.all().map {
                (
                    $0, try connection.people.notes(about: $0.id).map(\.body),
                    try connection.interests.interests(of: $0.id).map(\.topicName)
                )
            }
        }
        #expect(cards.count == people.count)
        print("vobject read \(cards.count) of \(people.count) exported cards (vCard \(version).0)")
        for ((person, notes, topics), card) in zip(people, cards) {
            #expect(card["org"] as? [String] == [person.organization].compactMap { $0 }, "\(person.name)")
            #expect(card["categories"] as? [String] == topics, "\(person.name)")
            let birthdays = (card["bday"] as? [String] ?? []).filter { (try? Birthday($0)) != nil }
            #expect(birthdays == [person.birthday?.description].compactMap { $0 }, "\(person.name)")
            #expect(card["version"] as? String == (version == 3 ? "3.0" : "4.0"))
            #expect(card["fn"] as? String == person.name)
            #expect(card["emails"] as? [String] == person.emails.map(\.address).sorted())
            #expect(card["phones"] as? [String] == person.phones.map(\.number).sorted())
            #expect(card["notes"] as? [String] == notes)
        }
    }
}

extension VCardTests {
    /// Our export of every card of every fixture, read and validated by a second, independent
    /// parser (PHP's Sabre VObject, Debian's php-sabre-vobject, which CI installs): every card,
    /// no validation warning, and the same names, emails, phones, notes, organizations,
    /// categories and birthdays as Kith holds.
    @Test(arguments: [3, 4])
    func aSecondParserReadsAndValidatesOurExport(version: Int) throws {
        let folder = try TemporaryDirectory()
        let database = try Self.everyFixture(in: folder)
        let exported = try database.read { try VCardExporter.export(from: $0, version: version) }
        let helper = CommandLineTests.packageRoot.appending(path: "Tests/Helpers/sabre_check.php").path
        let result = try runProcess(onPath("php"), [helper], input: exported)
        try #require(result.status == 0, "Sabre VObject (apt-get install php-cli php-sabre-vobject): \(result.stderr)")
        let cards = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let people = try database.read { connection in
            try connection.people.all().map { person in
                (
                    person, try connection.people.notes(about: person.id).map(\.body),
                    try connection.interests.interests(of: person.id).map(\.topicName)
                )
            }
        }
        print("Sabre VObject read \(cards.count) of \(people.count) exported cards (vCard \(version).0)")
        #expect(cards.count == people.count)
        // Sabre 2 turns `\n` into a line break but leaves `\,` and `\;` escaped, and splits no lists.
        func text(_ value: Any?) -> String { VCard.unescape((value as? String) ?? "") }
        func texts(_ value: Any?) -> [String] { ((value as? [String]) ?? []).map(VCard.unescape) }
        for ((person, notes, topics), card) in zip(people, cards) {
            #expect((card["problems"] as? [String]) == [], "\(person.name): \(card["problems"] ?? "")")
            #expect(text(card["fn"]) == person.name)
            #expect(texts(card["emails"]).sorted() == person.emails.map(\.address).sorted())
            #expect(texts(card["phones"]).sorted() == person.phones.map(\.number).sorted())
            #expect(texts(card["notes"]) == notes, "\(person.name)")
            let organization = ((card["org"] as? [String])?.first).map {
                VCard.split($0, on: UInt8(ascii: ";")).map(VCard.unescape)
            }?.first
            #expect(organization == person.organization, "\(person.name)")
            let categories = ((card["categories"] as? [String]) ?? []).flatMap {
                VCard.split($0, on: UInt8(ascii: ",")).map(VCard.unescape)
            }
            #expect(categories == topics, "\(person.name)")
            // A birthday Kith could not read ("circa 1800") is kept as the card wrote it.
            #expect(
                texts(card["bday"]).filter { (try? Birthday($0)) != nil }
                    == [person.birthday?.description].compactMap { $0 }, "\(person.name)")
        }
    }
}

/// A file is read in pieces at once, one per core: cut only where a card starts a logical line.
extension VCardTests {
    /// The same cards, in the same order and numbered the same, however many pieces the file
    /// is cut into: every real export in one file (their line ends, folds, quoted-printable
    /// values and charsets side by side), and cuts tried at every place a quirk could make wrong.
    @Test func aFileReadInPiecesGivesTheSameCards() throws {
        // Each export as UTF-8 (some are UTF-16), ending in a line break (some end without one).
        let fixtures = try Self.files.map {
            Data(VCardParser.utf8Bytes(try Data(contentsOf: URL(fileURLWithPath: $0))) + [10])
        }
        let quirks = [
            // A quoted-printable soft break before a BEGIN:VCARD joins it to the note, and so
            // does one with a blank line between: neither BEGIN may start a piece.
            "BEGIN:VCARD\r\nFN:Ann\r\nNOTE;ENCODING=QUOTED-PRINTABLE:one=\r\nBEGIN:VCARD\r\nEND:VCARD\r\n",
            "BEGIN:VCARD\nFN:Bo\nNOTE;ENCODING=QUOTED-PRINTABLE:two=\n\nBEGIN:VCARD\nFN:Cy\nEND:VCARD\n",
            // A card never closed is dropped by the next BEGIN; lower case, CR line ends, a fold.
            "BEGIN:VCARD\rFN:Dee\rbegin:vcard\rFN:Eve\r  Long\rEND:VCARD\r",
            // A fold of a lone space adds nothing, so the soft break still joins the BEGIN after it.
            "BEGIN:VCARD\nFN:Hal\nNOTE;ENCODING=QUOTED-PRINTABLE:three=\n \nBEGIN:VCARD\nFN:Ivy\nEND:VCARD\n",
            // An END joined to a note leaves the card open, and a BEGIN folded into "BEGIN:VCARDX"
            // starts nothing: Jo is a line of Kim's card.
            "BEGIN:VCARD\nFN:Kim\nNOTE;ENCODING=QUOTED-PRINTABLE:four=\nEND:VCARD\nBEGIN:VCARD\n X\nFN:Jo\nEND:VCARD\n",
            "begin:vcard\r\nFN:Fay\r\nEND:VCARD\r\n\r\n\r\nBEGIN:VCARD\r\nFN:Gus\r\n END\r\nEND:VCARD",
        ].map { Data($0.utf8) }
        let all = fixtures.reduce(Data(), +)
        let quirky = quirks.reduce(Data(), +)
        #expect(try VCardParser.parse(all).count >= fixtures.count)
        #expect(
            try VCardParser.parse(quirky).map { $0.first("FN")?.value } == [
                "Ann", "Bo", "Eve Long", "Hal", "Kim", "Fay", "GusEND",
            ])
        func read(_ data: Data, parts: Int) throws -> Result<[VCard], InterchangeError> {
            do { return .success(try VCardParser.parse(data, file: "all.vcf", parts: parts)) } catch let error
                as InterchangeError
            { return .failure(error) }
        }
        for data in [all, quirky] + quirks + [Data(), Data("\n".utf8), Data("BEGIN:VCARD".utf8)] {
            let whole = try read(data, parts: 1)
            for parts in [2, 3, 5, 8, 64, data.count] {
                #expect(try read(data, parts: parts) == whole, "in \(parts) parts")
            }
        }
        // Where the cuts fall: at the first BEGIN of each quirk (after an END:VCARD line), never
        // at the second (after a soft break, a blank line, a field, a lone space, or before a fold).
        let cuts = VCardParser.pieces(of: Array(quirky), count: quirky.count).map(\.lowerBound)
        let begins = quirky.indices.filter {
            quirky[$0...].starts(with: Data("BEGIN:VCARD".utf8)) || quirky[$0...].starts(with: Data("begin:vcard".utf8))
        }
        #expect(begins.count == 12)
        #expect(cuts == begins.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
    }

    /// An error in a later piece names the line and the card as in the whole file.
    @Test func anErrorInALaterPieceNamesTheLineOfTheWholeFile() throws {
        let cards = String(repeating: "BEGIN:VCARD\r\nFN:Ann\r\n\r\nEND:VCARD\r\n", count: 40)
        let long = Data(
            (cards + "BEGIN:VCARD\r\nNOTE:" + String(repeating: "a", count: VCardParser.maximumLineLength)
                + "\r\nEND:VCARD\r\n").utf8)
        let open = Data((cards + "BEGIN:VCARD\r\nFN:Bo\r\n").utf8)
        // As many parts as bytes: a cut before every card, so that the error is in the last piece.
        #expect(VCardParser.pieces(of: Array(long), count: long.count).count == 41)
        for parts in [1, long.count] {
            #expect(
                throws: InterchangeError(
                    file: "x.vcf", location: "line 162",
                    reason: "a line longer than \(VCardParser.maximumLineLength) bytes")
            ) {
                try VCardParser.parse(long, file: "x.vcf", parts: parts)
            }
        }
        for parts in [1, 2, open.count] {
            #expect(
                throws: InterchangeError(
                    file: "x.vcf", location: "card 41", reason: "no END:VCARD before the end of the file")
            ) {
                try VCardParser.parse(open, file: "x.vcf", parts: parts)
            }
        }
    }
}
