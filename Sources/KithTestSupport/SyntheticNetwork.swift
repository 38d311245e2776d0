import Foundation
import Kith

/// Builds a believable, deterministic network of a given size, for tests and benchmarks.
///
/// Topic popularity is skewed (Zipf-like: the first topics are far more common), each person
/// has about ``interestsPerPerson`` interests and ``sharesPerPerson`` shares, a note, a few
/// interactions, and some belong to commitments. The same seed always gives the same data.
///
/// ```swift
/// let database = try Database.openKith(at: .file(path))
/// try database.write { try SyntheticNetwork(people: 10_000).build(in: $0) }
/// ```
public struct SyntheticNetwork: Sendable {
    public var people: Int
    public var topics: Int
    public var interestsPerPerson: Int
    public var sharesPerPerson: Int
    public var resources: Int
    public var seed: UInt64

    public init(
        people: Int, topics: Int = 300, interestsPerPerson: Int = 10, sharesPerPerson: Int = 10,
        resources: Int? = nil, seed: UInt64 = 42
    ) {
        self.people = people
        self.topics = topics
        self.interestsPerPerson = interestsPerPerson
        self.sharesPerPerson = sharesPerPerson
        self.resources = resources ?? max(50, people / 10)
        self.seed = seed
    }

    static let words = [
        "running", "literacy", "gardening", "chess", "robotics", "poetry", "climate", "jazz", "cycling", "cooking",
        "startups", "design", "history", "astronomy", "photography", "education", "health", "music", "policy", "data",
    ]

    /// Words for notes and how-we-met texts: the topic words and enough others that a given
    /// word appears in about one note in a hundred, as in real notes.
    static let noteWords: [String] = {
        let syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "po", "de", "va"]
        let others = (0..<980).map { (k: Int) -> String in
            [k % 10, (k / 10) % 10, (k / 100) % 10].map { syllables[$0] }.joined() + "n"
        }
        return words + others
    }()

    /// The name of topic `id` (1 is the most popular): "running 0", …, "data 0", "running 1", ….
    public static func topicName(_ id: Int) -> String {
        "\(words[(id - 1) % words.count]) \((id - 1) / words.count)"
    }

    /// Inserts the network through `connection`, in one unit of work.
    public func build(in connection: Connection) throws {
        var random = SplitMix64(seed: seed)
        try connection.transaction {
            for topic in 0..<topics {
                let stored = try connection.interests.addTopic(named: Self.topicName(topic + 1))
                precondition(
                    stored.id.rawValue == Int64(topic + 1), "a synthetic network is built into an empty database")
            }
            for resource in 1...resources {
                try connection.execute(
                    sql: "INSERT INTO resources(id, title, url, url_key) VALUES (?, ?, ?, ?)",
                    arguments: [
                        resource, "Resource \(resource)", "https://example.com/\(resource)",
                        "https://example.com/\(resource)",
                    ])
                try connection.execute(
                    sql: "INSERT OR IGNORE INTO resource_topics(resource_id, topic_id) VALUES (?, ?)",
                    arguments: [resource, skewedTopic(&random)])
            }
            for person in 1...people {
                try connection.execute(
                    sql: "INSERT INTO people(id, name, how_we_met) VALUES (?, ?, ?)",
                    arguments: [
                        person, "Person \(person)",
                        "met at a \(Self.noteWords[random.next(Self.noteWords.count)]) event",
                    ])
                try connection.execute(
                    sql: "INSERT INTO notes(person_id, body, written_on) VALUES (?, ?, '2026-01-01')",
                    arguments: [
                        person,
                        "Talked about \(Self.noteWords[random.next(Self.noteWords.count)]) and \(Self.noteWords[random.next(Self.noteWords.count)])",
                    ])
                for _ in 0..<interestsPerPerson {
                    try connection.execute(
                        sql:
                            "INSERT OR IGNORE INTO interests(person_id, topic_id, weight, learned_on) VALUES (?, ?, ?, '2026-01-01')",
                        arguments: [person, skewedTopic(&random), 1 + random.next(5)])
                }
                for _ in 0..<sharesPerPerson {
                    try connection.execute(
                        sql: "INSERT INTO shares(resource_id, person_id, direction, shared_on) VALUES (?, ?, ?, ?)",
                        arguments: [
                            1 + random.next(resources), person, random.next(3) == 0 ? "received" : "given",
                            Day.on(year: 2025, dayOfYear: 1 + random.next(330)).description,
                        ])
                }
                for _ in 0..<(1 + random.next(3)) {
                    try connection.execute(
                        sql:
                            "INSERT INTO interactions(person_id, kind, occurred_on, minutes) VALUES (?, 'coffee', ?, 30)",
                        arguments: [person, Day.on(year: 2024, dayOfYear: 1 + random.next(700)).description])
                }
            }
            for commitment in 1...max(1, people / 1000) {
                try connection.execute(
                    sql: "INSERT INTO commitments(id, name, kind, cause) VALUES (?, ?, 'volunteer', ?)",
                    arguments: [commitment, "Commitment \(commitment)", Self.words[commitment % Self.words.count]])
                for _ in 0..<10 {
                    try connection.execute(
                        sql: "INSERT OR IGNORE INTO commitment_members(commitment_id, person_id) VALUES (?, ?)",
                        arguments: [commitment, 1 + random.next(people)])
                }
            }
        }
    }

    /// A topic id where topic k is about 1/k as likely as topic 1.
    private func skewedTopic(_ random: inout SplitMix64) -> Int {
        let u = Double(random.next(1_000_000) + 1) / 1_000_001
        return min(topics, Int(pow(Double(topics + 1), u)))
    }
}

/// A small, fast, seedable random number generator (SplitMix64): the same seed gives the
/// same sequence on every machine, for reproducible test data and fuzzing.
///
/// ```swift
/// var random = SplitMix64(seed: 7)
/// let roll = random.next(6)  // 0..<6, the same on every run
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator that starts from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    public mutating func next(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }
}

extension Day {
    /// The `dayOfYear`-th day counted from January 1st of `year` (it may run into the next year).
    static func on(year: Int, dayOfYear: Int) -> Day {
        // January 1st always exists.
        try! Day(year: year, month: 1, day: 1).adding(days: dayOfYear - 1)
    }
}
