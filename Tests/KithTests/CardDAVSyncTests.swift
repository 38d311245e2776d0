import Foundation
import Testing

@testable import Kith
@testable import KithSync

/// A Kith database and a Radicale address book it syncs with, through a fault proxy when asked.
final class SyncFixture {
    let server: RadicaleServer
    let folder: TemporaryDirectory
    let database: Database
    let book: AddressBook
    let proxy: FaultProxy?
    static let credentials = CardDAVCredentials(username: RadicaleServer.user, password: RadicaleServer.password)

    init(throughProxy: Bool = false) throws {
        server = try RadicaleServer()
        try server.makeAddressBook()
        folder = try TemporaryDirectory()
        database = try folder.kith()
        proxy = throughProxy ? try FaultProxy(to: server.url) : nil
        let base = proxy?.url ?? server.url
        let url = base.absoluteString + "\(RadicaleServer.user)/contacts/"
        book = try database.write { try $0.addressBooks.add(url: url, username: RadicaleServer.user) }
    }

    func sync(_ options: CardDAVSync.Options = .init(), timeout: TimeInterval = 30) async throws -> SyncSummary {
        try await CardDAVSync(
            database: database, addressBook: book.id, credentials: Self.credentials, timeout: timeout, options: options
        ).run(on: .on("2026-11-30"))
    }

    /// Everyone not archived, by name: their emails and phones.
    func people() throws -> [String: Person] {
        Dictionary(uniqueKeysWithValues: try database.read { try $0.people.all() }.map { ($0.name, $0) })
    }

    /// The cards on the server, read as Kith reads a card: by name.
    func serverContacts() throws -> [String: ImportedCard] {
        var contacts: [String: ImportedCard] = [:]
        for (_, text) in try server.cards() {
            let card = ImportedCard(try #require(try VCardParser.parse(Data(text.utf8)).first))
            #expect(contacts[card.name] == nil, "\(card.name) is on the server twice")
            contacts[card.name] = card
        }
        return contacts
    }
}

/// A vCard 3.0 as a phone writes it.
func phoneCard(uid: String, name: String, email: String? = nil, phone: String? = nil, extra: [String] = []) -> String {
    let family = name.split(separator: " ").last.map(String.init) ?? name
    let lines =
        ["BEGIN:VCARD", "VERSION:3.0", "UID:\(uid)", "FN:\(name)", "N:\(family);;;;"]
        + (email.map { ["EMAIL;TYPE=INTERNET:\($0)"] } ?? []) + (phone.map { ["TEL;TYPE=CELL:\($0)"] } ?? []) + extra
        + ["END:VCARD"]
    return lines.joined(separator: "\r\n") + "\r\n"
}

@Suite("CardDAV sync against Radicale", .serialized)
struct CardDAVSyncTests {
    @Test func discoveryFindsTheAddressBooksFromTheServerRootThePrincipalOrTheBookItself() async throws {
        let server = try RadicaleServer()
        try server.makeAddressBook("Contacts")
        let credentials = SyncFixture.credentials
        let fromRoot = try await CardDAVDiscovery.addressBooks(at: server.url, credentials: credentials)
        #expect(fromRoot.map(\.url) == [server.addressBook])
        #expect(fromRoot.map(\.name) == ["Contacts"])
        let fromBook = try await CardDAVDiscovery.addressBooks(at: server.addressBook, credentials: credentials)
        #expect(fromBook.map(\.url) == [server.addressBook])
        let principal = URL(string: "\(RadicaleServer.user)/", relativeTo: server.url)!.absoluteURL
        #expect(try await CardDAVDiscovery.addressBooks(at: principal, credentials: credentials).count == 1)
        let wrong = CardDAVCredentials(username: RadicaleServer.user, password: "not it")
        await #expect(throws: SyncError.self) {
            _ = try await CardDAVDiscovery.addressBooks(at: server.url, credentials: wrong)
        }
        do {
            _ = try await CardDAVDiscovery.addressBooks(at: server.url, credentials: wrong)
        } catch let error as SyncError {
            #expect(error.kind == .unauthorized)
            #expect(!error.description.contains("not it"))
        }
    }

