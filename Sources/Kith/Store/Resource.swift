import Foundation

/// Something I pass around or receive: an article, a template, a tool, a vendor, a book,
/// an event, advice or a referral.
public struct Resource: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Resource>

    /// What kind of thing a resource is.
    public enum Kind: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case article, template, tool, vendor, book, event, advice, referral, other
    }

    public let id: ID
    public var kind: Kind
    public var title: String
    public var url: String?
    public var summary: String?
    /// The names of the topics it is about.
    public var topics: [String]
    public let createdAt: Date

    /// The form of `url` that Kith compares: scheme and host in lower case, no fragment, no
    /// `utm_*` parameters, no trailing slash. Two URLs with the same key are the same resource.
    ///
    /// ```swift
    /// Resource.urlKey("HTTPS://Example.com/post/?utm_source=x#top")   // "https://example.com/post"
    /// ```
    public static func urlKey(_ url: String) -> String? {
        guard let text = trimmed(url) else { return nil }
        guard var parts = URLComponents(string: text), let scheme = parts.scheme, parts.host != nil else {
            return text
        }
        parts.scheme = scheme.lowercased()
        parts.host = parts.host?.lowercased()
        parts.fragment = nil
        let kept = parts.queryItems?.filter { !$0.name.lowercased().hasPrefix("utm_") }
        parts.queryItems = kept?.isEmpty == false ? kept : nil
        while parts.path.hasSuffix("/") { parts.path.removeLast() }
        return parts.string ?? text
    }
}

/// A resource that passed between me and someone: given to them or received from them.
public struct Share: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Share>

    /// Which way a share went.
    public enum Direction: String, CaseIterable, Sendable, DatabaseValueConvertible {
        /// I gave it to them.
        case given
        /// They gave it to me.
        case received
    }

    /// How a share landed.
    public enum Reception: String, CaseIterable, Sendable, DatabaseValueConvertible {
        case thanked, useful
        case noReply = "no-reply"
    }

    public let id: ID
    public let resourceID: Resource.ID
    public let personID: Person.ID
    public var direction: Direction
    public var sharedOn: Day
    public var note: String?
    public var reception: Reception?
}

extension Resource: RowDecodable {
    static let table = "resources"
    static let columns = ["id", "kind", "title", "url", "summary", "created_at"]
    /// A resource without its topics.
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), kind: try column.next(), title: try column.next(), url: try column.next(),
            summary: try column.next(), topics: [], createdAt: try column.next())
    }
}

extension Share: RowDecodable {
    static let table = "shares"
    static let columns = ["id", "resource_id", "person_id", "direction", "shared_on", "note", "reception"]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), resourceID: try column.next(), personID: try column.next(),
            direction: try column.next(), sharedOn: try column.next(), note: try column.next(),
            reception: try column.next())
    }
}
