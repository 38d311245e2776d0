import KithTestSupport
import Testing

@testable import Kith

/// "Who should get this?" reads only what can change its top N; these tests check that the
/// shortcut never changes an answer, against the same question answered by reading everything.
@Suite("Recommend pruning")
struct RecommendPruningTests {
    static let drafts = [
        // Popular, middling and rare topics together, and words found in notes.
        ResourceDraft(
            title: "Running and climate", topics: ["running 0", "climate 0", "data 2"],
            text: "Notes on milokan and lokakan for runners"),
        // One rare topic: few people, so weak interests and notes count.
        ResourceDraft(title: "An evening of jazz", topics: ["jazz 2"]),
        // No topic at all: only notes and how-we-met texts can match.
        ResourceDraft(title: "Milokan, lokakan and sunekan", text: "a piece on taripon"),
        // A popular given topic and rare ones found in the text: people matched only on the
        // latter score more but rank after everyone matched on the given one.
        ResourceDraft(title: "Running, and more", topics: ["running 0"], text: "poetry 2, jazz 2, data 2 and music 2"),
        // A URL already shared with some people, who must stay out.
        ResourceDraft(title: "Resource 3", url: "https://example.com/3", topics: ["running 0", "cycling 0"]),
    ]

    /// The answer with pruning and the answer that reads everything, the reference.
    static func answers(
        _ draft: ResourceDraft, limit: Int, asOf: Day, in database: Database
    ) throws -> (pruned: [Recommendation], full: [Recommendation]) {
        try database.read { connection in
            (
                try connection.questions.recommend(draft, storedAs: nil, limit: limit, asOf: asOf),
                try connection.questions.recommend(draft, storedAs: nil, limit: limit, asOf: asOf, exhaustive: true)
            )
        }
    }

    /// Adds `count` people named "PREFIX 0", "PREFIX 1", …, each with these interests.
    static func add(_ count: Int, named prefix: String, _ interests: [NewInterest], to connection: Connection) throws {
        for index in 0..<count {
            try connection.people.add(NewPerson(name: "\(prefix) \(index)", interests: interests))
        }
    }

    /// Adds five people ("Keen 0", …) with a weak interest in x, then `people`, all members
    /// of two commitments that ``inReachDraft`` names: they score past anything a note can
    /// add, so the notes are read only for the people still in reach.
    static func addMembers(_ people: [NewPerson], to connection: Connection) throws {
        let keen = (0..<5).map { NewPerson(name: "Keen \($0)", interests: [NewInterest(topic: "x", weight: 2)]) }
        let members = try (keen + people).map { try connection.people.add($0).id }
        for name in ["Milokan Society", "Sunekan Club"] {
            _ = try connection.commitments.add(Commitment(name: name, kind: .volunteer, members: members))
        }
    }

    static let inReachDraft = ResourceDraft(
        title: "Gardening in Zurich, for the Milokan Society and the Sunekan Club", topics: ["x"])

