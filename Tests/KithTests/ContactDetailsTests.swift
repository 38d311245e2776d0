import Foundation
import Testing

@testable import Kith

/// Websites, nicknames and postal addresses: first-class, from every importer, shown,
/// exported and backed up; and what an import does not keep, it names (issue 18).
@Suite("Websites, nicknames and addresses")
struct ContactDetailsTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    @Test func aVCardsWebsitesNicknamesAndAddressesAreKeptAsTheirOwnAndGoBackOut() throws {
        let card = """
            BEGIN:VCARD\r
            VERSION:3.0\r
            UID:zoe\r
            FN:Zoë Martin\r
            NICKNAME:Zo,"Z, the runner"\r
            URL;TYPE=work:https://readers.example/zoe\r
            item1.URL:https://www.linkedin.com/in/zoe-martin\r
            item1.X-ABLabel:LinkedIn\r
            ADR;TYPE=home:;Flat 2;12 Quay Street;Dublin;;D02 XY45;Ireland\r
            END:VCARD\r

            """
        let summary = try database.write { try VCardImporter.import(Data(card.utf8), into: $0) }
        #expect(summary.added == 1 && summary.keptProperties == 1)  // the Apple label's line, kept with its group
        let zoe = try #require(try database.read { try $0.people.all() }.first)
        #expect(zoe.nicknames == ["Zo", "Z, the runner"])
        #expect(
            zoe.websites == [
                Website("https://readers.example/zoe", label: "work"),
                Website("https://www.linkedin.com/in/zoe-martin", label: "LinkedIn"),
            ])
        #expect(
            zoe.addresses == [
                PostalAddress(
                    label: "home", extended: "Flat 2", street: "12 Quay Street", locality: "Dublin",
                    postalCode: "D02 XY45", country: "Ireland")
            ])
        #expect(zoe.addresses[0].description == "Flat 2, 12 Quay Street, D02 XY45 Dublin, Ireland")
        for version in [4, 3] {
            let exported = try database.read { try VCardExporter.export(from: $0, version: version) }
            #expect(
                exported.contains("NICKNAME:Zo,Z\\, the runner\r\n")
                    && exported.contains("URL;TYPE=work:https://readers.example/zoe\r\n"))
            #expect(exported.contains("ADR;TYPE=home:;Flat 2;12 Quay Street;Dublin;;D02 XY45;Ireland\r\n"))
        }
        // Restored from a JSON backup into a new database, they are all there.
        let backup = try database.read { try JSONBackup.export(from: $0) }
        let restored = try folder.kith("restored.sqlite")
        try restored.write { try JSONBackup.restore(backup, into: $0) }
        #expect(try restored.read { try $0.people.all() } == [zoe])
    }

    @Test func everyCSVDialectGivesWebsitesNicknamesAndAddressesAndNamesWhatItIgnored() throws {
        let outlook = """
            First Name,Last Name,E-mail Address,Nickname,Web Page,Home Street,Home City,Home Postal Code,Home Country,Business Street,Business City,Gender,Spouse
            Ann,Lee,ann@example.org,Annie,https://ann.example,1 Elm Row,Leeds,LS1 1AA,UK,2 Park Sq,Leeds,female,
            Bo,Chen,bo@example.org,,,,,,,,,,Li

            """
        let report = try database.write {
            try ContactsCSVImporter.import(Data(outlook.utf8), file: "outlook.csv", into: $0)
        }
        #expect(report.added == 2 && report.ignoredColumns == ["Gender", "Spouse"])
        let ann = try #require(try database.read { try $0.people.named("Ann Lee") }.first)
        #expect(ann.nicknames == ["Annie"] && ann.websites == [Website("https://ann.example")])
        #expect(
            ann.addresses == [
                PostalAddress(
                    label: "Home", street: "1 Elm Row", locality: "Leeds", postalCode: "LS1 1AA", country: "UK"),
                PostalAddress(label: "Business", street: "2 Park Sq", locality: "Leeds"),
            ])

        let google = try Data(contentsOf: VCardTests.fixture("synthetic-google-contacts.csv"))
        let googleReport = try database.write { try ContactsCSVImporter.import(google, format: .google, into: $0) }
        #expect(googleReport.added > 0)
        let googleWebsites =
            try database.read {
                try $0.fetchValue(sql: "SELECT count(*) FROM websites WHERE label IS NOT NULL") as Int?
            } ?? 0
        #expect(googleWebsites > 0)

        let linkedin = try Data(contentsOf: VCardTests.fixture("synthetic-linkedin-Connections.csv"))
        try database.write { _ = try ContactsCSVImporter.import(linkedin, format: .linkedin, into: $0) }
        let profiles = try database.read {
            try $0.fetchAll(sql: "SELECT url FROM websites WHERE label = 'LinkedIn'") { try $0[0] as String }
        }
        #expect(!profiles.isEmpty && profiles.allSatisfy { $0.contains("linkedin") || $0.hasPrefix("http") })
    }

    @Test func personShowAndMergeKeepThem() throws {
        let kith = KithTool(database: folder.path())
        try database.write { connection in
            try connection.people.add(
                NewPerson(
                    name: "Ann Lee", websites: [Website("https://ann.example", label: "home")],
                    nicknames: ["Annie"], addresses: [PostalAddress(label: "home", locality: "Leeds", country: "UK")]))
            try connection.people.add(
                NewPerson(name: "A. Lee", nicknames: ["Lee"], addresses: [PostalAddress(street: "2 Park Sq")]))
        }
        let shown = try kith.run(["person", "show", "Ann Lee"]).stdout
        #expect(
            shown.contains("website   https://ann.example (home)") && shown.contains("known as  Annie")
                && shown.contains("address   Leeds, UK (home)"))
        let json = try #require(try kith.run(["person", "show", "1", "--json"]).json()["person"] as? [String: Any])
        #expect((json["addresses"] as? [[String: Any]])?.first?["locality"] as? String == "Leeds")
        #expect(try kith.run(["person", "merge", "1", "2"]).stdout.contains("moved 1 nickname, 1 address"))
        let merged = try #require(try database.read { try $0.people.get(Person.ID(rawValue: 1)) })
        #expect(merged.nicknames == ["Annie", "Lee"] && merged.addresses.count == 2)
    }
}
