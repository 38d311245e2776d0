import Foundation

extension Connection {
    /// The CardDAV address books Kith keeps in step with, and what it knows of their cards.
    public var addressBooks: AddressBookRepository { AddressBookRepository(connection: self) }
}

/// An address book on a CardDAV server that Kith keeps in step with: where it is, who logs
/// in, and how far the last sync got. The password is never stored in the database.
public struct AddressBook: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<AddressBook>

    /// The row's id.
    public let id: ID
    /// The collection's URL, ending in `/`: `https://dav.example.org/ann/contacts/`.
    public var url: String
    /// The name the server knows the user by.
    public var username: String
    /// The collection's sync token (RFC 6578) after the last complete pull; nil before the
    /// first one, or after the server said it expired.
    public var syncToken: String?
    /// When the last complete sync ended.
    public var syncedAt: Date?
}

extension AddressBook: RowDecodable {
    static let table = "address_books"
    static let columns = ["id", "url", "username", "sync_token", "synced_at"]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), url: try column.next(), username: try column.next(), syncToken: try column.next(),
            syncedAt: try column.next())
    }
}

/// Adds, reads and removes address books, and keeps each one's cards in step with Kith's
/// people (``apply(_:to:on:)``, ``removeCard(href:from:)``, ``outgoingCards(of:includeNotes:)``,
/// ``recordSent(_:etag:to:)``). It never talks to a server: the KithSync library does, and
/// calls these inside a write.
///
/// ```swift
/// let book = try database.write {
///     try $0.addressBooks.add(url: "https://dav.example.org/ann/contacts/", username: "ann")
/// }
/// ```
public struct AddressBookRepository {
    let connection: Connection

    /// Adds an address book, or returns the one already at `url` with its username updated.
    ///
    /// - throws: ``StoreError/invalid(field:reason:)`` when the URL is not http(s) or does
    ///   not end in `/` (a collection's URL always does), or the username is empty.
    @discardableResult
    public func add(url: String, username: String) throws -> AddressBook {
        let url = try requiredText(url, field: "url")
        let lowered = url.lowercased()
        try check(
            (lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) && URL(string: url)?.host != nil,
            field: "url", "must be an http or https URL with a host")
        try check(url.hasSuffix("/"), field: "url", "must end in / (the address book's collection)")
        let username = try requiredText(username, field: "username")
        try connection.execute(
            sql: """
                INSERT INTO address_books (url, username) VALUES (?, ?)
                ON CONFLICT (url) DO UPDATE SET username = excluded.username
                """, arguments: [url, username])
        return try connection.fetchOne(
            AddressBook.self, sql: "SELECT \(AddressBook.selection()) FROM address_books WHERE url = ?",
            arguments: [url])!
    }

    /// Every address book, oldest first.
    public func all() throws -> [AddressBook] {
        try connection.fetchAll(
            AddressBook.self, sql: "SELECT \(AddressBook.selection()) FROM address_books ORDER BY id")
    }

    /// The address book with this id, or nil.
    public func get(_ id: AddressBook.ID) throws -> AddressBook? {
        try connection.fetchOne(
            AddressBook.self, sql: "SELECT \(AddressBook.selection()) FROM address_books WHERE id = ?", arguments: [id])
    }

    /// Forgets an address book and what Kith knew of its cards; its people stay.
    public func remove(_ id: AddressBook.ID) throws {
        try connection.execute(sql: "DELETE FROM address_books WHERE id = ?", arguments: [id])
    }

    /// Records a complete pull: the collection's new sync token (nil to start over with a
    /// full listing next time) and when it ended.
    public func recordSync(of id: AddressBook.ID, token: String?, at date: Date) throws {
        try connection.execute(
            sql: "UPDATE address_books SET sync_token = ?, synced_at = ? WHERE id = ?", arguments: [token, date, id])
        if connection.changedRowCount == 0 { throw StoreError.notFound(entity: "address book", id: id.rawValue) }
    }

    /// The cards Kith knows in an address book: each href with its ETag (nil while a PUT's
    /// answer is not recorded) and person.
    public func cards(of id: AddressBook.ID) throws -> [AddressBookCard] {
        try connection.fetchAll(
            AddressBookCard.self,
            sql:
                "SELECT \(AddressBookCard.selection()) FROM address_book_cards WHERE address_book_id = ? ORDER BY href",
            arguments: [id])
    }
}

/// What Kith knows of one card in an address book.
public struct AddressBookCard: Hashable, Sendable {
    /// The card's path on the server: `/ann/contacts/3f2a….vcf`.
    public let href: String
    /// The person the card is.
    public let personID: Person.ID
    /// The card's ETag when Kith last read or wrote it; nil while a PUT's answer is not
    /// recorded (the card may or may not be on the server).
    public let etag: String?
}

extension AddressBookCard: RowDecodable {
    static let table = "address_book_cards"
    static let columns = ["href", "person_id", "etag"]
    init(row column: inout Row.Columns) throws {
        self.init(href: try column.next(), personID: try column.next(), etag: try column.next())
    }
}
