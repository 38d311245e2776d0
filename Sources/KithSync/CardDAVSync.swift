import Foundation
import Kith

/// Keeps one address book of a CardDAV server and Kith's people in step, both ways.
///
/// A sync first pulls, then pushes:
/// - **Pull**: what changed since the last sync, from a `sync-collection` REPORT with the
///   stored sync token (RFC 6578), or from a full listing of ETags when there is no token,
///   the server says it expired, or the server has no such REPORT; the changed cards are
///   read with `addressbook-multiget` in batches and taken in by
///   ``Kith/AddressBookRepository/apply(_:to:on:)`` (new cards add or match people, changed
///   ones merge field by field, deleted ones archive their person). Each batch is written
///   as it arrives; the sync token is stored only once every card is in, so an interrupted
///   sync starts again from the same token and never adds anyone twice.
/// - **Push**: the cards of people new or changed in Kith, PUT with `If-None-Match: *` or
///   `If-Match`. A 412 means the server's card changed meanwhile: it is read, merged, and
///   sent again, up to ``Options/attempts`` times.
///
/// ```swift
/// let sync = CardDAVSync(
///     database: database, addressBook: book.id,
///     credentials: CardDAVCredentials(username: "ann", password: password))
/// let summary = try await sync.run()
/// print("\(summary.added) added, \(summary.sent.count) sent")
/// ```
public struct CardDAVSync: Sendable {
    /// How a sync behaves.
    public struct Options: Sendable, Hashable {
        /// Send Kith's notes and interests (as NOTE and CATEGORIES) with each card; without
        /// it, cards keep the notes and categories the server gave them.
        public var includeNotes = false
        /// Find and report what would change, writing and sending nothing.
        public var dryRun = false
        /// Cards read in one `addressbook-multiget`, and written in one transaction (at least 1).
        public var batchSize = 500
        /// PUTs of one card before giving up on it for this sync when every one answers 412 (at least 1).
        public var attempts = 5

        /// Options; the defaults send no notes, write and send, read 500 cards a request and try a PUT 5 times.
        public init(includeNotes: Bool = false, dryRun: Bool = false, batchSize: Int = 500, attempts: Int = 5) {
            (self.includeNotes, self.dryRun, self.batchSize, self.attempts) = (
                includeNotes, dryRun, batchSize, attempts
            )
        }
    }

    /// The database the people are in.
    public let database: Database
    /// The address book kept in step.
    public let addressBook: AddressBook.ID
    public var options: Options
    let client: CardDAVClient

    /// A sync of `addressBook`, whose requests give up after `timeout` seconds.
    public init(
        database: Database, addressBook: AddressBook.ID, credentials: CardDAVCredentials, timeout: TimeInterval = 30,
        options: Options = Options()
    ) {
        self.database = database
        self.addressBook = addressBook
        self.options = options
        client = CardDAVClient(credentials: credentials, timeout: timeout)
    }