    @Test func aFirstSyncTakesThePhonesCardsInAndSendsKithsPeopleAndASecondHasNothingToDo() async throws {
        let fixture = try SyncFixture()
        try fixture.server.phone(
            "put", "ann.vcf",
            input: phoneCard(
                uid: "phone-ann", name: "Ann Lee", email: "ann@example.org", phone: "+1 555 0100",
                extra: ["PHOTO;VALUE=uri:https://example.org/ann.jpg", "NOTE:met at the river run"]))
        try fixture.server.phone("put", "cy.vcf", input: phoneCard(uid: "phone-cy", name: "Cy Diaz"))
        try await fixture.database.write { connection in
            _ = try connection.people.add(
                NewPerson(
                    name: "Bo Chen", title: "Editor", emails: [EmailAddress("bo@example.org", label: "work")],
                    interests: [NewInterest(topic: "chess", weight: 5)], notes: ["owes me a book"]))
        }
        let first = try await fixture.sync()
        #expect(first.added == 2)
        #expect(first.created == 1)
        #expect(first.isComplete)
        let people = try fixture.people()
        #expect(people["Ann Lee"]?.phones == [PhoneNumber("+1 555 0100", label: "CELL")])
        let annNotes = try await fixture.database.read { try $0.people.notes(about: people["Ann Lee"]!.id).map(\.body) }
        #expect(annNotes == ["met at the river run"])
        let server = try fixture.serverContacts()
        #expect(Set(server.keys) == ["Ann Lee", "Bo Chen", "Cy Diaz"])
        #expect(server["Bo Chen"]?.emails == [EmailAddress("bo@example.org", label: "work")])
        #expect(server["Bo Chen"]?.title == "Editor")
        // Kith-only data stays here unless asked for.
        #expect(server["Bo Chen"]?.notes == [])
        #expect(server["Bo Chen"]?.topics == [])
        let second = try await fixture.sync()
        #expect(second.pulled.isEmpty && second.sent.isEmpty)
        #expect(!second.fullListing)
        #expect(try fixture.serverContacts()["Ann Lee"]?.kept.contains("PHOTO") == true)
    }

