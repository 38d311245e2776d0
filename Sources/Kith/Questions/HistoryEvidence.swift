import Foundation

/// What already passed between me and each person, as evidence for an article: the people
/// with whom I shared the stored resources most like it (either way), the classical answer
/// to "who liked things like this?".
///
/// Resources are compared by the cosine of their topics (a topic found in the article's text
/// counting its share, ``Questions/Scoring/detectedPhraseShare`` or
/// ``Questions/Scoring/detectedWordShare``), each topic weighed by how rare it is among
/// resources (`idf(t) = ln(1 + (R − r(t) + 0.5) / (r(t) + 0.5))`, with `R` resources of which
/// `r(t)` have the topic). The ``Questions/Scoring/similarResources`` most similar ones count:
/// each gives everyone it passed between us `historyWeight × S × similarity × reception`,
/// where `S = interestPoints × Σ idf(t)` over the topics compared (their rarity among people,
/// as for interests), and reception is 1 for a resource they gave me or a gift of mine that
/// was thanked or useful, ``Questions/Scoring/givenShareFactor`` for a gift I know nothing
/// more of, and ``Questions/Scoring/unansweredShareFactor`` for one that got no reply.
struct HistoryEvidence {
    /// A similar resource that passed between me and a person, and what it scores.
    struct Match {
        let resource: Resource.ID
        let points: Double
    }

    /// Each person's points (the sum of their matches), by ascending person id.
    private(set) var points: [(person: Person.ID, points: Double)] = []
    /// Every match, with whom it was shared, by resource.
    private var shares: [(person: Person.ID, match: Match)] = []

    /// The points of `person`, if they have any: a binary search.
    func points(of person: Person.ID) -> Double? {
        let low = points.lowerBound { $0.person < person }
        return low < points.count && points[low].person == person ? points[low].points : nil
    }

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
        // Summed in topic order, so that they come out alike in every process.
        let compared = topics.keys.sorted()
        let queryNorm = sqrt(compared.map { pow(index.resourceIDF($0), 2) }.reduce(0, +))
        guard queryNorm > 0 else { return }
        let scale =
            Questions.Scoring.historyWeight * Questions.Scoring.interestPoints
            * compared.map(index.idf).reduce(0, +)
        // Every resource with one of the topics, once per topic, gathered in arrays and sorted
        // by resource (then topic, so that sums come out alike in every process).
        var entries: [(resource: Int64, topic: Topic.ID, weight: Double, length: Float)] = []
        entries.reserveCapacity(topics.keys.map { index.resourceTopics[$0]?.count ?? 0 }.reduce(0, +))
        for (topic, confidence) in topics {
            let weight = confidence * pow(index.resourceIDF(topic), 2)
            index.resourceTopics[topic]?.forEach { resource, _, length in
                entries.append((resource, topic, weight, length))
            }
        }
        entries.sort { $0.resource != $1.resource ? $0.resource < $1.resource : $0.topic < $1.topic }
        // The most similar, best first (then by id): each resource is compared with the last
        // kept, and only one that beats it is put in its place.
        var similar: [(resource: Resource.ID, similarity: Double)] = []
        func keep(_ resource: Resource.ID, _ similarity: Double) {
            let beats = { (kept: (resource: Resource.ID, similarity: Double)) in
                similarity != kept.similarity ? similarity > kept.similarity : resource < kept.resource
            }
            guard similar.count < Questions.Scoring.similarResources || beats(similar[similar.count - 1]) else {
                return
            }
            similar.insert((resource, similarity), at: similar.firstIndex(where: beats) ?? similar.endIndex)
            if similar.count > Questions.Scoring.similarResources { similar.removeLast() }
        }
        var start = entries.startIndex
        while start < entries.endIndex {
            let resource = entries[start].resource
            var end = start
            var overlap = 0.0
            while end < entries.endIndex, entries[end].resource == resource {
                overlap += entries[end].weight
                end += 1
            }
            let length = Double(entries[start].length)
            if length > 0, overlap > 0, !excluded.contains(Resource.ID(rawValue: resource)) {
                keep(Resource.ID(rawValue: resource), overlap / (length * queryNorm))
            }
            start = end
        }
        guard !similar.isEmpty else { return }
        let similarity = Dictionary(uniqueKeysWithValues: similar)

        // Shared more than once, either way: the best reception counts. Shares come resource
        // by resource, so each resource's similarity is looked up once.
        var last: (resource: Resource.ID, person: Person.ID, reception: RankingIndex.Reception)?
        var current: (resource: Resource.ID, similarity: Double)?
        func record(_ share: (resource: Resource.ID, person: Person.ID, reception: RankingIndex.Reception)) {
            if current?.resource != share.resource { current = (share.resource, similarity[share.resource] ?? 0) }
            let points = scale * (current?.similarity ?? 0) * share.reception.factor
            shares.append((share.person, Match(resource: share.resource, points: Questions.rounded(points))))
        }
        try RankingIndex.forEachShare(of: similar.map(\.resource), in: connection) { resource, person, reception in
            if let earlier = last, earlier.resource == resource, earlier.person == person {
                last?.reception.formUnion(reception)
            } else {
                if let earlier = last { record(earlier) }
                last = (resource, person, reception)
            }
        }
        if let last { record(last) }
        // Summed person by person (then resource by resource, so that sums come out alike in
        // every process): a sort, cheaper than a table keyed by person.
        for (person, match) in shares.sorted(by: { ($0.person, $0.match.resource) < ($1.person, $1.match.resource) }) {
            if points.last?.person == person {
                points[points.count - 1].points += match.points
            } else {
                points.append((person, match.points))
            }
        }
    }
}
