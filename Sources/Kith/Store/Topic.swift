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

extension Topic: RowDecodable {
    static let table = "topics"
    static let columns = ["id", "name", "is_mine"]
    /// A topic without its aliases.
    init(row column: inout Row.Columns) throws {
        self.init(id: try column.next(), name: try column.next(), isMine: try column.next(), aliases: [])
    }
}

extension Interest: RowDecodable {
    static let table = "interests"
    /// With the topic's name, from `topics` joined by its own name.
    static let columns = ["id", "person_id", "topic_id", "topics.name", "weight", "learned_on"]
    init(row column: inout Row.Columns) throws {
        self.init(
            id: try column.next(), personID: try column.next(), topicID: try column.next(),
            topicName: try column.next(), weight: try column.next(), learnedOn: try column.next())
    }
}