    @Test func changesOnEachSideReachTheOtherAndADeletedCardArchivesItsPerson() async throws {
        let fixture = try SyncFixture()
        try fixture.server.phone(
            "put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", email: "ann@example.org"))
        try fixture.server.phone("put", "cy.vcf", input: phoneCard(uid: "c", name: "Cy Diaz", phone: "+1 555 0101"))
        _ = try await fixture.sync()
        // The phone changes Ann's email and deletes Cy; Kith gives Ann a title.
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", email: "ann@new.org"))
        try fixture.server.phone("delete", "cy.vcf")
        var ann = try #require(try fixture.people()["Ann Lee"])
        ann.title = "Runner"
        let edited = ann
        try await fixture.database.write { _ = try $0.people.update(edited) }
        let summary = try await fixture.sync()
        #expect(summary.updated == 1 && summary.archived == 1 && summary.changedOnServer == 1)
        #expect(summary.conflicts.isEmpty)
        let people = try fixture.people()
        #expect(people["Ann Lee"]?.emails.map(\.address) == ["ann@new.org"])
        #expect(people["Ann Lee"]?.title == "Runner")
        #expect(people["Cy Diaz"] == nil)
        let archived = try await fixture.database.read { try $0.people.all(includingArchived: true) }
        #expect(archived.contains { $0.name == "Cy Diaz" && $0.isArchived })
        let server = try fixture.serverContacts()
        #expect(server["Ann Lee"]?.title == "Runner")
        #expect(server["Ann Lee"]?.emails.map(\.address) == ["ann@new.org"])
        #expect(server["Cy Diaz"] == nil)
    }

    @Test func whenBothSidesChangeTheSameFieldTheServerWinsAndKithsValueIsKeptInANote() async throws {
        let fixture = try SyncFixture()
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", phone: "+1 555 0100"))
        _ = try await fixture.sync()
        var ann = try #require(try fixture.people()["Ann Lee"])
        ann.phones = [PhoneNumber("+1 555 0111", label: "mobile")]
        ann.organization = "Kith Org"
        let edited = ann
        try await fixture.database.write { _ = try $0.people.update(edited) }
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", phone: "+1 555 0199"))
        let summary = try await fixture.sync()
        #expect(summary.conflicts.map(\.conflicts) == [["phones"]])
        let merged = try #require(try fixture.people()["Ann Lee"])
        #expect(merged.phones.map(\.number) == ["+1 555 0199"])
        #expect(merged.organization == "Kith Org")
        let notes = try await fixture.database.read { try $0.people.notes(about: merged.id).map(\.body) }
        #expect(notes.contains { $0.contains("phones") && $0.contains("+1 555 0111 (mobile)") })
        let server = try #require(try fixture.serverContacts()["Ann Lee"])
        #expect(server.phones.map(\.number) == ["+1 555 0199"])
        #expect(server.organization == "Kith Org")
    }

    @Test func aNewCardIsMatchedToSomeoneAlreadyHereByEmailAndTheirDetailsMeet() async throws {
        let fixture = try SyncFixture()
        try await fixture.database.write { connection in
            _ = try connection.people.add(
                NewPerson(name: "Ann Lee", title: "Editor", emails: [EmailAddress("ann@example.org")]))
        }
        try fixture.server.phone(
            "put", "ann.vcf",
            input: phoneCard(uid: "a", name: "Ann Lee", email: "ann@example.org", phone: "+1 555 0100"))
        let summary = try await fixture.sync()
        #expect(summary.linked == 1 && summary.added == 0 && summary.created == 0 && summary.changedOnServer == 1)
        let people = try await fixture.database.read { try $0.people.all() }
        #expect(people.count == 1)
        #expect(people.first?.phones.map(\.number) == ["+1 555 0100"])
        let server = try fixture.serverContacts()
        #expect(server.count == 1)
        #expect(server["Ann Lee"]?.title == "Editor")
    }

    @Test func aNewCardFindsTheContactImportedFromItByUIDAndSomeoneByNameOrPhoneAndArchivedPeopleStayHere()
        async throws
    {
        let fixture = try SyncFixture()
        let exported = phoneCard(uid: "uid-ann", name: "Ann Lee", extra: ["TITLE:Editor"])
        try await fixture.database.write { connection in
            _ = try VCardImporter.import(Data(exported.utf8), into: connection)
            _ = try connection.people.add(NewPerson(name: "Bo Chen"))
            _ = try connection.people.add(NewPerson(name: "Cy Diaz", phones: [PhoneNumber("+1 (555) 010-2000")]))
            let gone = try connection.people.add(NewPerson(name: "Di Evans"))
            try connection.people.archive(gone.id)
        }
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "uid-ann", name: "Ann M. Lee"))
        try fixture.server.phone("put", "bo.vcf", input: phoneCard(uid: "b", name: "Bo Chen", phone: "+1 555 0100"))
        try fixture.server.phone("put", "cy.vcf", input: phoneCard(uid: "c", name: "C. Diaz", phone: "+15550102000"))
        let summary = try await fixture.sync()
        #expect(
            summary.pulled.map(\.kind).sorted { "\($0)" < "\($1)" } == [.linked(.name), .linked(.phone), .linked(.uid)])
        #expect(summary.added == 0 && summary.created == 0)
        let people = try await fixture.database.read { try $0.people.all() }
        #expect(people.count == 3)
        #expect(try fixture.server.cards().count == 3)
        #expect(try fixture.serverContacts()["Di Evans"] == nil)
    }

    @Test func notesAndInterestsGoToTheServerOnlyWhenAskedAndADryRunChangesNothing() async throws {
        let fixture = try SyncFixture()
        try await fixture.database.write { connection in
            _ = try connection.people.add(
                NewPerson(name: "Bo Chen", interests: [NewInterest(topic: "chess")], notes: ["owes me a book"]))
        }
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee"))
        let dry = try await fixture.sync(.init(dryRun: true))
        #expect(dry.isDryRun && dry.added == 1 && dry.created == 1)
        let (database, book) = (fixture.database, fixture.book.id)
        #expect(try await database.read { try $0.people.all().map(\.name) } == ["Bo Chen"])
        #expect(try await database.read { try $0.addressBooks.cards(of: book) }.isEmpty)
        #expect(try fixture.server.cards().count == 1)
        _ = try await fixture.sync()
        #expect(try fixture.serverContacts()["Bo Chen"]?.notes == [])
        let withNotes = try await fixture.sync(.init(includeNotes: true))
        #expect(withNotes.changedOnServer == 1)
        let bo = try #require(try fixture.serverContacts()["Bo Chen"])
        #expect(bo.notes == ["owes me a book"])
        #expect(bo.topics == ["chess"])
    }

    @Test func anotherClientEditingTheCardBetweenPullAndPushIsMergedAfterA412() async throws {
        let fixture = try SyncFixture(throughProxy: true)
        let proxy = try #require(fixture.proxy)
        try fixture.server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", phone: "+1 555 0100"))
        _ = try await fixture.sync()
        var ann = try #require(try fixture.people()["Ann Lee"])
        ann.title = "Runner"
        let edited = ann
        try await fixture.database.write { _ = try $0.people.update(edited) }
        // The phone saves an edit just before Kith's PUT reaches the server.
        try proxy.inject([
            "phone_first": [
                "href": "ann.vcf",
                "card": phoneCard(uid: "a", name: "Ann Lee", email: "ann@phone.org", phone: "+1 555 0100"),
            ]
        ])
        let summary = try await fixture.sync()
        #expect(proxy.log().filter { $0.hasPrefix("PUT") && $0.hasSuffix("412") }.count == 1)
        #expect(summary.isComplete && summary.changedOnServer == 1)
        let server = try #require(try fixture.serverContacts()["Ann Lee"])
        #expect(server.title == "Runner")
        #expect(server.emails.map(\.address) == ["ann@phone.org"])
        #expect(try fixture.people()["Ann Lee"]?.emails.map(\.address) == ["ann@phone.org"])
    }
}
