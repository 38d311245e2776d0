import Foundation
import Testing

@testable import Kith

/// What Kith keeps of an address book's cards, without a server: taking cards in, the
/// three-way merge, and which people a push compares.
@Suite("Address book cards")
struct AddressBookCardsTests {
    let database: Database
    let book: AddressBook

    init() throws {
        database = try Database.openKith(at: .inMemory)
        book = try database.write {
            try $0.addressBooks.add(url: "https://dav.example.org/ann/contacts/", username: "ann")
        }
    }

    private func card(_ href: String, _ lines: String..., etag: String = "1") -> ServerCard {
        let text = (["BEGIN:VCARD", "VERSION:3.0"] + lines + ["END:VCARD"]).joined(separator: "\r\n") + "\r\n"
        return ServerCard(href: "/ann/contacts/\(href)", etag: etag, data: Data(text.utf8))
    }

    @Test func aCardTheStoreRefusesIsLeftOutAndTheOthersGoIn() throws {
        let applied = try database.write { connection in
            try connection.addressBooks.apply(
                [card("good.vcf", "UID:g", "FN:Good Name"), card("bad.vcf", "UID:b", "FN:Bad\u{0}Name")], to: book.id,
                on: .on("2026-11-30"))
        }
        #expect(applied.changes.map(\.kind) == [.added])
        #expect(applied.rejected.map(\.file) == ["/ann/contacts/bad.vcf"])
        #expect(applied.rejected.first?.reason.contains("NUL") == true)
        #expect(try database.read { try $0.people.all().map(\.name) } == ["Good Name"])
        #expect(try database.read { try $0.addressBooks.cards(of: book.id).map(\.href) } == ["/ann/contacts/good.vcf"])
    }

    @Test func theMergeTakesEachFieldFromTheSideThatChangedItAndTheServersWhenBothDid() throws {
        func person(_ title: String?, _ organization: String?, _ phone: String) -> Person {
            Person(
                id: 1, name: "Ann Lee", organization: organization, title: title, isArchived: false, emails: [],
                phones: [PhoneNumber(phone)], createdAt: .distantPast, updatedAt: .distantPast)
        }
        let base = person("Editor", "Acme", "1")
        let merged = ContactFields.merge(
            base: base, local: person("Runner", "Acme", "2"), server: person("Editor", "Globex", "3"))
        #expect(merged.person.title == "Runner")  // only Kith changed it
        #expect(merged.person.organization == "Globex")  // only the server changed it
        #expect(merged.person.phones == [PhoneNumber("3")])  // both: the server's
        #expect(merged.conflicts.map(\.field) == ["phones"])
        #expect(merged.conflicts.map(\.kithValue) == ["2"])
    }

    @Test func aHandEditOfAnEmailMarksThePersonForThePushAndAnUnchangedPersonIsNotSent() throws {
        try database.write { connection in
            _ = try connection.addressBooks.apply(
                [card("ann.vcf", "UID:a", "FN:Ann Lee", "EMAIL:ann@example.org"), card("bo.vcf", "UID:b", "FN:Bo")],
                to: book.id, on: .on("2026-11-30"))
        }
        #expect(try database.write { try $0.addressBooks.outgoingCards(of: book.id, includeNotes: false) }.isEmpty)
        try database.write { connection in
            try connection.execute(sql: "UPDATE emails SET address = 'ann@new.org' WHERE address = 'ann@example.org'")
        }
        let marked = try database.read {
            try $0.fetchAll(String.self, sql: "SELECT href FROM address_book_cards WHERE changed_here = 1")
        }
        #expect(marked == ["/ann/contacts/ann.vcf"])
        let outgoing = try database.write { try $0.addressBooks.outgoingCards(of: book.id, includeNotes: false) }
        #expect(outgoing.map(\.href) == ["/ann/contacts/ann.vcf"])
        #expect(outgoing.first?.etag == "1")
        #expect(outgoing.first?.text.contains("EMAIL:ann@new.org") == true)
        #expect(outgoing.first?.text.contains("UID:a") == true)
    }
}
