import Foundation
import Testing

@testable import Kith

/// Inputs that must be stored unchanged or refused with a clear error that changes nothing
/// and does not repeat the value (RELIABILITY.md lists them).
@Suite("Hostile and broken input")
struct HostileInputTests {
    let folder: TemporaryDirectory
    let database: Database
    let ann: Person.ID

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
        ann = try database.write {
            try $0.people.add(NewPerson(name: "Ann Lee", interests: [NewInterest(topic: "chess")])).id
        }
    }

    private func snapshot() throws -> Data { try database.read { try JSONBackup.export(from: $0) } }

    /// `change` must throw; the database is as it was and the message does not contain `secret`.
    private func expectRefused(_ what: String, secret: String? = nil, _ change: (Connection) throws -> Void) throws {
        let before = try snapshot()
        do {
            try database.write { try change($0) }
            Issue.record("\(what) was accepted")
        } catch {
            if let secret { #expect(!"\(error)".contains(secret), "\(what): \(error)") }
        }
        #expect(try snapshot() == before, "\(what) changed the database")
    }

    @Test func bigTextIsStoredUnchanged() throws {
        let note = String(repeating: "Gardens, bicycles and sourdough. ", count: 10 * 1024 * 1024 / 33)
        let name = String(repeating: "Ä", count: 100_000)
        let id = try database.write { connection -> Person.ID in
            try connection.people.addNote(note, about: ann)
            return try connection.people.add(NewPerson(name: name)).id
        }
        #expect(try database.read { try $0.people.notes(about: ann) }.first?.body == note.withoutSurroundingWhitespace)
        #expect(try database.read { try $0.people.get(id) }?.name == name)
        // And through the tool, as an argument.
        let kith = KithTool(database: folder.path())
        #expect(try kith.run(["person", "add", String(repeating: "Ö", count: 60_000)]).status == 0)
        #expect(try database.read { try $0.people.all() }.contains { $0.name.count == 60_000 })
    }

    @Test func nulCharactersAreRefusedInRequiredTextAndKeptElsewhere() throws {
        try expectRefused("a name starting with NUL") { try $0.people.add(NewPerson(name: "\0Bo")) }
        try expectRefused("a note with a NUL") { try $0.people.addNote("left\0right", about: ann) }
        try expectRefused("a topic with a NUL") { _ = try $0.interests.add(NewInterest(topic: "\0chess"), to: ann) }
        let id = try database.write { try $0.people.add(NewPerson(name: "Cy", organization: "Acme\0Labs")).id }
        #expect(try database.read { try $0.people.get(id) }?.organization == "Acme\0Labs")
        // Found by fuzzing: a vCard category starting with NUL reached the CHECK as a DatabaseError.
        let card = Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee\r\nCATEGORIES:\0y Contacts\r\nEND:VCARD\r\n".utf8)
        try expectRefused("a vCard category starting with NUL") {
            _ = try VCardImporter.import(card, file: "nul.vcf", into: $0)
        }
        #expect(
            throws: InterchangeError(
                file: "nul.vcf", location: "card 1", reason: "invalid topic: must not contain a NUL character")
        ) {
            try database.write { _ = try VCardImporter.import(card, file: "nul.vcf", into: $0) }
        }
    }

    @Test func invalidUTF8IsReadAsWindows1252OrRefused() throws {
        var card = Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jos".utf8)
        card += Data([0xE9, 0xFF])  // Latin-1 é and ÿ: not UTF-8
        card += Data("\r\nEND:VCARD\r\n".utf8)
        _ = try database.write { try VCardImporter.import(card, file: "latin.vcf", into: $0) }
        #expect(try database.read { try $0.people.named("Joséÿ") }.count == 1)
        var csv = Data("First Name,Last Name\nRen".utf8)
        csv += Data([0xE9, 0x0A])
        _ = try database.write { try ContactsCSVImporter.import(csv, into: $0) }
        #expect(try database.read { try $0.people.named("René") }.count == 1)
        try expectRefused("a JSON backup that is not UTF-8") {
            try JSONBackup.restore(Data([0x7B, 0xFF, 0xFE, 0x7D]), into: $0)
        }
    }

    @Test func hugeLinesAndWideRowsHaveLimits() throws {
        let long = String(repeating: "x", count: 1024 * 1024)
        let card = Data("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Long Line\r\nNOTE:\(long)\r\nEND:VCARD\r\n".utf8)
        _ = try database.write { try VCardImporter.import(card, into: $0) }
        let person = try #require(try database.read { try $0.people.named("Long Line") }.first)
        #expect(try database.read { try $0.people.notes(about: person.id) }.first?.body == long)

        func csv(columns: Int) -> Data {
            let header = ["First Name", "E-mail 1 - Value"] + (2..<columns).map { "Extra \($0)" }
            let row = ["Wide", "wide@example.org"] + (2..<columns).map { "v\($0)" }
            return Data((header.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n").utf8)
        }
        let report = try database.write { try ContactsCSVImporter.import(csv(columns: 10_000), into: $0) }
        #expect(report.added == 1)
        try expectRefused("a CSV record of 10,001 fields") {
            _ = try ContactsCSVImporter.import(csv(columns: 10_001), file: "wide.csv", into: $0)
        }
        #expect {
            try database.write { _ = try ContactsCSVImporter.import(csv(columns: 10_001), file: "wide.csv", into: $0) }
        } throws: { ($0 as? InterchangeError)?.file == "wide.csv" && ($0 as? InterchangeError)?.location == "line 1" }
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeParsing() throws {
        let huge = Data(count: InterchangeLimits.maximumFileSize + 1)
        try expectRefused("an oversized vCard file") { _ = try VCardImporter.import(huge, file: "huge.vcf", into: $0) }
        try expectRefused("an oversized CSV file") {
            _ = try ContactsCSVImporter.import(huge, file: "huge.csv", into: $0)
        }
        try expectRefused("an oversized backup") { try JSONBackup.restore(huge, into: $0, file: "huge.json") }
        #expect(throws: InterchangeError(file: "huge.vcf", reason: "larger than 256 MiB, the most Kith imports")) {
            try VCardParser.parse(huge, file: "huge.vcf")
        }
        // The tool refuses the file without reading it (a sparse file takes no disk).
        let path = folder.path("huge.vcf")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(InterchangeLimits.maximumFileSize + 1))
        try handle.close()
        let result = try KithTool(database: folder.path()).run(["import", "vcard", path])
        #expect(result.status == 1 && result.stderr.contains("larger than 256 MiB"), "\(result.stderr)")
    }

    @Test func deeplyNestedJSONIsRefused() throws {
        for depth in [1_000, 100_000] {
            let nested = Data((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
            try expectRefused("JSON nested \(depth) deep") { try JSONBackup.restore(nested, into: $0) }
            let inTables = Data(
                ("{\"format\": \"kith-backup\", \"version\": 1, \"tables\": {\"people\": [{\"id\": 9, \"name\": "
                    + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}]}}").utf8)
            try expectRefused("a JSON value nested \(depth) deep") { try JSONBackup.restore(inTables, into: $0) }
        }
    }

    @Test func impossibleValuesAreRefusedWithoutRepeatingThem() throws {
        #expect(throws: StoreError.self) { try Day("2026-02-30") }
        try expectRefused("negative minutes") { try $0.interactions.log(.call, with: ann, minutes: -5) }
        for weight in [0, 6] {
            try expectRefused("weight \(weight)") {
                _ = try $0.interests.add(NewInterest(topic: "go", weight: weight), to: ann)
            }
        }
        let backup = Data(
            #"{"format": "kith-backup", "version": 1, "tables": {"people": [{"id": 1, "name": "Zed Secretname", "birthday": "2026-02-30"}]}}"#
                .utf8)
        let empty = try folder.kith("empty.sqlite")
        #expect {
            try empty.write { try JSONBackup.restore(backup, into: $0) }
        } throws: { error in
            (error as? InterchangeError)?.location == "people[0]" && !"\(error)".contains("Secretname")
                && !"\(error)".contains("2026-02-30")
        }
        // A birthday that does not exist is kept verbatim as a property Kith does not model.
        let card = Data("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Feb Thirty\r\nBDAY:2026-02-30\r\nEND:VCARD\r\n".utf8)
        _ = try database.write { try VCardImporter.import(card, into: $0) }
        let feb = try #require(try database.read { try $0.people.named("Feb Thirty") }.first)
        #expect(feb.birthday == nil)
        #expect(try database.read { try VCardExporter.export([feb.id], from: $0) }.contains("BDAY:2026-02-30"))
        // The tool says what was wrong, not the value.
        let kith = KithTool(database: folder.path())
        for (arguments, reason) in [
            (["interaction", "log", "Ann Lee", "--kind", "call", "--on", "2026-02-30"], "invalid for '--on"),
            (["interaction", "log", "Ann Lee", "--kind", "call", "--minutes=-5"], "invalid for '--minutes"),
            (["interest", "add", "Ann Lee", "chess", "--weight", "6"], "invalid weight"),
        ] {
            let result = try kith.run(arguments)
            #expect(
                result.status != 0 && result.stderr.hasPrefix("kith: ") && result.stderr.contains(reason)
                    && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
        }
    }

    @Test func unicodeURLsAndSQLLookingTextAreStoredAsText() throws {
        let url = "https://bücher.example/straße?q=ü&r=1"
        let resource = try database.write { try $0.resources.add(title: "Bücher", url: url, topics: ["chess"]) }
        #expect(resource.url == url)
        #expect(try database.read { try $0.resources.withURL(url) }?.id == resource.id)
        try expectRefused("the same unicode URL again") { _ = try $0.resources.add(title: "Again", url: url) }
        let bobby = "Robert'); DROP TABLE people;--"
        let id = try database.write {
            try $0.people.add(NewPerson(name: bobby, notes: ["'; DELETE FROM notes; --"])).id
        }
        #expect(try database.read { try $0.people.get(id) }?.name == bobby)
        #expect(try database.read { try $0.people.notes(about: id) }.first?.body == "'; DELETE FROM notes; --")
        #expect(try database.read { try $0.people.all() }.count == 2)
    }
}
