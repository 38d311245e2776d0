import Foundation

/// What already passed between me and each person, as evidence for an article: the people
/// with whom I shared the stored resources most like it (either way), the classical answer
/// to "who liked things like this?".
///
/// Resources are compared by the cosine of their topics (a topic found in the article's text
/// counting its share, ``Questions/Scoring/detectedPhraseShare`` or
/// ``Questions/Scoring/detectedWordShare``), each topic weighed by how rare it is among resources (`idf(t) = ln(1 + (R − r(t) + 0.5) / (r(t) + 0.5))`, with `R` resources of
/// which `r(t)` have the topic). The ``Questions/Scoring/similarResources`` most similar ones
/// count: each gives everyone it passed between us with
/// `historyPoints × similarity × reception`, where reception is 1 for a resource they gave
/// me or a gift of mine that was thanked or useful, ``Questions/Scoring/givenShareFactor``
/// for a gift I know nothing more of, and ``Questions/Scoring/unansweredShareFactor`` for
/// one that got no reply.
struct HistoryEvidence {
    /// A similar resource that passed between me and a person, and what it scores.
    struct Match {
        let resource: Resource.ID
        let points: Double
    }

    /// Each person's points: the sum of their matches.
    private(set) var points: [Person.ID: Double] = [:]
    /// Every match, with whom it was shared, by resource.
    private var shares: [(person: Person.ID, match: Match)] = []

    /// The matches of `people`, strongest first.
    func matches(of people: [Person.ID]) -> [Person.ID: [Match]] {
        let wanted = Set(people)
        var result: [Person.ID: [Match]] = [:]
        for (person, match) in shares where wanted.contains(person) {
            result[person, default: []].append(match)
        }
        return result.mapValues {
            $0.sorted { $0.points != $1.points ? $0.points > $1.points : $0.resource < $1.resource }
        }
    }

    /// Finds the resources most like an article about `topics` (with each topic's
    /// confidence), leaving out `excluded` (the article itself), and who they passed between:
    /// the resources with each topic, and how long each one's topics are, come from `index`.
    init(
        topics: [Topic.ID: Double], excluding excluded: Set<Resource.ID>, index: RankingIndex,
        in connection: Connection
    ) throws {
        // Confidence weighs the overlap but not the article's length, so that an article known
        // only by topics found in its text is at most as similar as their share. A topic no
        // resource has weighs nothing.
        let queryNorm = sqrt(topics.keys.map { pow(index.resourceIDF($0), 2) }.reduce(0, +))
        guard queryNorm > 0 else { return }
        var overlap: [Int64: Double] = [:]
        var norm: [Int64: Float] = [:]
        for (topic, confidence) in topics {
            let weight = confidence * pow(index.resourceIDF(topic), 2)
            index.resourceTopics[topic]?.forEach { resource, _, length in
                overlap[resource, default: 0] += weight
                norm[resource] = length
            }
        }
        for resource in excluded { overlap[resource.rawValue] = nil }
        let similar = overlap.compactMap { resource, overlap -> (Resource.ID, Double)? in
            let length = Double(norm[resource] ?? 0)
            return length > 0 && overlap > 0 ? (Resource.ID(rawValue: resource), overlap / (length * queryNorm)) : nil
        }
        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        .prefix(Questions.Scoring.similarResources)
        guard !similar.isEmpty else { return }
        let similarity = Dictionary(uniqueKeysWithValues: Array(similar))

        // Shared more than once, either way: the best reception counts. The rows of one
        // resource come together, so only its own matches are looked through.
        var current: [Person.ID: Int] = [:]  // where each person's match for the current resource is
        try connection.forEachRow(
            sql: """
                SELECT resource_id, person_id, CASE
                    WHEN direction = 'given' AND reception = 'no-reply' THEN ?2
                    WHEN direction = 'given' AND reception IS NULL THEN ?3
                    ELSE 1.0 END
                FROM shares WHERE resource_id IN (SELECT value FROM json_each(?1)) ORDER BY resource_id
                """,
            arguments: [
                Resource.ID.jsonArray(Array(similarity.keys)), Questions.Scoring.unansweredShareFactor,
                Questions.Scoring.givenShareFactor,
            ]
        ) { row in
            var columns = row.columns
            let (resource, person, factor) = (
                try columns.next(Resource.ID.self), try columns.next(Person.ID.self), try columns.next(Double.self)
            )
            let match = Match(
                resource: resource,
                points: Questions.rounded(Questions.Scoring.historyPoints * (similarity[resource] ?? 0) * factor))
            if shares.last?.match.resource != resource { current.removeAll(keepingCapacity: true) }
            if let earlier = current[person] {
                guard match.points > shares[earlier].match.points else { return }
                points[person, default: 0] += match.points - shares[earlier].match.points
                shares[earlier].match = match
            } else {
                current[person] = shares.endIndex
                shares.append((person, match))
                points[person, default: 0] += match.points
            }
        }
    }
}
