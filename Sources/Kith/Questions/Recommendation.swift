/// Something to pass on: a stored resource, or a draft of one I have not stored.
public struct ResourceDraft: Hashable, Sendable {
    public var title: String
    public var url: String?
    /// Topic names or aliases the caller knows the resource is about.
    public var topics: [String]
    /// More text to match: a summary, a paragraph, the whole article.
    public var text: String?

    public init(title: String, url: String? = nil, topics: [String] = [], text: String? = nil) {
        self.title = title
        self.url = url
        self.topics = topics
        self.text = text
    }
}

/// One person who would genuinely want something, how strongly, and why.
public struct Recommendation: Hashable, Sendable {
    public let personID: Person.ID
    public let name: String
    /// The sum of the reasons' points; higher is better.
    public let score: Double
    /// Why, strongest first.
    public let reasons: [Reason]

    /// How many pieces of evidence support it (interests, similar resources, notes, shared
    /// commitments): the first tie-breaker between equal scores.
    public var evidence: Int {
        reasons.filter { $0.kind.isEvidence }.count
    }
}

/// One reason behind a suggestion: which signal, what matched, and the points it adds (or takes away).
public struct Reason: Hashable, Sendable, CustomStringConvertible {
    /// The signal a reason comes from.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case interest, history, note, commitment, restraint, reciprocity, drift

        /// True for the kinds that are a reason to suggest someone; the others only reorder.
        public var isEvidence: Bool {
            switch self {
            case .interest, .history, .note, .commitment: true
            case .restraint, .reciprocity, .drift: false
            }
        }
    }

    public let kind: Kind
    /// What matched, in words: "running (5/5)", "'Hill repeats' passed between us",
    /// "'speech recognition'", "no contact for 14 months".
    public let detail: String
    public let points: Double

    /// "interest: running (5/5)", "note: 'speech recognition'", "shared commitment: River 10K",
    /// "no contact for 14 months".
    public var description: String {
        switch kind {
        case .interest, .note, .history: "\(kind.rawValue): \(detail)"
        case .commitment: "shared commitment: \(detail)"
        case .restraint, .reciprocity, .drift: detail
        }
    }
}
