import Kith

/// What a sync did (or, for a dry run, would do).
public struct SyncSummary: Sendable, Hashable {
    /// The cards taken from the server that changed something in Kith, in order: people
    /// added, linked, updated or archived.
    public var pulled: [CardChange] = []
    /// The cards sent to the server.
    public var sent: [OutgoingCard] = []
    /// Cards left out because they are not one readable vCard, or Kith's database refused
    /// them; each error names the card's href. The sync token is kept, so they are read
    /// again next time.
    public var rejected: [InterchangeError] = []
    /// Cards that could not be read or sent this time (a 5xx, a card that changed on the
    /// server at every attempt); the next sync tries them again.
    public var failed: [SyncError] = []
    /// Whether the changes were found by a full listing (no sync token yet, the server's
    /// token expired, or the server has no sync-collection REPORT).
    public var fullListing = false
    /// Whether this was a dry run: nothing was written or sent.
    public var isDryRun = false

    /// An empty summary.
    public init() {}

    /// How many pulled cards did each thing.
    public func count(_ kind: (CardChange.Kind) -> Bool) -> Int { pulled.count { kind($0.kind) } }

    /// New cards that added someone.
    public var added: Int { count { $0 == .added } }
    /// New cards recognized as someone already in Kith.
    public var linked: Int {
        count {
            if case .linked = $0 { true } else { false }
        }
    }
    /// Known cards the server changed.
    public var updated: Int { count { $0 == .updated } }
    /// Cards the server deleted, whose people were archived.
    public var archived: Int { count { $0 == .archived } }
    /// The cards whose fields both sides changed: the server's values won, Kith's are in notes.
    public var conflicts: [CardChange] { pulled.filter { !$0.conflicts.isEmpty } }
    /// New cards sent.
    public var created: Int { sent.count { $0.etag == nil } }
    /// Changed cards sent.
    public var changedOnServer: Int { sent.count { $0.etag != nil } }
    /// Whether every card went through: the next sync starts from this one's sync token.
    public var isComplete: Bool { rejected.isEmpty && failed.isEmpty }
}

/// How far a sync has got, for a progress line.
public struct SyncProgress: Sendable, Hashable {
    /// What the sync is doing.
    public enum Phase: String, Sendable, Hashable {
        /// Asking the server what changed.
        case listing
        /// Reading changed cards and taking them in.
        case pulling
        /// Sending Kith's changes.
        case pushing
    }

    public let phase: Phase
    /// Cards done in this phase.
    public let done: Int
    /// Cards to do in this phase (0 while listing).
    public let total: Int
}
