import Foundation
import Testing

@testable import Kith

@Suite("Interests, resources, commitments, interactions, asks")
struct RepositoryTests {
    private func twoPeople(_ database: Database) throws -> (Person, Person) {
        try database.write { (try $0.people.add(NewPerson(name: "Ann")), try $0.people.add(NewPerson(name: "Bo"))) }
    }

    @Test func topicsAliasesAndInterests() throws {
        let folder = try TemporaryDirectory()
        let (ann, bo) = try twoPeople(folder.kith())
        try folder.kith().write { connection in
            let ml = try connection.interests.addTopic(named: "Machine Learning")
            try connection.interests.addAlias("ML", to: ml.id)
            try connection.interests.addAlias("ml", to: ml.id)  // the same alias again: no change
            try connection.interests.setMine(ml.id)
            try connection.interests.add(NewInterest(topic: "ml", weight: 4, learnedOn: .on("2026-01-02")), to: ann.id)
            try connection.interests.add(NewInterest(topic: "machine learning", weight: 5), to: ann.id)  // re-weighs
            try connection.interests.add(NewInterest(topic: "running", weight: 2), to: bo.id)
        }
        let database = try folder.kith()
        let ml = try #require(try database.read { try $0.interests.topic(named: "mL") })
        #expect(ml.name == "Machine Learning" && ml.aliases == ["ML"] && ml.isMine)
        #expect(try database.read { try $0.interests.myTopics().map(\.name) } == ["Machine Learning"])
        let annsInterests = try database.read { try $0.interests.interests(of: ann.id) }
        #expect(annsInterests.map(\.weight) == [5] && annsInterests[0].topicID == ml.id)
        #expect(
            try database.read { try $0.interests.interests(in: ml.id, minimumWeight: 5).map(\.personID) } == [ann.id])
        #expect(throws: StoreError.conflict(field: "alias", reason: "it already names another topic")) {
            try database.write { try $0.interests.addAlias("running", to: ml.id) }
        }
        #expect(throws: StoreError.conflict(field: "topic", reason: "another topic already has that name or alias")) {
            try database.write { try $0.interests.renameTopic(ml.id, to: "Running") }
        }
        try database.write { try $0.interests.renameTopic(ml.id, to: "machine learning") }
        try database.write { try $0.interests.remove(annsInterests[0].id) }
        #expect(try database.read { try $0.interests.interests(of: ann.id) }.isEmpty)
        #expect(throws: StoreError.notFound(entity: "person", id: 404)) {
            try database.write { try $0.interests.add(NewInterest(topic: "chess"), to: 404) }
        }
        #expect(try database.read { try $0.interests.topic(named: "chess") } == nil)  // rolled back
    }

    @Test func resourcesWithNormalizedURLsAndShares() throws {
        let folder = try TemporaryDirectory()
        let (ann, bo) = try twoPeople(folder.kith())
        let article = try folder.kith().write { connection in
            try connection.resources.add(
                title: "Hill repeats", kind: .article, url: "HTTPS://Example.com/hills/?utm_source=news&page=2#top",
                summary: "Why hills", topics: ["running", "Running", "training"])
        }
        let database = try folder.kith()
        #expect(try database.read { try $0.resources.get(article.id) }?.topics == ["running", "training"])
        #expect(try database.read { try $0.resources.withURL("https://example.com/hills?page=2") }?.id == article.id)
        #expect(throws: StoreError.self) {
            try database.write {
                try $0.resources.add(title: "Again", url: "https://EXAMPLE.com/hills?page=2&utm_medium=x")
            }
        }
        let given = try database.write {
            try $0.resources.share(article.id, .given, with: ann.id, on: .on("2026-11-01"))
        }
        try database.write {
            try $0.resources.share(article.id, .received, with: bo.id, on: .on("2026-10-01"), note: "from Bo")
        }
        try database.write { try $0.resources.setReception(.thanked, of: given.id) }
        let reopened = try folder.kith()
        let shares = try reopened.read { try $0.resources.shares(of: article.id) }
        #expect(shares.map(\.direction) == [.given, .received])
        #expect(shares[0].reception == .thanked && shares[1].note == "from Bo")
        #expect(try reopened.read { try $0.resources.shares(with: ann.id).map(\.id) } == [given.id])
        #expect(throws: StoreError.notFound(entity: "resource", id: 77)) {
            try reopened.write { try $0.resources.share(77, .given, with: ann.id) }
        }
        var edited = article
        edited.title = "Hill repeats, revisited"
        edited.url = nil
        edited.topics = ["hills"]
        try reopened.write { try $0.resources.update(edited) }
        let saved = try #require(try reopened.read { try $0.resources.get(article.id) })
        #expect(saved.title == "Hill repeats, revisited" && saved.url == nil && saved.topics == ["hills"])
        try reopened.write { try $0.resources.delete(article.id) }
        #expect(try reopened.read { try $0.resources.all() }.isEmpty)
        #expect(try reopened.read { try $0.resources.shares(with: ann.id) }.isEmpty)
    }

    @Test func urlKeysIgnoreCaseOfSchemeAndHostTrackingFragmentsAndTrailingSlashes() {
        #expect(
            Resource.urlKey("HTTPS://Example.COM/Path/?utm_source=a&utm_campaign=b#frag") == "https://example.com/Path")
        #expect(Resource.urlKey("https://example.com/") == Resource.urlKey("https://example.com"))
        #expect(Resource.urlKey("https://example.com/a?b=1&utm_x=2") == "https://example.com/a?b=1")
        #expect(Resource.urlKey("  ") == nil)
        #expect(Resource.urlKey("not a url") == "not a url")
    }

    @Test func commitmentsWithMembers() throws {
        let folder = try TemporaryDirectory()
        let (ann, bo) = try twoPeople(folder.kith())
        let run = try folder.kith().write { connection in
            try connection.commitments.add(
                Commitment(
                    name: "River 10K for Literacy", kind: .charityRun, organization: "Readers United",
                    cause: "literacy",
                    role: "runner", startedOn: .on("2026-03-01"), hoursPerMonth: 6, members: [ann.id]))
        }
        let database = try folder.kith()
        var saved = try #require(try database.read { try $0.commitments.get(run.id) })
        #expect(saved == run && saved.kind == .charityRun && saved.members == [ann.id])
        try database.write { try $0.commitments.addMember(bo.id, to: run.id) }
        #expect(try database.read { try $0.commitments.commitments(of: bo.id).map(\.id) } == [run.id])
        saved = try #require(try database.read { try $0.commitments.get(run.id) })
        saved.endedOn = .on("2026-02-01")
        #expect(
            throws: StoreError.invalid(field: "until", reason: "the end (2026-02-01) is before the start (2026-03-01)")
        ) {
            try database.write { try $0.commitments.update(saved) }
        }
        saved.endedOn = .on("2026-12-01")
        saved.members = [bo.id]
        try database.write { try $0.commitments.update(saved) }
        #expect(try folder.kith().read { try $0.commitments.get(run.id) }?.members == [bo.id])
        #expect(throws: StoreError.invalid(field: "hours per month", reason: "must be zero or more")) {
            try database.write { try $0.commitments.add(Commitment(name: "Board", kind: .board, hoursPerMonth: -1)) }
        }
        try database.write { try $0.commitments.delete(run.id) }
        #expect(try database.read { try $0.commitments.all() }.isEmpty)
    }

    @Test func interactionsAndAsks() throws {
        let folder = try TemporaryDirectory()
        let (ann, bo) = try twoPeople(folder.kith())
        let (coffee, ask) = try folder.kith().write { connection in
            (
                try connection.interactions.log(
                    .coffee, with: ann.id, on: .on("2026-11-20"), minutes: 45, initiatedBy: .me,
                    note: "Talked about Boston"),
                try connection.asks.log(.mine, of: ann.id, topic: "an intro to her editor", on: .on("2026-11-21"))
            )
        }
        let database = try folder.kith()
        #expect(try database.read { try $0.interactions.interactions(with: ann.id) } == [coffee])
        var edited = coffee
        edited.minutes = 60
        try database.write { try $0.interactions.update(edited) }
        #expect(try database.read { try $0.interactions.get(coffee.id) }?.minutes == 60)
        #expect(throws: StoreError.invalid(field: "minutes", reason: "must be zero or more")) {
            try database.write { try $0.interactions.log(.call, with: ann.id, minutes: -5) }
        }
        #expect(try database.read { try $0.asks.open(.mine) } == [ask])
        #expect(throws: StoreError.self) {
            try database.write { try $0.asks.resolve(ask.id, as: .helped, redirectedTo: bo.id) }
        }
        let redirected = try database.write {
            try $0.asks.resolve(ask.id, as: .redirected, on: .on("2026-11-25"), redirectedTo: bo.id)
        }
        #expect(
            redirected.status == .redirected && redirected.redirectedTo == bo.id
                && redirected.resolvedOn == .on("2026-11-25"))
        let reopened = try folder.kith()
        #expect(try reopened.read { try $0.asks.open(.mine) }.isEmpty)
        #expect(try reopened.read { try $0.asks.asks(of: ann.id) } == [redirected])
        try reopened.write { try $0.interactions.delete(coffee.id) }
        try reopened.write { try $0.asks.delete(ask.id) }
        #expect(try reopened.read { try $0.interactions.interactions(with: ann.id) }.isEmpty)
        #expect(try reopened.read { try $0.asks.asks(of: ann.id) }.isEmpty)
    }

    @Test func daysAndBirthdays() throws {
        #expect(throws: StoreError.self) { try Day("2026-02-30") }
        #expect(throws: StoreError.self) { try Day("2026-2-3") }
        #expect(try Day("2024-02-29").adding(days: 366) == .on("2025-03-01"))
        #expect(Day.on("2026-11-26").days(since: .on("2025-11-26")) == 365)
        #expect(try Birthday("--02-29").description == "--02-29")
        // Days are written as ASCII digits: every width of year, month and day, padded as ISO 8601 writes them.
        for (year, month, day) in [(1, 1, 1), (42, 3, 9), (999, 10, 31), (2026, 11, 26), (9999, 12, 31)] {
            let padded = String(format: "%04d-%02d-%02d", year, month, day)
            #expect(try Day(year: year, month: month, day: day).description == padded)
            #expect(try Day(padded) == Day(year: year, month: month, day: day))
            #expect(try Birthday(year: year, month: month, day: day).description == padded)
            #expect(try Birthday(month: month, day: day).description == "-" + padded.dropFirst(4))
        }
        #expect(throws: StoreError.self) { try Birthday("2023-02-29") }
        #expect(throws: StoreError.self) { try Birthday("--13-01") }
    }

    /// Trimming, with its ASCII shortcut, agrees with Foundation's on text of every kind (but
    /// for U+200B, which Foundation trims and Unicode does not call white space).
    @Test func trimmingAgreesWithFoundation() {
        let samples = [
            "Ann", " Ann ", "\tAnn Lee\r\n", "", " ", "\u{00A0}Zoë\u{2003}", "e\u{301}", " e\u{301} ", "a\u{301}\n",
            "李小龍", "🏃‍♀️ Zoë", "\u{FEFF}y", "A", "~z!", "\u{7F}q",
        ]
        for sample in samples {
            #expect(
                sample.withoutSurroundingWhitespace == sample.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(Array(sample.unicodeScalars))")
            #expect(sample[...].withoutSurroundingWhitespace == sample.withoutSurroundingWhitespace)
        }
    }
}