    /// Each person's note reasons, by name.
    static func noteReasons(_ answer: [Recommendation]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: answer.map { ($0.name, $0.reasons.filter { $0.kind == .note }.map(\.detail)) })
    }

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
                let (pruned, full) = try Self.answers(draft, limit: limit, asOf: asOf, in: database)
                #expect(pruned.count == min(limit, full.count) && !full.isEmpty, "\(draft.title)")
                #expect(pruned == full, "\(draft.title)")
            }
        }
    }

    /// People with long profiles match the topic at 5/5 but score less than those with a
    /// single interest; and someone whose interest alone is below the floor is lifted past
    /// them by the modifiers, so the pool must keep everyone within the modifiers' reach.
    @Test func theBoundsOrderTheWorkButNeverTheAnswer() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            let others = (1...19).map { NewInterest(topic: "topic \($0)", weight: 5) }
            try Self.add(40, named: "Broad", [NewInterest(topic: "x", weight: 5)] + others, to: connection)
            try Self.add(5, named: "Focused", [NewInterest(topic: "x", weight: 3)], to: connection)
            try Self.add(100, named: "Elsewhere", [NewInterest(topic: "y", weight: 3)], to: connection)
            // A weaker interest that reciprocity (+2) and drift (+3) lift past the broad profiles.
            let lifted = try connection.people.add(
                NewPerson(
                    name: "Lifted", interests: [NewInterest(topic: "x", weight: 1), NewInterest(topic: "y", weight: 5)])
            )
            for gift in 1...2 {
                let resource = try connection.resources.add(title: "From Lifted \(gift)")
                try connection.resources.share(resource.id, .received, with: lifted.id, on: .on("2025-01-01"))
            }
        }
        let draft = ResourceDraft(title: "About x", topics: ["x"])
        let asOf = Day.on("2026-11-26")
        let (pruned, full) = try Self.answers(draft, limit: 10, asOf: asOf, in: database)
        #expect(full.prefix(6).map(\.name) == (0..<5).map { "Focused \($0)" } + ["Lifted"])
        #expect(pruned == full)
    }

    /// A popular given topic and a rare one found in the text: the people matched only on the
    /// found one score far more, but rank after everyone matched on the given one, so they
    /// must not raise the floor that decides whom to read.
    @Test func peopleMatchedOnlyInTheTextDoNotRaiseTheFloor() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try Self.add(12, named: "Found", [NewInterest(topic: "zq qz", weight: 5)], to: connection)
            try Self.add(3, named: "Keen", [NewInterest(topic: "x", weight: 5)], to: connection)
            try Self.add(
                470, named: "Crowd", [NewInterest(topic: "x", weight: 1), NewInterest(topic: "y", weight: 5)],
                to: connection)
        }
        let draft = ResourceDraft(title: "On zq qz", topics: ["x"])
        let asOf = Day.on("2026-11-26")
        let (pruned, full) = try Self.answers(draft, limit: 10, asOf: asOf, in: database)
        #expect(full.prefix(3).map(\.name) == ["Keen 0", "Keen 1", "Keen 2"])
        #expect(full.dropFirst(3).allSatisfy { $0.name.hasPrefix("Crowd") })
        #expect(pruned == full)
    }

    /// The strongest interests belong to people who can never be suggested (archived): they
    /// must not set the floor that decides whom to read, or nobody eligible would be.
    @Test func peopleWhoCannotBeSuggestedDoNotRaiseTheFloor() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        try database.write { connection in
            try Self.add(15, named: "Archived", [NewInterest(topic: "x", weight: 5)], to: connection)
            try connection.execute(sql: "UPDATE people SET is_archived = 1 WHERE name LIKE 'Archived %'")
            let broad = ["y", "z", "w", "v"].map { NewInterest(topic: $0, weight: 5) }
            try Self.add(8, named: "Mild", [NewInterest(topic: "x", weight: 1)] + broad, to: connection)
            try Self.add(400, named: "Elsewhere", [NewInterest(topic: "y", weight: 3)], to: connection)
        }
        let (pruned, full) = try Self.answers(
            ResourceDraft(title: "x", topics: ["x"]), limit: 5, asOf: Day.on("2026-11-26"), in: database)
        #expect(full.map(\.name) == (0..<5).map { "Mild \($0)" })
        #expect(pruned == full)
    }

    /// Shared commitments lift the best scores past anything a note can add, so notes are read
    /// only for the people still in reach: the note of one of them must be found, and that of
    /// someone out of reach need not be.
    @Test func notesAreReadForThePeopleInReach() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let words = "milokan lokakan sunekan taripon rolomen"
        try database.write { connection in
            var noted = NewPerson(name: "Noted", interests: [NewInterest(topic: "x", weight: 4)])
            noted.notes = ["Talked about \(words)"]
            try Self.addMembers([noted], to: connection)
            try Self.add(200, named: "Crowd", [NewInterest(topic: "y", weight: 5)], to: connection)
            var outsider = NewPerson(name: "Outsider")
            outsider.notes = ["Talked about \(words)"]
            _ = try connection.people.add(outsider)
        }
        let draft = ResourceDraft(title: "The Milokan Society and the Sunekan Club on \(words)", topics: ["x"])
        let (pruned, full) = try Self.answers(draft, limit: 5, asOf: Day.on("2026-11-26"), in: database)
        #expect(full.first?.name == "Noted")
        #expect(full.first?.reasons.contains { $0.kind == .note } == true)
        #expect(!full.contains { $0.name == "Outsider" })
        #expect(pruned == full)
    }

    /// With only a few people in reach, their notes and how-we-met texts are read and
    /// tokenized before the index is searched: they must match exactly as the index matches
    /// them (endings, case and diacritics folded), with the same relevance and marked words.
    @Test func textsReadInReachMatchAsTheIndexMatchesThem() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let texts: [(name: String, note: String?, howWeMet: String?)] = [
            ("Plural", "Walked the GARDENS of Zürich", nil),
            ("Verb", "She gardens. Her garden, her rules", "at a café"),
            ("Met", nil, "met while Gardening in ZURICH"),
            ("Both", "zurich", "gardening"),
            ("Near miss", "gardenia and the Zurichsee", "Gard, Zuri"),
        ]
        try database.write { connection in
            let noted = texts.map { name, note, howWeMet in
                var person = NewPerson(name: name, interests: [NewInterest(topic: "x", weight: 3)])
                person.notes = note.map { [$0] } ?? []
                person.howWeMet = howWeMet
                return person
            }
            try Self.addMembers(noted, to: connection)
            try Self.add(50, named: "Crowd", [NewInterest(topic: "y", weight: 5)], to: connection)
        }
        let (pruned, full) = try Self.answers(Self.inReachDraft, limit: 10, asOf: Day.on("2026-11-26"), in: database)
        #expect(pruned == full)
        let notes = Self.noteReasons(full)
        #expect(notes["Plural"] == ["'GARDENS', 'Zürich'"])
        #expect(notes["Verb"] == ["'gardens', 'garden'"])
        #expect(notes["Met"] == ["'Gardening', 'ZURICH'"])
        #expect(notes["Both"]?.count == 1)
        #expect(notes["Near miss"] == [])
        #expect(full.prefix(3).map(\.name).sorted() == ["Met", "Plural", "Verb"])
    }

    /// Past ``Questions/textBytesTokenized``, the texts of the people in reach are searched
    /// without being read first: a long note still matches as the index matches it.
    @Test func longTextsInReachAreSearchedUnread() throws {
        let folder = try TemporaryDirectory()
        let database = try folder.kith()
        let filler = String(repeating: "nothing to see in this line of filler text. ", count: 2_000)
        try database.write { connection in
            let people = [("Long", filler + "then gardening in Zurich"), ("Short", "gardens"), ("Plain", "chess")].map {
                name, note in
                var person = NewPerson(name: name, interests: [NewInterest(topic: "x", weight: 3)])
                person.notes = [note, "met at a conference"]
                return person
            }
            try Self.addMembers(people, to: connection)
        }
        #expect(filler.utf8.count > Questions.textBytesTokenized)
        let (pruned, full) = try Self.answers(Self.inReachDraft, limit: 8, asOf: Day.on("2026-11-26"), in: database)
        #expect(pruned == full)
        let notes = Self.noteReasons(full)
        #expect(notes["Long"] == ["'gardening', 'Zurich'"])
        #expect(notes["Short"] == ["'gardens'"])
        #expect(notes["Plain"] == [])
    }

    /// The texts read in reach are tokenized as the note indexes declare.
    @Test func theNoteTokenizerIsTheIndexes() throws {
        let database = try Database.openKith(at: .inMemory)
        let tables = try database.read {
            try $0.fetchAll(
                String.self,
                sql: "SELECT sql FROM sqlite_schema WHERE name IN ('notes_search', 'how_we_met_search') ORDER BY name")
        }
        #expect(tables.count == 2)
        #expect(tables.allSatisfy { $0.contains("tokenize = '\(Questions.noteTokenizer)'") }, "\(tables)")
    }
}
