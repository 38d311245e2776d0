import Foundation
import Testing

@testable import Kith

@Suite("Contacts CSV")
struct ContactsCSVTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: VCardTests.fixture(name))
    }

    /// Every CSV fixture: the repository's, and the full set's when it is there.
    @Test(arguments: VCardTests.files(".csv").map(\.lastPathComponent))
    func everyExportImportsWithItsEmailsAndAgainMerges(file: String) throws {
        let data = try fixture(file)
        let report = try database.write { try ContactsCSVImporter.import(data, file: file, into: $0) }
        #expect(report.added > 0 && report.merged == 0, "\(report)")
        // Every address in the file is stored: the '@' words of every field.
        let text = String(decoding: data, as: UTF8.self)
        let written = Set(
            text.split(whereSeparator: { ",\n\r\" ".contains($0) }).filter { $0.contains("@") && !$0.contains("/") }
                .map { $0.lowercased() })
        let stored = Set(try database.read { try $0.people.all() }.flatMap(\.emails).map { $0.address.lowercased() })
        #expect(written.isSubset(of: stored), "\(written.subtracting(stored))")
        let people = try database.read { try $0.people.all().count }
        let again = try database.write { try ContactsCSVImporter.import(data, file: file, into: $0) }
        #expect(again.added == 0 && again.merged == report.added + report.merged)
        #expect(try database.read { try $0.people.all().count } == people)
    }

    @Test func googleLabelsBecomeInterestsAndCellsHoldSeveralValues() throws {
        let report = try database.write {
            try ContactsCSVImporter.import(try fixture("synthetic-google-contacts.csv"), format: .google, into: $0)
        }
        #expect(report.added >= 2)
        let delia = try #require(try database.read { try $0.people.named("Delia Ferreira") }.first)
        #expect(delia.emails.first == EmailAddress("delia@example.net", label: "Home"))
        #expect(delia.organization == "Harbor Arts Council" && delia.title == "Volunteer Coordinator")
        let topics = try database.read { try $0.interests.interests(of: delia.id) }.map(\.topicName).sorted()
        #expect(topics == ["Art", "Volunteers"])
        #expect(
            try database.read { try $0.people.notes(about: delia.id) }.first?.body
                == "Runs the spring mural project.\nAsked about grant templates.")
        let all = try database.read { try $0.people.all() }
        #expect(all.contains { $0.birthday?.description == "--06-09" })
        #expect(all.contains { $0.phones.count == 2 })
    }

    @Test func linkedInConnectionsKeepWhenWeMet() throws {
        try database.write {
            _ = try ContactsCSVImporter.import(
                try fixture("synthetic-linkedin-Connections.csv"), format: .linkedin, into: $0)
        }
        let amara = try #require(try database.read { try $0.people.named("Amara Okafor") }.first)
        #expect(amara.metOn?.description == "2021-03-12" && amara.title == "Director, Community Health")
        #expect(amara.howWeMet == "Connected on LinkedIn")
    }

    /// Notes and how-we-met are written in one statement at the end of an import
    /// (``WriteBatch``): they must still reach the full-text indexes, and a row that
    /// merges into a person added earlier in the same file must not repeat a held-back note.
    @Test func heldBackTextIsIndexedAndNotRepeated() throws {
        let csv = """
            First Name,Last Name,E-mail 1 - Value,Notes
            Ann,Lee,ann@example.org,Loves sourdough baking
            Bo,Chen,bo@example.org,Restores old bicycles
            Ann,Lee,ANN@example.org,Loves sourdough baking
            """
        let report = try database.write { try ContactsCSVImporter.import(Data(csv.utf8), format: .google, into: $0) }
        #expect(report.added == 2 && report.merged == 1)
        let ann = try #require(try database.read { try $0.people.named("Ann Lee") }.first)
        #expect(try database.read { try $0.people.notes(about: ann.id) }.map(\.body) == ["Loves sourdough baking"])
        let found: [Person.ID] = try database.read {
            try $0.fetchAll(
                sql:
                    "SELECT n.person_id FROM notes_search JOIN notes n ON n.id = notes_search.rowid WHERE notes_search MATCH 'bicycle'"
            ) { try $0[0] }
        }
        #expect(try database.read { try $0.people.get(found) }.map(\.name) == ["Bo Chen"])

        try database.write {
            _ = try ContactsCSVImporter.import(
                try fixture("synthetic-linkedin-Connections.csv"), format: .linkedin, into: $0)
        }
        let metOnLinkedIn: Int = try database.read {
            try $0.fetchValue(sql: "SELECT count(*) FROM how_we_met_search WHERE how_we_met_search MATCH 'linkedin'")
                ?? 0
        }
        let withHowWeMet: Int = try database.read {
            try $0.fetchValue(sql: "SELECT count(*) FROM people WHERE how_we_met LIKE '%LinkedIn%'") ?? 0
        }
        #expect(metOnLinkedIn > 0 && metOnLinkedIn == withHowWeMet)
    }

    /// Rows without an email merge by name, in any script and case, with the oldest person of
    /// that name; the names are read once per import (they were read once per row).
    @Test func rowsWithoutEmailMergeByNameInAnyCase() throws {
        let csv = """
            First Name,Last Name,Phone 1 - Value
            Zoë,Ærø,+45 1111
            Jörg,Straße,+49 2222
            ZOË,ÆRØ,+45 3333
            JÖRG,STRASSE,+49 4444
            """
        let report = try database.write { try ContactsCSVImporter.import(Data(csv.utf8), format: .google, into: $0) }
        #expect(report.added == 2 && report.merged == 2, "\(report)")
        let zoe = try #require(try database.read { try $0.people.named("zoë ærø") }.first)
        #expect(zoe.name == "Zoë Ærø" && zoe.phones.map(\.number) == ["+45 1111", "+45 3333"])
        #expect(try database.read { try $0.people.named("jörg strasse") }.first?.phones.count == 2)
    }

    @Test func aBrokenFileOrTheWrongFormatSaysWhereAndChangesNothing() throws {
        let bad = Data(
            "First Name,Last Name,E-mail 1 - Value\nAnn,Lee,ann@example.org\nBo,\"Chen,bo@example.org\n".utf8)
        #expect {
            try database.write { _ = try ContactsCSVImporter.import(bad, file: "c.csv", into: $0) }
        } throws: { error in
            (error as? InterchangeError)
                == InterchangeError(
                    file: "c.csv", location: "line 3", reason: "a quoted field is not closed before the end of the file"
                )
        }
        #expect {
            try database.write {
                _ = try ContactsCSVImporter.import(
                    try fixture("synthetic-google-contacts.csv"), format: .linkedin, file: "g.csv", into: $0)
            }
        } throws: { error in
            (error as? InterchangeError)?.reason.contains("not a linkedin export") == true
        }
        #expect(try database.read { try $0.people.all() }.isEmpty)
    }

    @Test func progressCountsEveryRowAndSkippedRowsSayWhy() throws {
        let csv = Data("First Name,Last Name,E-mail 1 - Value\nAnn,Lee,ann@example.org\n,,\nBo,Chen,\n".utf8)
        let (report, seen) = try database.write { connection in
            var seen: [[Int]] = []
            let report = try ContactsCSVImporter.import(csv, format: .google, into: connection) {
                seen.append([$0, $1])
            }
            return (report, seen)
        }
        #expect(seen == [[1, 3], [2, 3], [3, 3]])
        #expect(report.added == 2 && report.skipped == ["line 3: no name, email or phone"])
    }

    /// Thunderbird writes a birthday in three columns; all three are needed.
    @Test func birthdaysInThreeColumnsNeedAllThree() throws {
        let csv =
            "First Name,Last Name,Primary Email,Birth Year,Birth Month,Birth Day\n"
            + "Ann,Lee,ann@example.org,1980,3,22\nBo,Chen,bo@example.org,,3,22\n"
        try database.write { _ = try ContactsCSVImporter.import(Data(csv.utf8), into: $0) }
        let people = try database.read { try $0.people.all() }
        #expect(people.map(\.name) == ["Ann Lee", "Bo Chen"])
        #expect(people.map { $0.birthday?.description } == ["1980-03-22", nil])
    }

    /// An import remembers each topic it has found (``WriteBatch``): a label written in
    /// another case, or an alias, must still reach the one topic, whether it was in Kith
    /// before the import or made by an earlier row of it.
    @Test func labelsReachOneTopicByNameCaseOrAlias() throws {
        try database.write { connection in
            let ml = try connection.interests.addTopic(named: "machine learning")
            try connection.interests.addAlias("ML", to: ml.id)
        }
        let csv =
            "Name,E-mail Address,Categories\nAnn,ann@example.org,Gardening;ML\nBo,bo@example.org,gardening;ml\n"
            + "Cy,cy@example.org, GARDENING ;Machine Learning\n"
        try database.write { _ = try ContactsCSVImporter.import(Data(csv.utf8), into: $0) }
        let topics = try database.read { try $0.interests.topics() }
        #expect(topics.map(\.name) == ["Gardening", "machine learning"])
        for topic in topics {
            #expect(try database.read { try $0.interests.interests(in: topic.id) }.count == 3)
        }
    }

    /// New people are held back and written many at a time, at least every
    /// ``WriteBatch/peopleHeldAtMost``: a row that matches someone written before the last
    /// such write, or someone still held back, is merged all the same.
    @Test func aLargeFileMergesRowsWrittenOrHeldBack() throws {
        let count = WriteBatch.peopleHeldAtMost + 100
        var csv = "First Name,Last Name,E-mail Address,Mobile Phone,Categories\n"
        for i in 0..<count { csv += "Ann,Person \(i),ann\(i)@example.org,+1 555 \(100_000 + i),topic \(i % 9)\n" }
        csv +=
            "Ann,Person 5,ANN5@example.org,+1 555 999,extra\nAnn,Person \(count - 3),ann\(count - 3)@example.org,,late\n"
        let report = try database.write { try ContactsCSVImporter.import(Data(csv.utf8), into: $0) }
        #expect(report.added == count && report.merged == 2)
        let (five, late) = try database.read {
            (try $0.people.named("Ann Person 5"), try $0.people.named("Ann Person \(count - 3)"))
        }
        #expect(five.count == 1 && five.first?.phones.map(\.number) == ["+1 555 100005", "+1 555 999"])
        let lateTopics = try database.read { try $0.interests.interests(of: late[0].id) }.map(\.topicName).sorted()
        #expect(late.count == 1 && lateTopics == ["late", "topic \((count - 3) % 9)"])
        let emails: Int? = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM emails") }
        #expect(emails == count)
    }

    /// Google writes several values in one cell, separated by " ::: ".
    @Test func cellsWithSeveralValuesAreSplitOnGooglesSeparator() {
        let values = ContactsCSVImporter.Columns.values
        #expect(values("a ::: b") == ["a", "b"])
        #expect(values("* myContacts ::: Friends ::: Work") == ["* myContacts", "Friends", "Work"])
        #expect(values("a ::: ::: b") == ["a", "::: b"])
        #expect(values(" ::: a") == ["a"] && values("a ::: ") == ["a"])
        #expect(values("time: 5pm") == ["time: 5pm"] && values("a :::b") == ["a :::b"])
        #expect(values("ζωή ::: Ærø") == ["ζωή", "Ærø"])
        #expect(values("") == [] && values(nil) == [])
    }

    @Test func csvQuotingFollowsRFC4180() throws {
        let records = try CSVReader.records("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\nline\",,x\n")
        #expect(records.map(\.fields) == [["a", "b,c", "say \"hi\""], ["multi\nline", "", "x"]])
        #expect(records.map(\.line) == [1, 2])
    }
}