    /// Pulls, then pushes; notes written for conflicts are dated `day`.
    ///
    /// - throws: ``SyncError`` when the server cannot be reached or refuses the whole sync
    ///   (what was taken in before stays, and the next sync goes on from there);
    ///   `CancellationError` when the task is cancelled.
    public func run(on day: Day = .today(), progress: (@Sendable (SyncProgress) -> Void)? = nil) async throws
        -> SyncSummary
    {
        let id = addressBook
        let (found, stored) = try await database.read {
            (try $0.addressBooks.get(id), try $0.addressBooks.cards(of: id))
        }
        guard let book = found, let url = URL(string: book.url)
        else { throw SyncError(.refused, operation: "sync", url: "address book \(id)", reason: "no such address book") }
        var summary = SyncSummary()
        summary.isDryRun = options.dryRun
        progress?(SyncProgress(phase: .listing, done: 0, total: 0))
        let known = Dictionary(stored.map { ($0.href, $0.etag) }, uniquingKeysWith: { first, _ in first })
        let listing = try await changes(of: url, since: book.syncToken, known: known)
        summary.fullListing = listing.full
        let wanted = listing.members.filter { known[$0.href] ?? nil != $0.etag }
        var fetched: [ServerCard] = []  // for a dry run
        var removed = listing.removed
        var done = 0
        func take(_ read: (cards: [ServerCard], gone: [String], failed: [SyncError])) async throws {
            removed += read.gone
            summary.failed += read.failed
            if options.dryRun {
                fetched += read.cards
            } else {
                let cards = read.cards
                let applied = try await database.write { try $0.addressBooks.apply(cards, to: id, on: day) }
                summary.pulled += applied.changes.filter { $0.kind != .unchanged }
                summary.rejected += applied.rejected
            }
            done += read.cards.count + read.gone.count + read.failed.count
            progress?(SyncProgress(phase: .pulling, done: done, total: wanted.count))
        }
        // The cards the listing brought, as they are.
        let given = wanted.compactMap { member in
            member.data.map { ServerCard(href: member.href, etag: member.etag, data: Data($0.utf8)) }
        }
        for batch in Self.batches(given, of: options.batchSize) {
            try Task.checkCancellation()
            try await take((batch, [], []))
        }
        // The others, read by multiget: the next batch read from the server while this one is written.
        let unread = Self.batches(wanted.filter { $0.data == nil }.map(\.href), of: options.batchSize)
        var next = unread.first.map { batch in Task { try await cards(batch, in: url) } }
        defer { next?.cancel() }
        for index in unread.indices {
            try Task.checkCancellation()
            guard let read = try await next?.value else { break }
            next =
                index + 1 < unread.count ? Task { [batch = unread[index + 1]] in try await cards(batch, in: url) } : nil
            try await take(read)
        }
        if options.dryRun { return try await dryRun(fetched, removed: removed, summary: summary, day: day) }
        let gone = removed
        summary.pulled += try await database.write { connection in
            try gone.compactMap { try connection.addressBooks.removeCard(href: $0, from: id) }
        }
        if summary.isComplete {
            let token = listing.token
            try await database.write { try $0.addressBooks.recordSync(of: id, token: token, at: Date()) }
        } else if listing.full {
            try await database.write { try $0.addressBooks.recordSync(of: id, token: nil, at: Date()) }
        }
        try await push(url, summary: &summary, day: day, progress: progress)
        return summary
    }

    // MARK: Pull

    /// A card the listing named: its href, its ETag, and its vCard when the listing gave it.
    private typealias Member = (href: String, etag: String, data: String?)

    /// The members that changed (all of them after a full listing), the hrefs removed, and
    /// the token to store once they are in. The sync-collection REPORT asks for each card's
    /// data too, so that most servers send the changed cards with the listing.
    private func changes(of collection: URL, since token: String?, known: [String: String?]) async throws -> (
        members: [Member], removed: [String], token: String?, full: Bool
    ) {
        func isCard(_ href: String) -> Bool { !href.hasSuffix("/") }  // not the collection, nor one inside it
        func members(_ responses: [DAVResponse]) -> [Member] {
            responses.filter { isCard($0.href) && $0.status != 404 }.compactMap { response in
                response.property("getetag").map {
                    (
                        path(of: response.href, in: collection), $0.trimmedText,
                        response.property("address-data", DAVNamespace.cardDAV)?.text
                    )
                }
            }
        }
        func report(_ token: String, withData: Bool) async throws -> CardDAVClient.Answer {
            try await client.report(
                collection, operation: "sync-collection REPORT", depth: 0,
                body: Self.syncCollectionBody(token: token, withData: withData))
        }
        var withData = true
        var answer = try await report(token ?? "", withData: true)
        let expired = token != nil && Self.isExpiredToken(answer)
        if expired { answer = try await report("", withData: true) }
        if Self.refusesSyncCollection(answer) {
            withData = false  // perhaps only the card data in it was refused
            answer = try await report(expired ? "" : token ?? "", withData: false)
        }
        if answer.status == 207 {
            let (responses, newToken) = try client.multistatus(answer, operation: "sync-collection REPORT")
            let found = members(responses)
            var removed = responses.filter { isCard($0.href) && $0.status == 404 }.map {
                path(of: $0.href, in: collection)
            }
            let full = token == nil || expired
            if full { removed = Self.missing(from: found.map(\.href), known: known) }
            return (found, removed, newToken, full)
        }
        guard Self.refusesSyncCollection(answer), !withData else {
            throw client.unexpected(answer, operation: "sync-collection REPORT")
        }
        // No sync-collection here: list every card's ETag and compare.
        let found = members(try await client.propfind(collection, depth: 1, properties: "<d:getetag/>"))
        return (found, Self.missing(from: found.map(\.href), known: known), nil, true)
    }

