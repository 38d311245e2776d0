/// Why a sync or a discovery failed: what Kith was doing, at which URL, and why.
///
/// Like Kith's other errors it never holds personal data: no card's text, and never the
/// password (which is sent only in the Authorization header).
public struct SyncError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for code that decides whether to try again.
    public enum Kind: Sendable, Hashable {
        /// The server could not be reached, or did not answer in time.
        case unreachable
        /// The server refused the credentials (401).
        case unauthorized
        /// The server answered with this HTTP status where Kith expected success.
        case status(Int)
        /// The server's answer was not what CardDAV promises (not a Multi-Status, no address book).
        case protocolViolation
        /// Kith's database refused what the server sent, or the sync was asked for something it cannot do.
        case refused
    }

    public let kind: Kind
    /// What Kith was doing: "PROPFIND", "sync-collection REPORT", "PUT"….
    public let operation: String
    /// Where: the URL, or the card's href.
    public let url: String
    /// Why, in words.
    public let reason: String

    /// An error of this kind, while doing `operation` at `url`.
    public init(_ kind: Kind, operation: String, url: String, reason: String) {
        (self.kind, self.operation, self.url, self.reason) = (kind, operation, url, reason)
    }

    public var description: String { "\(operation) \(url): \(reason)" }

    /// Whether trying again later may work: the server unreachable, or a 5xx or 429 answer.
    public var isTransient: Bool {
        switch kind {
        case .unreachable: true
        case .status(let status): status >= 500 || status == 429 || status == 408
        default: false
        }
    }
}
