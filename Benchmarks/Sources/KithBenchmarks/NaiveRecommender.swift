import Foundation
import Kith

/// The baseline a first version might write: load every person with their interests and
/// notes into Swift, and score there (interest weights, plus words shared with notes).
/// It does less than Kith (no stemming, no aliases, no BM25, no exclusions or modifiers),
/// so the comparison flatters it.
struct NaiveRecommender {
    func recommend(_ draft: ResourceDraft, in connection: Connection, limit: Int = 5) throws -> [(String, Double)] {
        let words = Set(
            ([draft.title, draft.text ?? ""].joined(separator: " ")).lowercased()
                .split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 })
        let topics = Set(draft.topics.map { $0.lowercased() })
        var people: [Int64: (name: String, interests: [(String, Int)], notes: [String])] = [:]
        for (id, name, howWeMet) in try connection.fetchAll(
            sql: "SELECT id, name, how_we_met FROM people WHERE is_archived = 0",
            {
                (try $0[0] as Int64, try $0[1] as String, try $0[2] as String?)
            })
        {
            people[id] = (name, [], howWeMet.map { [$0] } ?? [])
        }
        for (person, topic, weight) in try connection.fetchAll(
            sql: "SELECT i.person_id, t.name, i.weight FROM interests i JOIN topics t ON t.id = i.topic_id",
            { (try $0[0] as Int64, try $0[1] as String, try $0[2] as Int) }
        ) {
            people[person]?.interests.append((topic, weight))
        }
        for (person, body) in try connection.fetchAll(
            sql: "SELECT person_id, body FROM notes", { (try $0[0] as Int64, try $0[1] as String) })
        {
            people[person]?.notes.append(body)
        }
        let scored = people.values.compactMap { person -> (String, Double)? in
            let interest = person.interests.filter { topics.contains($0.0.lowercased()) }.map { 10.0 * Double($0.1) }
                .reduce(0, +)
            let noteWords = Set(person.notes.flatMap { $0.lowercased().split { !$0.isLetter }.map(String.init) })
                .intersection(words)
            let score = interest + min(8, 2 * Double(noteWords.count))
            return score > 0 ? (person.name, score) : nil
        }
        return Array(scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(limit))
    }
}