    /// Whether the answer says the server has no sync-collection REPORT (or refused what was asked in it).
    private static func refusesSyncCollection(_ answer: CardDAVClient.Answer) -> Bool {
        [400, 403, 405, 409, 415, 501].contains(answer.status) && !isExpiredToken(answer)
    }

    /// `items` cut into batches of `size`.
    private static func batches<T>(_ items: [T], of size: Int) -> [[T]] {
        let size = max(1, size)
        return stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }

    /// The cards Kith holds with an ETag (so once seen on the server) that a full listing lacks.
    private static func missing(from listed: [String], known: [String: String?]) -> [String] {
        let listed = Set(listed)
        return known.filter { $0.value != nil && !listed.contains($0.key) }.map(\.key).sorted()
    }

    /// The cards at `hrefs`, read with one multiget; when it fails with a 5xx, each card on
    /// its own, so that one bad card does not hold back the others.
    private func cards(_ hrefs: [String], in collection: URL) async throws -> (
        cards: [ServerCard], gone: [String], failed: [SyncError]
    ) {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">\
            <d:prop><d:getetag/><c:address-data/></d:prop>\
            \(hrefs.map { "<d:href>\($0.xmlEscaped)</d:href>" }.joined())</c:addressbook-multiget>
            """
        let answer = try await client.report(
            collection, operation: "addressbook-multiget REPORT", depth: nil, body: body)
        if answer.status == 207 {
            let (responses, _) = try client.multistatus(answer, operation: "addressbook-multiget REPORT")
            var result: (cards: [ServerCard], gone: [String], failed: [SyncError]) = ([], [], [])
            for response in responses {
                let href = path(of: response.href, in: collection)
                if let etag = response.property("getetag")?.trimmedText,
                    let data = response.property("address-data", DAVNamespace.cardDAV)?.text
                {
                    result.cards.append(ServerCard(href: href, etag: etag, data: Data(data.utf8)))
                } else if response.status == 404 {
                    result.gone.append(href)
                } else {
                    result.failed.append(
                        SyncError(
                            .protocolViolation, operation: "addressbook-multiget REPORT", url: href,
                            reason: "the server gave no card and no ETag for it"))
                }
            }
            return result
        }
        guard answer.status >= 500 else { throw client.unexpected(answer, operation: "addressbook-multiget REPORT") }
        var result: (cards: [ServerCard], gone: [String], failed: [SyncError]) = ([], [], [])
        for href in hrefs {
            do {
                if let card = try await card(at: href, in: collection) {
                    result.cards.append(card)
                } else {
                    result.gone.append(href)
                }
            } catch let error as SyncError where error.kind != .unreachable {
                result.failed.append(error)
            }
        }
        return result
    }

    /// One card, with a GET; nil when the server has none at `href`.
    private func card(at href: String, in collection: URL) async throws -> ServerCard? {
        let answer = try await client.send("GET", url(of: href, in: collection), operation: "GET")
        if answer.status == 404 || answer.status == 410 { return nil }
        guard answer.status == 200 else { throw client.unexpected(answer, operation: "GET") }
        var etag = answer.header("ETag")
        if etag == nil {
            etag = try await client.propfind(url(of: href, in: collection), depth: 0, properties: "<d:getetag/>")
                .first?.property("getetag")?.trimmedText
        }
        guard let etag else {
            throw SyncError(
                .protocolViolation, operation: "GET", url: href, reason: "the server gives this card no ETag")
        }
        return ServerCard(href: href, etag: etag, data: answer.body)
    }

    /// What a dry run reports: everything taken in and every card that would be sent,
    /// inside one write that is rolled back.
    private func dryRun(_ fetched: [ServerCard], removed: [String], summary: SyncSummary, day: Day) async throws
        -> SyncSummary
    {
        struct RolledBack: Error { let summary: SyncSummary }
        let (id, includeNotes) = (addressBook, options.includeNotes)
        do {
            try await database.write { connection in
                var summary = summary
                let applied = try connection.addressBooks.apply(fetched, to: id, on: day)
                summary.pulled += applied.changes.filter { $0.kind != .unchanged }
                summary.rejected += applied.rejected
                summary.pulled += try removed.compactMap { try connection.addressBooks.removeCard(href: $0, from: id) }
                summary.sent = try connection.addressBooks.outgoingCards(of: id, includeNotes: includeNotes)
                throw RolledBack(summary: summary)
            }
        } catch let rolledBack as RolledBack {
            return rolledBack.summary
        }
        return summary
    }

    // MARK: Push

    private func push(
        _ collection: URL, summary: inout SyncSummary, day: Day, progress: (@Sendable (SyncProgress) -> Void)?
    ) async throws {
        let (id, includeNotes) = (addressBook, options.includeNotes)
        let outgoing = try await database.write {
            try $0.addressBooks.outgoingCards(of: id, includeNotes: includeNotes)
        }
        progress?(SyncProgress(phase: .pushing, done: 0, total: outgoing.count))
        for (index, card) in outgoing.enumerated() {
            try Task.checkCancellation()
            try await send(card, to: collection, summary: &summary, day: day)
            progress?(SyncProgress(phase: .pushing, done: index + 1, total: outgoing.count))
        }
    }

    /// PUTs one card; after a 412, takes the server's card in and sends what is left to send,
    /// up to ``Options/attempts`` times in all.
    private func send(_ first: OutgoingCard, to collection: URL, summary: inout SyncSummary, day: Day) async throws {
        let (id, includeNotes) = (addressBook, options.includeNotes)
        var card: OutgoingCard? = first
        for _ in 0..<max(1, options.attempts) {
            guard let sending = card else { return }
            var headers = ["Content-Type": "text/vcard; charset=utf-8"]
            if let etag = sending.etag { headers["If-Match"] = etag } else { headers["If-None-Match"] = "*" }
            let answer = try await client.send(
                "PUT", url(of: sending.href, in: collection), operation: "PUT", headers: headers,
                body: Data(sending.text.utf8))
            switch answer.status {
            case 200...299:
                let given = answer.header("ETag")
                guard let etag = given == nil ? try await self.card(at: sending.href, in: collection)?.etag : given
                else {
                    summary.failed.append(
                        SyncError(
                            .protocolViolation, operation: "PUT", url: sending.href,
                            reason: "the server took the card but gives no ETag for it"))
                    return
                }
                try await database.write { try $0.addressBooks.recordSent(sending, etag: etag, to: id) }
                summary.sent.append(sending)
                return
            case 412:
                // Changed (or, for a new card, created) on the server meanwhile: take it in, then try again.
                guard let server = try await self.card(at: sending.href, in: collection) else { continue }
                let (applied, next) = try await database.write { connection in
                    (
                        try connection.addressBooks.apply([server], to: id, on: day),
                        try connection.addressBooks.outgoingCard(href: sending.href, of: id, includeNotes: includeNotes)
                    )
                }
                summary.pulled += applied.changes.filter { $0.kind != .unchanged }
                summary.rejected += applied.rejected
                card = applied.rejected.isEmpty ? next : nil
            default:
                summary.failed.append(client.unexpected(answer, operation: "PUT"))
                return
            }
        }
        if let card {
            summary.failed.append(
                SyncError(
                    .status(412), operation: "PUT", url: card.href,
                    reason: "the card changed on the server at each of \(max(1, options.attempts)) attempts"))
        }
    }

    // MARK: Requests

    /// The href as a path on the server (an answer may give a whole URL).
    private func path(of href: String, in collection: URL) -> String {
        guard href.hasPrefix("http://") || href.hasPrefix("https://"), let url = URL(string: href) else { return href }
        return url.path(percentEncoded: true)
    }

    private func url(of href: String, in collection: URL) -> URL {
        URL(string: href, relativeTo: collection)?.absoluteURL ?? collection
    }

    static func syncCollectionBody(token: String, withData: Bool) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?>
        <d:sync-collection xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">\
        <d:sync-token>\(token.xmlEscaped)</d:sync-token><d:sync-level>1</d:sync-level>\
        <d:prop><d:getetag/>\(withData ? "<c:address-data/>" : "")</d:prop></d:sync-collection>
        """
    }

    /// Whether the server refused the token as expired or unknown (RFC 6578's
    /// `valid-sync-token` precondition).
    static func isExpiredToken(_ answer: CardDAVClient.Answer) -> Bool {
        (400...499).contains(answer.status)
            && DAVElement.parse(answer.body)?.contains("valid-sync-token") == true
    }
}
