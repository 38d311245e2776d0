import Foundation
import KithTestSupport
import Testing

@testable import Kith
@testable import KithSync

/// Each fault once, through `fault_proxy.py` in front of Radicale: after it, the next sync
/// converges, and no contact is lost or duplicated.
@Suite("CardDAV sync faults", .serialized)
struct CardDAVFaultTests {
    /// Three cards on the phone and one person only in Kith.
    private func fixture() async throws -> SyncFixture {
        let fixture = try SyncFixture(throughProxy: true)
        try fixture.server.phone(
            "put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", email: "ann@example.org"))
        try fixture.server.phone("put", "bo.vcf", input: phoneCard(uid: "b", name: "Bo Chen", phone: "+1 555 0102"))
        try fixture.server.phone("put", "cy.vcf", input: phoneCard(uid: "c", name: "Cy Diaz", email: "cy@example.org"))
        try await fixture.database.write { _ = try $0.people.add(NewPerson(name: "Di Evans")) }
        return fixture
    }

    /// After the faults are gone: two syncs, then both sides hold the same four people, once each.
    private func expectConverged(
        _ fixture: SyncFixture, names: Set<String> = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans"]
    )
        async throws
    {
        try fixture.proxy?.inject([:])
        let first = try await fixture.sync()
        #expect(first.isComplete, "\(first.failed) \(first.rejected)")
        let second = try await fixture.sync()
        #expect(second.pulled.isEmpty && second.sent.isEmpty)
        let people = try await fixture.database.read { try $0.people.all().map(\.name) }
        #expect(people.sorted() == names.sorted())
        #expect(Set(try fixture.serverContacts().keys) == names)
        #expect(try fixture.server.cards().count == names.count)
    }

    @Test func theServerDownChangesNothingAndTheNextSyncConverges() async throws {
        let fixture = try await fixture()
        fixture.server.stop()
        await #expect(throws: SyncError.self) { _ = try await fixture.sync() }
        #expect(try await fixture.database.read { try $0.people.all().map(\.name) } == ["Di Evans"])
        try fixture.server.start()
        try await expectConverged(fixture)
    }

    @Test func aServerThatStopsAnsweringMidSyncTimesOutAndTheNextSyncConverges() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        try proxy.inject(["hang": "PUT"])  // the pull goes through; the push hangs
        do {
            _ = try await fixture.sync(timeout: 2)
            Issue.record("a sync whose PUT never answers must fail")
        } catch let error as SyncError {
            #expect(error.kind == .unreachable)
            #expect(error.isTransient)
        }
        #expect(try await fixture.database.read { try $0.people.all().count } == 4)
        try await expectConverged(fixture)
    }

    @Test func aConnectionCutBetweenThePUTAndTheLocalWriteDuplicatesNothing() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        try proxy.inject(["cut_after_put": true])
        // Foundation on Linux notices the reset only when the request times out.
        await #expect(throws: SyncError.self) { _ = try await fixture.sync(timeout: 3) }
        #expect(proxy.log().contains { $0.hasPrefix("PUT") && $0.hasSuffix("cut") })
        #expect(try fixture.server.cards().count == 4)  // the PUT reached the server
        try await expectConverged(fixture)
    }

    @Test func aServerErrorOnOneCardKeepsTheOthersAndTheNextSyncFetchesIt() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        // A server that lists only ETags, so that the cards are read by multiget, and fails on one.
        try proxy.inject(["strip_data": true, "status": ["cy.vcf": 500]])
        let summary = try await fixture.sync()
        #expect(summary.failed.count == 1)
        #expect(summary.failed.first?.url.hasSuffix("cy.vcf") == true)
        #expect(summary.added == 2 && !summary.isComplete)
        let book = fixture.book.id
        #expect(try await fixture.database.read { try $0.addressBooks.get(book)?.syncToken } == nil)
        try await expectConverged(fixture)
    }

    @Test func aServerErrorOnOnePUTKeepsTheOthersAndTheNextSyncSendsIt() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        _ = try await fixture.sync()
        try await fixture.database.write { connection in
            _ = try connection.people.add(NewPerson(name: "Ed Fox"))
            var ann = try #require(try connection.people.all().first { $0.name == "Ann Lee" })
            ann.title = "Runner"
            _ = try connection.people.update(ann)
        }
        try proxy.inject(["status": ["ann.vcf": 503]])
        let summary = try await fixture.sync()
        #expect(summary.failed.map(\.kind) == [.status(503)])
        #expect(summary.created == 1)
        try await expectConverged(fixture, names: ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Evans", "Ed Fox"])
        #expect(try fixture.serverContacts()["Ann Lee"]?.title == "Runner")
    }

    @Test func aMalformedCardIsReportedAndTheOthersComeIn() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        try proxy.inject(["malformed": "bo.vcf"])
        let summary = try await fixture.sync()
        #expect(summary.rejected.count == 1)
        #expect(summary.rejected.first?.file.hasSuffix("bo.vcf") == true)
        #expect(summary.added == 2)
        try await expectConverged(fixture)
    }

    @Test func a412OnEveryAttemptGivesUpOnThatCardAndLosesNothing() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        _ = try await fixture.sync()
        var ann = try #require(try fixture.people()["Ann Lee"])
        ann.title = "Runner"
        let edited = ann
        try await fixture.database.write { _ = try $0.people.update(edited) }
        try proxy.inject(["put_412": true])
        let summary = try await fixture.sync()
        #expect(summary.failed.map(\.kind) == [.status(412)])
        #expect(proxy.log().filter { $0.hasPrefix("PUT") && $0.hasSuffix("412") }.count == 5)
        #expect(try fixture.people()["Ann Lee"]?.title == "Runner")
        try await expectConverged(fixture)
        #expect(try fixture.serverContacts()["Ann Lee"]?.title == "Runner")
    }

    @Test func anExpiredSyncTokenFallsBackToAFullListingWithoutDuplicates() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        _ = try await fixture.sync()
        try fixture.server.phone("delete", "bo.vcf")
        try fixture.server.phone("put", "ed.vcf", input: phoneCard(uid: "e", name: "Ed Fox"))
        try proxy.inject(["expire_token": true])
        let summary = try await fixture.sync()
        #expect(summary.fullListing)
        #expect(summary.added == 1 && summary.archived == 1)
        #expect(proxy.log().contains { $0.hasPrefix("REPORT") && $0.hasSuffix("403") })
        try await expectConverged(fixture, names: ["Ann Lee", "Cy Diaz", "Di Evans", "Ed Fox"])
    }

    @Test func aServerWithoutSyncCollectionIsSyncedByComparingETags() async throws {
        let fixture = try await fixture()
        let proxy = try #require(fixture.proxy)
        try proxy.inject(["no_sync_collection": true])
        let first = try await fixture.sync()
        #expect(first.fullListing && first.added == 3 && first.created == 1 && first.isComplete)
        try fixture.server.phone("delete", "bo.vcf")
        try fixture.server.phone("put", "cy.vcf", input: phoneCard(uid: "c", name: "Cy Diaz", phone: "+1 555 0199"))
        let second = try await fixture.sync()
        #expect(second.updated == 1 && second.archived == 1)
        #expect(proxy.log().contains { $0.hasPrefix("PROPFIND") })
        #expect(try fixture.people()["Cy Diaz"]?.phones.map(\.number) == ["+1 555 0199"])
        let third = try await fixture.sync()
        #expect(third.pulled.isEmpty && third.sent.isEmpty)
        let book = fixture.book.id
        #expect(try await fixture.database.read { try $0.addressBooks.get(book)?.syncToken } == nil)
    }

    @Test func randomEditsOnBothSidesEndWithTheSameContactsOnBoth() async throws {
        let fixture = try SyncFixture()
        var random = SplitMix64(seed: 20_261_130)
        var phoneCards: [String: (uid: String, name: String, email: String?, phone: String?)] = [:]
        for round in 0..<10 {
            for step in 0..<4 {
                let name = "Person \(round)-\(step)"
                switch random.next(6) {
                case 0:  // the phone adds someone
                    let file = "p\(round)\(step).vcf"
                    phoneCards[file] = ("uid-\(round)-\(step)", name, "p\(round)\(step)@example.org", nil)
                    try fixture.server.phone(
                        "put", file,
                        input: phoneCard(uid: "uid-\(round)-\(step)", name: name, email: phoneCards[file]!.email))
                case 1, 2:  // the phone edits someone it has
                    if let file = phoneCards.keys.sorted().randomElement(using: &random) {
                        phoneCards[file]!.phone = "+1 555 \(round)\(step)"
                        let card = phoneCards[file]!
                        try fixture.server.phone(
                            "put", file,
                            input: phoneCard(uid: card.uid, name: card.name, email: card.email, phone: card.phone))
                    }
                case 3:  // the phone deletes someone
                    if let file = phoneCards.keys.sorted().randomElement(using: &random) {
                        phoneCards[file] = nil
                        try fixture.server.phone("delete", file)
                    }
                case 4:  // Kith adds someone
                    try await fixture.database.write { _ = try $0.people.add(NewPerson(name: name)) }
                default:  // Kith edits someone
                    let people = try await fixture.database.read { try $0.people.all() }
                    if var person = people.randomElement(using: &random) {
                        person.title = "Title \(round)-\(step)"
                        let edited = person
                        try await fixture.database.write { _ = try $0.people.update(edited) }
                    }
                }
            }
            let summary = try await fixture.sync()
            #expect(summary.isComplete, "round \(round): \(summary.failed) \(summary.rejected)")
        }
        let last = try await fixture.sync()
        #expect(last.pulled.isEmpty && last.sent.isEmpty)
        let people = try fixture.people()
        let server = try fixture.serverContacts()
        #expect(Set(people.keys) == Set(server.keys))
        for (name, person) in people {
            let card = try #require(server[name])
            #expect(person.emails == card.emails, "\(name)")
            #expect(person.phones == card.phones, "\(name)")
            #expect(person.title == card.title, "\(name)")
        }
        // Kith edits only titles here: what the phone wrote last is what both sides hold.
        for card in phoneCards.values {
            #expect(people[card.name]?.emails.map(\.address) == [card.email].compactMap { $0 }, "\(card.name)")
            #expect(people[card.name]?.phones.map(\.number) == [card.phone].compactMap { $0 }, "\(card.name)")
        }
        #expect(Set(phoneCards.values.map(\.name)).isSubset(of: Set(people.keys)))
    }
}
