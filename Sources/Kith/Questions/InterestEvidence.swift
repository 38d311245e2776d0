import Foundation

/// How strongly each person's interests say they would want an article about some topics:
/// BM25 over weighted interests, with each topic weighed by how rare it is among my people
/// and each person's profile measured by how much specific interest it declares.
///
/// For a topic `t` matched with confidence `c` (1 when given, less when detected) and a
/// person who weighs it `w`:
///
///     points = interestPoints × c × idf(t) × w (k1 + 1) / (w + k1 (1 − b + b L / avgL))
///     idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))
///
/// where `N` is the number of people (each a document, as in BM25, even with no interest),
/// `n(t)` how many of them care about `t` (kept by the schema in `topic_statistics`), `L` the length of the person's profile (`√Σ (w × idf)²` over all their
/// interests, as in cosine similarity) and `avgL` the root mean square of everyone's
/// length. See ``Questions/Scoring``.
struct InterestEvidence {
    /// One interest of a person in one of the article's topics, and what it scores.
    struct Match {
        let topic: Topic.ID
        let weight: Int
        let points: Double
    }

    /// The matches of the people scored so far (see ``score(_:in:)``), strongest first.
    private(set) var matches: [Person.ID: [Match]] = [:]
    /// For everyone who cares about one of the topics, the most their interests can score:
    /// what they would score if their profile held nothing but the matched interests.
    private(set) var upperBounds: [Person.ID: Double] = [:]

    private let topics: [Topic.ID: Double]
    private var idf: [Topic.ID: Double] = [:]
    private var typicalLength = 1.0
    /// Every interest in one of the topics, in the order of the index (by topic).
    private var postings: [(person: Person.ID, topic: Topic.ID, weight: Int)] = []

    /// Reads the network's statistics and who cares about each of `topics` (with each
    /// topic's confidence), one index range per topic, and bounds what each of them can score.
    init(topics: [Topic.ID: Double], in connection: Connection) throws {
        self.topics = topics
        guard !topics.isEmpty else { return }
        let statistics = try connection.fetchAll(
            (Topic.ID, Int, Int).self,
            sql: "SELECT topic_id, people, weight_squares FROM topic_statistics")
        let people = Double(try connection.fetchValue(sql: "SELECT count(*) FROM people") as Int? ?? 0)
        idf.reserveCapacity(statistics.count)
        var sumOfSquares = 0.0
        for (topic, count, squaredWeights) in statistics {
            let value = log(1 + (people - Double(count) + 0.5) / (Double(count) + 0.5))
            idf[topic] = value
            sumOfSquares += value * value * Double(squaredWeights)
        }
        // The root mean square of everyone's profile length, from the topics' sums alone.
        typicalLength = people > 0 && sumOfSquares > 0 ? sqrt(sumOfSquares / people) : 1

        postings = try connection.fetchAll(
            (Person.ID, Topic.ID, Int).self,
            sql: "SELECT person_id, topic_id, weight FROM interests WHERE topic_id IN (SELECT value FROM json_each(?))",
            arguments: [Topic.ID.jsonArray(Array(topics.keys))])
        // The length of each profile counting the matched interests alone: never more than the whole.
        var matchedLength: [Person.ID: Double] = [:]
        matchedLength.reserveCapacity(postings.count)
        for (person, topic, weight) in postings {
            matchedLength[person, default: 0] += pow(Double(weight) * idf[topic, default: 0], 2)
        }
        upperBounds.reserveCapacity(matchedLength.count)
        for (person, topic, weight) in postings {
            // Each match's points are rounded to hundredths: allow for rounding up.
            upperBounds[person, default: 0] += points(topic, weight, length: sqrt(matchedLength[person] ?? 0)) + 0.01
        }
    }

    /// Scores `people` exactly, reading their whole profiles (one index range each).
    mutating func score(_ people: [Person.ID], in connection: Connection) throws {
        let unscored = Set(people.filter { matches[$0] == nil && upperBounds[$0] != nil })
        guard !unscored.isEmpty else { return }
        var squaredLength: [Person.ID: Double] = [:]
        for (person, topic, weight) in try connection.fetchAll(
            (Person.ID, Topic.ID, Int).self,
            sql: """
                SELECT i.person_id, i.topic_id, i.weight
                FROM json_each(?) candidate CROSS JOIN interests i ON i.person_id = candidate.value
                """,
            arguments: [Person.ID.jsonArray(Array(unscored))])
        {
            squaredLength[person, default: 0] += pow(Double(weight) * idf[topic, default: 0], 2)
        }
        for (person, topic, weight) in postings where unscored.contains(person) {
            let points = Questions.rounded(points(topic, weight, length: sqrt(squaredLength[person] ?? 0)))
            matches[person, default: []].append(Match(topic: topic, weight: weight, points: points))
        }
        for person in unscored {
            matches[person]?.sort { $0.points > $1.points }
        }
    }

    /// What an interest of this weight in `topic` scores for someone whose profile has this length.
    private func points(_ topic: Topic.ID, _ weight: Int, length: Double) -> Double {
        let k1 = Questions.Scoring.weightSaturation
        let b = Questions.Scoring.profileNormalization
        let w = Double(weight)
        return Questions.Scoring.interestPoints * topics[topic, default: 0] * idf[topic, default: 0]
            * w * (k1 + 1) / (w + k1 * (1 - b + b * length / typicalLength))
    }
}
