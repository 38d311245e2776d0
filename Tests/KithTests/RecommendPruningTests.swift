import Testing
@testable import Kith

/// "Who should get this?" reads only what can change its top N; these tests check that the
/// shortcut never changes an answer, against the same question answered by reading everything.
@Suite("Recommend pruning")
struct RecommendPruningTests {
    static let drafts = [
        // Popular, middling and rare topics together, and words found in notes.
        ResourceDraft(title: "Running and climate", topics: ["running 0", "climate 0", "data 2"],
                      text: "Notes on milokan and lokakan for runners"),
        // One rare topic: few people, so weak interests and notes count.
        ResourceDraft(title: "An evening of jazz", topics: ["jazz 2"]),
        // No topic at all: only notes and how-we-met texts can match.
        ResourceDraft(title: "Milokan, lokakan and sunekan", text: "a piece on taripon"),
        // A URL already shared with some people, who must stay out.
        ResourceDraft(title: "Resource 3", url: "https://example.com/3", topics: ["running 0", "cycling 0"]),
    ]

    @Test(arguments: [1, 5, 40])
    func pruningNeverChangesTheAnswer(limit: Int) throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try SyntheticNetwork(people: 1_500, topics: 60, seed: 3).build(in: connection)
            try connection.execute(sql: "UPDATE people SET is_archived = 1 WHERE id % 17 = 0")
        }
        // In the middle of the shares (restraint counts) and long after them (drift counts).
        for asOf in [Day.on("2025-06-01"), Day.on("2027-03-01")] {
        for draft in Self.drafts {
            let (pruned, full) = try database.read { connection in
                (try connection.questions.recommend(draft, storedAs: nil, limit: limit, asOf: asOf),
                 try connection.questions.recommend(draft, storedAs: nil, limit: limit, asOf: asOf, exhaustive: true))
            }
            #expect(pruned.count == min(limit, full.count) && !full.isEmpty, "\(draft.title)")
            #expect(pruned == full, "\(draft.title)")
        }
        }
    }
}
