import Foundation

/// An address book found on a server.
public struct DiscoveredAddressBook: Sendable, Hashable {
    /// The collection's URL, ending in `/`.
    public let url: URL
    /// Its display name, when the server gives one.
    public let name: String?
}

/// Finds a user's address books from any URL of their server (RFC 6764 and RFC 6352):
/// `/.well-known/carddav` first when the URL has no path, then the user's principal
/// (`current-user-principal`), its `addressbook-home-set`, and the collections there whose
/// resource type is an address book. A URL that is itself an address book is returned as it is.
///
/// ```swift
/// let books = try await CardDAVDiscovery.addressBooks(
///     at: URL(string: "https://dav.example.org/")!,
///     credentials: CardDAVCredentials(username: "ann", password: password))
/// ```
public enum CardDAVDiscovery {
    /// The address books the user has on the server at `url`.
    ///
    /// - throws: ``SyncError``: `.unauthorized` for refused credentials, `.unreachable`,
    ///   `.protocolViolation` when the server has no address book for this user.
    public static func addressBooks(
        at url: URL, credentials: CardDAVCredentials, timeout: TimeInterval = 30
    ) async throws -> [DiscoveredAddressBook] {
        let client = CardDAVClient(credentials: credentials, timeout: timeout)
        var starts = [url]
        if url.path.isEmpty || url.path == "/", let wellKnown = URL(string: "/.well-known/carddav", relativeTo: url) {
            starts.insert(wellKnown.absoluteURL, at: 0)
        }
        var lastError: SyncError?
        for start in starts {
            do {
                let found = try await addressBooks(from: start, client: client)
                if !found.isEmpty { return found }
            } catch let error as SyncError where error.kind != .unauthorized && error.kind != .unreachable {
                lastError = error
            }
        }
        throw lastError
            ?? SyncError(
                .protocolViolation, operation: "discovery", url: url.absoluteString,
                reason: "found no address book for this user")
    }

    private static func addressBooks(from url: URL, client: CardDAVClient) async throws -> [DiscoveredAddressBook] {
        let first = try await client.propfind(
            url, depth: 0, properties: "<d:current-user-principal/><d:resourcetype/><d:displayname/>")
        if let own = first.first, own.property("resourcetype")?.contains("addressbook", DAVNamespace.cardDAV) == true {
            return [book(own, base: url)].compactMap { $0 }
        }
        guard
            let principalHref = first.lazy.compactMap({ $0.property("current-user-principal")?.child("href") })
                .first?.trimmedText, let principal = URL(string: principalHref, relativeTo: url)?.absoluteURL
        else { return [] }
        let homes = try await client.propfind(principal, depth: 0, properties: "<c:addressbook-home-set/>")
            .flatMap { $0.property("addressbook-home-set", DAVNamespace.cardDAV)?.all("href") ?? [] }
            .compactMap { URL(string: $0.trimmedText, relativeTo: principal)?.absoluteURL }
        var found: [DiscoveredAddressBook] = []
        for home in homes {
            let members = try await client.propfind(home, depth: 1, properties: "<d:resourcetype/><d:displayname/>")
            found += members.filter {
                $0.property("resourcetype")?.contains("addressbook", DAVNamespace.cardDAV) == true
            }.compactMap { book($0, base: home) }
        }
        return found
    }

    private static func book(_ response: DAVResponse, base: URL) -> DiscoveredAddressBook? {
        let href = response.href.hasSuffix("/") ? response.href : response.href + "/"
        guard let url = URL(string: href, relativeTo: base)?.absoluteURL else { return nil }
        let name = response.property("displayname")?.trimmedText
        return DiscoveredAddressBook(url: url, name: name?.isEmpty == false ? name : nil)
    }
}
