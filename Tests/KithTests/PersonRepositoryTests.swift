import Foundation
import Testing

@testable import Kith

@Suite("People")
struct PersonRepositoryTests {
    @Test func addReadUpdateArchiveSurviveReopening() throws {
        let folder = try TemporaryDirectory()
        let added = try folder.kith().write { connection in
            try connection.people.add(
                NewPerson(
                    name: "  Ann Lee ", organization: "River Runners", title: "Coach", howWeMet: "Lost at mile 4",
                    metOn: .on("2024-05-12"), birthday: try Birthday("--03-14"), contactEveryDays: 30,
                    emails: [EmailAddress("ann@example.org", label: "work"), EmailAddress("ANN@example.org")],
                    phones: [PhoneNumber("+1 555 0100", label: "mobile")],
                    interests: [NewInterest(topic: "running", weight: 5)], notes: ["Training for Boston"]))
        }
        #expect(added.name == "Ann Lee")
        #expect(added.emails == [EmailAddress("ann@example.org", label: "work")])  // the duplicate is dropped

        let database = try folder.kith()  // reopened
        var ann = try #require(try database.read { try $0.people.get(added.id) })
        #expect(ann == added)
        #expect(ann.birthday?.year == nil && ann.birthday?.month == 3)
        #expect(try database.read { try $0.people.notes(about: ann.id).map(\.body) } == ["Training for Boston"])
        #expect(try database.read { try $0.interests.interests(of: ann.id).map(\.topicName) } == ["running"])

        ann.title = "Head coach"
        ann.phones = []
        ann.emails.append(EmailAddress("ann@home.example", label: "home"))
        try database.write { try $0.people.update(ann) }
        try database.write { try $0.people.archive(ann.id) }

        let reopened = try folder.kith()
        let saved = try #require(try reopened.read { try $0.people.get(ann.id) })
        #expect(saved.title == "Head coach" && saved.phones.isEmpty && saved.emails.count == 2 && saved.isArchived)
        #expect(saved.updatedAt >= saved.createdAt)
        #expect(try reopened.read { try $0.people.all() }.isEmpty)
        #expect(try reopened.read { try $0.people.all(includingArchived: true).map(\.id) } == [ann.id])
        try reopened.write { try $0.people.unarchive(ann.id) }
        #expect(try reopened.read { try $0.people.all().map(\.id) } == [ann.id])
    }

    @Test func namesWithQuotesEmojiScriptsAndSQLRoundTrip() throws {
        let folder = try TemporaryDirectory()
        let names = [
            "Seán O'Brien", "Ann \"Nan\" Lee", "🏃‍♀️ Zoë", "李小龍", "Robert'); DROP TABLE people;--", "José  Álvarez",
        ]
        try folder.kith().write { connection in
            for name in names { try connection.people.add(NewPerson(name: name)) }
        }
        let database = try folder.kith()
        let stored = try database.read { try $0.people.all().map(\.name) }
        #expect(Set(stored) == Set(names))
        for name in names {
            #expect(try database.read { try $0.people.named(name.uppercased()).map(\.name) } == [name])
        }
        #expect(try database.read { try $0.people.named("zoë").count } == 0)  // the emoji is part of the name
        #expect(try database.read { try $0.people.named("🏃‍♀️ ZOË").count } == 1)
    }

    /// Notes and how-we-met travel to SQLite as JSON (``WriteBatch``): every character
    /// that JSON escapes must come back as it went in.
    @Test func notesAndHowWeMetKeepEveryCharacter() throws {
        let folder = try TemporaryDirectory()
        let texts = [
            "Said \"hi\" \\ waved", "tab\there\nnew line\r\nand\u{1}\u{1F}\u{7F}", "🏃‍♀️ Zoë 李小龍 \u{2028}\u{2029}",
            "Ends with \\",
        ]
        let id = try folder.kith().write { connection in
            try connection.people.add(NewPerson(name: "Ann", howWeMet: "At \"the\" \\ meetup\u{1}", notes: texts)).id
        }
        let database = try folder.kith()
        #expect(try database.read { try $0.people.get(id) }?.howWeMet == "At \"the\" \\ meetup\u{1}")
        #expect(
            Set(try database.read { try $0.people.notes(about: id) }.map(\.body))
                == Set(texts.map(\.withoutSurroundingWhitespace)))
    }

    @Test func invalidInputSaysWhichFieldAndChangesNothing() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        #expect(throws: StoreError.invalid(field: "name", reason: "must not be empty")) {
            try database.write { try $0.people.add(NewPerson(name: " ")) }
        }
        #expect(throws: StoreError.invalid(field: "weight", reason: "must be from 1 to 5, not 7")) {
            try database.write {
                try $0.people.add(
                    NewPerson(
                        name: "Ann", emails: [EmailAddress("a@example.org")],
                        interests: [NewInterest(topic: "running", weight: 7)]))
            }
        }
        #expect(throws: StoreError.invalid(field: "email", reason: "must not be empty")) {
            try database.write { try $0.people.add(NewPerson(name: "Ann", emails: [EmailAddress("")])) }
        }
        #expect(throws: StoreError.invalid(field: "contact cadence", reason: "must be a positive number of days")) {
            try database.write { try $0.people.add(NewPerson(name: "Ann", contactEveryDays: 0)) }
        }
        #expect(throws: StoreError.notFound(entity: "person", id: 99)) {
            try database.write { try $0.people.archive(99) }
        }
        // Nothing half-added: no person, no email, no topic.
        for table in ["people", "emails", "topics", "interests"] {
            #expect(
                try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM \(table)") as Int? } == 0, "\(table)")
        }
    }

    @Test func notesAndAcquaintances() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let (ann, bo, cy) = try database.write { connection in
            (
                try connection.people.add(NewPerson(name: "Ann")), try connection.people.add(NewPerson(name: "Bo")),
                try connection.people.add(NewPerson(name: "Cy"))
            )
        }
        try database.write { connection in
            try connection.people.addNote("Older", about: ann.id, on: .on("2025-01-01"))
            try connection.people.addNote("Newer", about: ann.id, on: .on("2026-01-01"))
            try connection.people.recordAcquaintance(bo.id, ann.id)
            try connection.people.recordAcquaintance(ann.id, bo.id)  // again: no change
            try connection.people.recordAcquaintance(cy.id, ann.id)
        }
        let reopened = try folder.kith()
        let notes = try reopened.read { try $0.people.notes(about: ann.id) }
        #expect(notes.map(\.body) == ["Newer", "Older"])
        #expect(try reopened.read { try $0.people.acquaintances(of: ann.id) } == [bo.id, cy.id])
        #expect(try reopened.read { try $0.people.acquaintances(of: bo.id) } == [ann.id])
        #expect(throws: StoreError.self) { try reopened.write { try $0.people.recordAcquaintance(ann.id, ann.id) } }
        try reopened.write { try $0.people.deleteNote(notes[0].id) }
        #expect(try reopened.read { try $0.people.notes(about: ann.id).map(\.body) } == ["Older"])
    }
}
