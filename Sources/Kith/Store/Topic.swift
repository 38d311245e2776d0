/// A topic people care about: "running", "machine learning", with other names ("ML").
public struct Topic: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Topic>

    public let id: ID
    public var name: String
    /// True when I care about this topic myself.
    public var isMine: Bool
    /// Other names that mean this topic, such as "ML" for "machine learning".
    public var aliases: [String]
}

/// What a person cares about, and how much: a weight from 1 (a little) to 5 (a passion).
public struct Interest: Identifiable, Hashable, Sendable {
    public typealias ID = EntityID<Interest>

    public let id: ID
    public let personID: Person.ID
    public let topicID: Topic.ID
    /// The topic's name, for display.
    public let topicName: String
    public var weight: Int
    public var learnedOn: Day
}
