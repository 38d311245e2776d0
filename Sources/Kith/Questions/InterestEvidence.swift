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

    /// Each candidate's matches, strongest first.
    private(set) var matches: [Person.ID: [Match]] = [:]

    /// Reads the network's statistics and every candidate's profile, and scores the
    /// interests of everyone who cares about one of `topics` (with each topic's confidence).
    init(topics: [Topic.ID: Double], in connection: Connection) throws {
        guard !topics.isEmpty else { return }
        let statistics = try connection.fetchAll(
            sql: "SELECT topic_id, people, weight_squares FROM topic_statistics",
            { (try $0[0] as Topic.ID, try $0[1] as Int, try $0[2] as Int) })
        let people = Double(try connection.fetchValue(sql: "SELECT count(*) FROM people") as Int? ?? 0)
        var idf: [Topic.ID: Double] = [:]
        idf.reserveCapacity(statistics.count)
        var sumOfSquares = 0.0
        for (topic, count, squaredWeights) in statistics {
            let value = log(1 + (people - Double(count) + 0.5) / (Double(count) + 0.5))
            idf[topic] = value
            sumOfSquares += value * value * Double(squaredWeights)
        }
        // The root mean square of everyone's profile length, from the topics' sums alone.
        let typicalLength = people > 0 ? sqrt(sumOfSquares / people) : 1

        let rows = try connection.fetchAll(
            sql: """
                SELECT i.person_id, i.topic_id, i.weight
                FROM (SELECT DISTINCT person_id AS id FROM interests WHERE topic_id IN (SELECT value FROM json_each(?)))
                    AS candidate CROSS JOIN interests i ON i.person_id = candidate.id
                """,
            arguments: [Topic.ID.jsonArray(Array(topics.keys))],
            { (try $0[0] as Person.ID, try $0[1] as Topic.ID, try $0[2] as Int) })
        var squaredLength: [Person.ID: Double] = [:]
        var matched: [Person.ID: [(Topic.ID, Int)]] = [:]
        for (person, topic, weight) in rows {
            squaredLength[person, default: 0] += pow(Double(weight) * (idf[topic] ?? 0), 2)
            if topics[topic] != nil { matched[person, default: []].append((topic, weight)) }
        }
        let k1 = Questions.Scoring.weightSaturation
        let b = Questions.Scoring.profileNormalization
        matches.reserveCapacity(matched.count)
        for (person, interests) in matched {
            let norm = 1 - b + b * sqrt(squaredLength[person] ?? 0) / typicalLength
            matches[person] = interests.map { topic, weight in
                let w = Double(weight)
                let points = Questions.Scoring.interestPoints * (topics[topic] ?? 0) * (idf[topic] ?? 0)
                    * w * (k1 + 1) / (w + k1 * norm)
                return Match(topic: topic, weight: weight, points: Questions.rounded(points))
            }.sorted { $0.points > $1.points }
        }
    }
}
