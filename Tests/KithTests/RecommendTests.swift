import Foundation
import Testing

@testable import Kith

/// A small hand-made network where every hard rule and every signal of "who should get
/// this?" has a case.
@Suite("Who should get this?")
struct RecommendTests {
    let folder: TemporaryDirectory
    let database: Database
    let asOf = Day.on("2026-11-26")

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    @discardableResult
    private func add(_ name: String, _ interests: [(String, Int)] = [], notes: [String] = [], howWeMet: String? = nil)
        throws -> Person.ID
    {
        try database.write {
            try $0.people.add(
                NewPerson(
                    name: name, howWeMet: howWeMet, interests: interests.map { NewInterest(topic: $0.0, weight: $0.1) },
                    notes: notes)
            ).id
        }
    }

    private func names(_ draft: ResourceDraft, limit: Int = 5) throws -> [String] {
        try database.read { try $0.questions.recommend(draft, limit: limit, asOf: asOf) }.map(\.name)
    }

    /// History counts only the most similar stored resources: 30 on all of the article's
    /// topics, then, of 30 equally similar on one of them, those stored first.
    @Test func historyCountsTheMostSimilarResourcesOnly() throws {
        let kept = Questions.Scoring.similarResources
        try database.write { connection in
            for (index, topics) in (Array(repeating: ["a", "b", "c"], count: 30) + Array(repeating: ["a"], count: 30))
                .enumerated()
            {
                let person = try connection.people.add(NewPerson(name: "Person \(index)")).id
                let resource = try connection.resources.add(title: "Resource \(index)", topics: topics)
                try connection.resources.share(resource.id, .received, with: person, on: .on("2026-01-01"))
            }
        }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "New", topics: ["a", "b", "c"]), limit: 100, asOf: asOf)
        }
        #expect(Set(picks.map(\.name)) == Set((0..<kept).map { "Person \($0)" }))
        #expect(picks.prefix(30).allSatisfy { Int($0.name.dropFirst(7))! < 30 })
    }

    @Test func interestsRankByWeightAndExplainThemselves() throws {
        try add("Ann", [("running", 5)])
        try add("Bo", [("running", 2)])
        try add("Cy", [("chess", 5)])
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Hill repeats", topics: ["Running"]), asOf: asOf)
        }
        #expect(picks.map(\.name) == ["Ann", "Bo"])  // Cy has no reason: not listed
        #expect(picks[0].reasons.map(\.description) == ["interest: running (5/5)"])
        // Among three people running's idf is ln(1.6); Ann's 5/5 beats Bo's 2/5.
        #expect(picks[0].score == 10.71 && picks[1].score == 9.82)
    }

    /// The worked example of the README and `Questions.Scoring`: a rare topic counts most, and
    /// someone who marks every topic 5/5 no longer wins everything.
    @Test func theWorkedExampleScoresAsTheREADMESays() throws {
        try add("Ann", [("running", 5), ("cooking", 5), ("jazz", 5), ("chess", 5)])
        try add("Bo", [("running", 3), ("trail running", 4)])
        try add("Cy", [("running", 2)])
        try add("Di", [("chess", 3)])
        let picks = try database.read {
            try $0.questions.recommend(
                ResourceDraft(title: "Hill repeats", topics: ["running", "trail running"]), asOf: asOf)
        }
        #expect(picks.map(\.name) == ["Bo", "Cy", "Ann"])
        #expect(picks.map(\.score) == [31.25, 8.2, 6.55])
        #expect(picks[0].reasons.map(\.description) == ["interest: trail running (4/5)", "interest: running (3/5)"])
        #expect(picks[0].reasons.map(\.points) == [24.65, 6.6])
        for pick in picks { #expect(abs(pick.reasons.map(\.points).reduce(0, +) - pick.score) < 0.005) }
    }

    @Test func aTopicFoundInTheTextCountsLessThanTheSameTopicGiven() throws {
        try add("Ann", [("running", 4)])
        try add("Bo", [("chess", 4)])
        let given = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["running"]), asOf: asOf)
        }
        let found = try database.read { try $0.questions.recommend(ResourceDraft(title: "Running uphill"), asOf: asOf) }
        #expect(found.map(\.name) == ["Ann"] && given.map(\.name) == ["Ann"])
        #expect(found[0].reasons.map(\.description) == ["interest: running (4/5, found in the text)"])
        #expect(abs(found[0].score - given[0].score * Questions.Scoring.detectedWordShare) <= 0.01)
    }

    /// The topics' keys are kept in memory from the second question at a revision: a topic or
    /// alias added, renamed or removed afterwards (here in the sqlite3 shell) is found, or no
    /// longer found, by the next questions.
    @Test func topicsChangedBetweenQuestionsAreFoundAsTheyNowAre() throws {
        try add("Ann", [("jazz", 4)])
        try add("Bo", [("chess", 4)])
        // Each question asked twice: looked up in the indexes, then (unless a test beside
        // this one asked of other files in between) in memory.
        let found = { (title: String) in
            let answers = try (0..<2).map { _ in
                try database.read { try $0.questions.recommend(ResourceDraft(title: title), asOf: self.asOf) }
                    .map { "\($0.name): \($0.reasons.map(\.detail).joined(separator: ", "))" }
            }
            #expect(answers[0] == answers[1], "\(title)")
            return answers[1]
        }
        #expect(
            try found("Jazz, chess and bebop") == [
                "Ann: jazz (4/5, found in the text)", "Bo: chess (4/5, found in the text)",
            ])
        let shell = try sqliteShell(
            folder.path(),
            """
            PRAGMA foreign_keys = ON;
            UPDATE topics SET name = 'Chess Openings' WHERE name = 'chess';
            INSERT INTO topic_aliases(topic_id, alias) SELECT id, 'Bebop' FROM topics WHERE name = 'jazz';
            INSERT INTO topics(name) VALUES ('Trail Running');
            INSERT INTO interests(person_id, topic_id, weight) SELECT 2, id, 3 FROM topics WHERE name = 'Trail Running';
            """)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(try found("Jazz, chess and bebop") == ["Ann: jazz (4/5, found in the text)"])
        #expect(
            try found("Bebop chess openings for trail runners")
                == [
                    "Bo: Chess Openings (4/5, found in the text), Trail Running (3/5, found in the text)",
                    "Ann: jazz (4/5, found in the text)",
                ])
        try database.write { try $0.execute(sql: "DELETE FROM topic_aliases") }
        #expect(try found("Bebop chess openings") == ["Bo: Chess Openings (4/5, found in the text)"])
    }

    /// The keys read into memory name the same topics as the key indexes do, for rows keyed
    /// by Kith and rows typed in the shell (whose key is worked out when they are read).
    @Test func theKeysInMemoryNameWhatTheIndexesName() throws {
        try database.write { connection in
            for name in ["Post-Rock", "post rock", "jazz", "Café", "running"] {
                try connection.interests.addTopic(named: name)
            }
            let jazz = try #require(try connection.interests.topicID(named: "jazz"))
            try connection.interests.addAlias("Bebop", to: jazz)
            try connection.execute(sql: "INSERT INTO topics(name) VALUES ('Trail Running'), ('cafes')")
            try connection.execute(
                sql: "INSERT INTO topic_aliases(topic_id, alias) VALUES (?, 'Hard-Bop')", arguments: [jazz])
        }
        try database.read { connection in
            let inMemory = try TopicKeys.read(revision: 0, in: connection)
            let keys = Set(inMemory.topics.keys).union(["nothing", "trail", "bop"])
            #expect(inMemory.topics.keys.contains("trailrun") && inMemory.topics.keys.contains("hardbop"))
            for key in keys {
                let indexed = try connection.interests.topics(withKeys: [key]).map { "\($0.id.rawValue) \($0.name)" }
                #expect(
                    indexed.sorted() == (inMemory.topics[key] ?? []).map { "\($0.id.rawValue) \($0.name)" }.sorted(),
                    "\(key)")
            }
        }
    }

    /// `topic_revision` moves with every change to topics and aliases, and with no other.
    @Test func theTopicRevisionMovesWithEveryChangeToTheVocabularyAndNoOther() throws {
        try add("Ann", [("jazz", 4)])
        let revision = {
            try self.database.read { try $0.fetchValue(sql: "SELECT revision FROM topic_revision") as Int64? }
        }
        let moving = [
            "INSERT INTO topics(name) VALUES ('chess')",
            "UPDATE topics SET name = 'Chess' WHERE name = 'chess'",
            "UPDATE topics SET key = 'chess' WHERE name = 'Chess'",
            "INSERT INTO topic_aliases(topic_id, alias) SELECT id, 'bebop' FROM topics WHERE name = 'jazz'",
            "UPDATE topic_aliases SET alias = 'hard bop'",
            "UPDATE topic_aliases SET key = 'hardbop'",
            "DELETE FROM topic_aliases",
            "DELETE FROM topics WHERE name = 'Chess'",
        ]
        let still = [
            "UPDATE topics SET is_mine = 1",
            "INSERT INTO people(name) VALUES ('Bo')",
            "INSERT INTO interests(person_id, topic_id, weight) SELECT max(p.id), t.id, 2 FROM people p, topics t",
            "UPDATE interests SET weight = 5",
            "UPDATE people SET name = 'Ann Lee'",
        ]
        for sql in moving + still {
            let before = try revision()
            try database.write { try $0.execute(sql: sql) }
            #expect((try revision() != before) == moving.contains(sql), "\(sql)")
        }
    }

    @Test func aTopicFoundInTheTextAloneNeverOutranksAMatchOnAGivenTopic() throws {
        // Ann's rare topic, named in the text, scores more than Bo's weak interest in the given
        // topic (which half the network shares); Bo still comes first, and Cy, with a note
        // besides the detected topic, is first-tier evidence too.
        try add("Ann", [("origami", 5)])
        try add("Bo", [("running", 1)])
        try add("Cy", [("origami", 5)], notes: ["folds cranes from marathon bibs"])
        for index in 0..<6 { try add("Runner \(index)", [("running", 5), ("cooking", 1)]) }
        let draft = ResourceDraft(title: "Origami for runners", topics: ["running"], text: "marathon bibs, folded")
        let picks = try database.read { try $0.questions.recommend(draft, limit: 10, asOf: asOf) }
        let ann = try #require(picks.first { $0.name == "Ann" })
        let bo = try #require(picks.first { $0.name == "Bo" })
        #expect(ann.score > bo.score)
        #expect(picks.last?.name == "Ann")
        #expect(picks.firstIndex(of: bo)! < picks.firstIndex(of: ann)!)
        #expect(picks.first?.name == "Cy")
        // With no given topic, there is no second tier: Ann's found topic outranks Bo's.
        let untiered = try names(ResourceDraft(title: "Origami for runners"), limit: 10)
        #expect(untiered.firstIndex(of: "Ann")! < untiered.firstIndex(of: "Bo")!)
    }

    @Test func resourcesLikeThisOneThatPassedBetweenUsAreHistoryRaisedWhenWelcomed() throws {
        let ann = try add("Ann")
        let bo = try add("Bo")
        let cy = try add("Cy")
        let di = try add("Di")
        try add("Eve")
        try database.write { connection in
            let hills = try connection.resources.add(title: "Hill repeats", topics: ["running", "hills"])
            let tempo = try connection.resources.add(title: "Tempo runs", topics: ["running"])
            let chess = try connection.resources.add(title: "Chess openings", topics: ["chess"])
            try connection.resources.share(hills.id, .given, with: ann, on: .on("2026-01-01"), reception: .thanked)
            try connection.resources.share(hills.id, .received, with: bo, on: .on("2026-01-01"))
            try connection.resources.share(hills.id, .given, with: cy, on: .on("2026-01-01"), reception: .noReply)
            try connection.resources.share(hills.id, .given, with: di, on: .on("2026-01-01"))
            try connection.resources.share(tempo.id, .received, with: bo, on: .on("2026-01-01"))
            try connection.resources.share(chess.id, .received, with: cy, on: .on("2026-01-01"))
        }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["running", "hills"]), asOf: asOf)
        }
        // Eve shared nothing like it. The same resource counts in full when they gave it to me
        // or my gift was thanked, half for a plain gift of mine, a quarter with no reply.
        #expect(Set(picks.map(\.name)) == ["Ann", "Bo", "Cy", "Di"])
        let history = Dictionary(
            uniqueKeysWithValues: picks.map { pick in
                (pick.name, pick.reasons.first { $0.kind == .history }?.points ?? 0)
            })
        let full = try #require(history["Ann"])
        #expect(abs(history["Di"]! - full * Questions.Scoring.givenShareFactor) <= 0.01)
        #expect(abs(history["Cy"]! - full * Questions.Scoring.unansweredShareFactor) <= 0.01)
        #expect(history["Bo"]! > full && full > history["Di"]! && history["Di"]! > history["Cy"]!)
        let boHistory = try #require(picks.first { $0.name == "Bo" }?.reasons.first { $0.kind == .history })
        #expect(boHistory.description == "history: 'Hill repeats', 'Tempo runs' passed between us")
        // Known only from its text, the article is at most as similar as the topics' share.
        let fromText = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Hills for runners"), asOf: asOf)
        }
        let annFromText = try #require(fromText.first { $0.name == "Ann" }?.reasons.first { $0.kind == .history })
        #expect(abs(annFromText.points - full * Questions.Scoring.detectedWordShare) <= 0.01)
        // Compared on the given topics only: "chess" in the title does not bring Cy's chess openings in.
        let titled = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Chess for runners", topics: ["hills"]), asOf: asOf)
        }
        #expect(
            titled.first { $0.name == "Cy" }?.reasons.first { $0.kind == .history }?.detail
                == "'Hill repeats' passed between us")
    }

    /// A resource as similar as can be gives `historyWeight × 10 × Σ idf` over the article's
    /// topics: history grows with the article's topics as interest evidence does.
    @Test func historyKeepsItsWeightAgainstInterestsHoweverManyTopicsTheArticleHas() throws {
        let ann = try add("Ann")
        try add("Bo", [("running", 3)])
        try add("Cy", [("running", 2), ("hills", 4)])
        let di = try add("Di")
        try database.write { connection in
            let tempo = try connection.resources.add(title: "Tempo runs", topics: ["running"])
            let hills = try connection.resources.add(title: "Hill repeats", topics: ["running", "hills"])
            try connection.resources.share(tempo.id, .received, with: ann, on: .on("2026-01-01"))
            try connection.resources.share(hills.id, .received, with: di, on: .on("2026-01-01"))
        }
        func history(_ name: String, _ topics: [String]) throws -> Double {
            let picks = try database.read {
                try $0.questions.recommend(ResourceDraft(title: "x", topics: topics), asOf: asOf)
            }
            return try #require(picks.first { $0.name == name }?.reasons.first { $0.kind == .history }).points
        }
        // Four people: two care about running, one about hills.
        let idf = { (having: Double) in log(1 + (4 - having + 0.5) / (having + 0.5)) }
        let unit = Questions.Scoring.historyWeight * Questions.Scoring.interestPoints
        #expect(abs(try history("Ann", ["running"]) - unit * idf(2)) <= 0.01)
        #expect(abs(try history("Di", ["running", "hills"]) - unit * (idf(2) + idf(1))) <= 0.01)
    }

    @Test func notesMatchByFullTextAndOutrankAWeakInterest() throws {
        try add("Ann", notes: ["Building a speech recognition startup"])
        try add("Bo", [("audio", 1)])
        try add("Cy", howWeMet: "Met at a recognition awards dinner")
        try add("Di", notes: ["Loves gardening"])
        try database.write { try $0.interests.addTopic(named: "audio") }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Speech recognition for audio archives"), asOf: asOf)
        }
        // The note with the title's phrase outranks a weak interest found in the title.
        #expect(picks.map(\.name) == ["Ann", "Cy", "Bo"])
        #expect(picks[0].reasons.map(\.description) == ["note: 'speech recognition'"])
        #expect(picks[1].reasons.map(\.kind) == [.note] && picks[2].reasons.map(\.kind) == [.interest])
        #expect(
            picks[0].score > picks[1].score
                && picks[0].score < Questions.Scoring.maximumNoteWordPoints + Questions.Scoring.noteRelevancePoints)
    }

    @Test func aSharedCommitmentThatMatchesIsAReason() throws {
        let ann = try add("Ann")
        let bo = try add("Bo")
        try database.write { connection in
            try connection.commitments.add(
                Commitment(
                    name: "River 10K for Literacy", kind: .charityRun, cause: "literacy", members: [ann]))
            try connection.commitments.add(
                Commitment(name: "Food bank", kind: .volunteer, cause: "hunger", members: [bo]))
        }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Why adult literacy programs work"), asOf: asOf)
        }
        #expect(picks.map(\.name) == ["Ann"])
        #expect(picks[0].reasons.map(\.description) == ["shared commitment: River 10K for Literacy"])
    }

    @Test func nobodyWhoAlreadyHasItNorWhoGaveItToMeNorArchived() throws {
        let ann = try add("Ann", [("running", 5)])
        let bo = try add("Bo", [("running", 5)])
        let cy = try add("Cy", [("running", 5)])
        let di = try add("Di", [("running", 5)])
        let article = try database.write { connection in
            let article = try connection.resources.add(
                title: "Hill repeats", url: "https://example.com/hills", topics: ["running"])
            try connection.resources.share(article.id, .given, with: ann, on: .on("2026-01-01"))
            try connection.resources.share(article.id, .received, with: bo, on: .on("2026-01-01"))
            try connection.people.archive(cy)
            return article
        }
        #expect(try database.read { try $0.questions.recommend(article.id, asOf: asOf) }.map(\.personID) == [di])
        // The same URL, written differently, as a draft: the same people are left out.
        let draft = ResourceDraft(
            title: "Hills!", url: "HTTPS://EXAMPLE.com/hills/?utm_source=feed#top", topics: ["running"])
        #expect(try names(draft) == ["Di"])
        // A second stored copy of the same URL cannot exist; a different URL has no exclusions.
        // (Bo gave me a thing: reciprocity; Ann and Bo: six months since contact; Di: no contact recorded.)
        #expect(
            try names(ResourceDraft(title: "Hills", url: "https://example.com/other", topics: ["running"])) == [
                "Bo", "Ann", "Di",
            ])
    }

    @Test func anEmptyAnswerIsARightAnswer() throws {
        try add("Ann", [("chess", 5)], notes: ["Plays chess on Sundays"])
        #expect(try names(ResourceDraft(title: "Sourdough starters", topics: ["baking"])) == [])
    }

    @Test func theLimitHoldsAndTiesBreakByNameThenId() throws {
        for name in ["Eve", "Cy", "Ann", "Bo", "Ann"] { try add(name, [("running", 3)]) }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["running"]), limit: 4, asOf: asOf)
        }
        #expect(picks.map(\.name) == ["Ann", "Ann", "Bo", "Cy"])
        #expect(picks[0].personID < picks[1].personID)
        #expect(try names(ResourceDraft(title: "x", topics: ["running"])).count == 5)  // default limit
        #expect(throws: StoreError.self) {
            try database.read { try $0.questions.recommend(ResourceDraft(title: "x"), limit: 0) }
        }
    }

    @Test func restraintReciprocityAndDriftReorderOtherwiseEqualPeople() throws {
        let ann = try add("Ann", [("running", 3)])
        let bo = try add("Bo", [("running", 3)])
        try database.write { connection in
            let gift = try connection.resources.add(title: "Old gift")
            try connection.resources.share(gift.id, .given, with: ann, on: .on("2026-11-20"))  // recent: restraint
            try connection.resources.share(gift.id, .given, with: bo, on: .on("2026-01-01"))
        }
        #expect(try names(ResourceDraft(title: "x", topics: ["running"])) == ["Bo", "Ann"])
        let annReasons = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["running"]), asOf: asOf)
        }.first { $0.personID == ann }?.reasons.map(\.kind)
        #expect(annReasons == [.interest, .restraint])

        // Reciprocity: Cy gave me two things, I gave nothing back.
        let cy = try add("Cy", [("running", 3)])
        try database.write { connection in
            let a = try connection.resources.add(title: "From Cy 1")
            let b = try connection.resources.add(title: "From Cy 2")
            try connection.resources.share(a.id, .received, with: cy, on: .on("2026-11-25"))
            try connection.resources.share(b.id, .received, with: cy, on: .on("2026-11-25"))
        }
        let withCy = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["running"]), asOf: asOf)
        }
        #expect(withCy.map(\.name) == ["Cy", "Bo", "Ann"])
        #expect(withCy[0].reasons.map(\.description) == ["interest: running (3/5)", "gave me 2, I gave 0"])

        // Drift: Di and Eve are equal but for when we last spoke.
        let di = try add("Di", [("chess", 2)])
        let eve = try add("Eve", [("chess", 2)])
        try database.write { connection in
            try connection.interactions.log(.coffee, with: di, on: .on("2025-09-01"))
            try connection.interactions.log(.coffee, with: eve, on: .on("2026-11-01"))
        }
        let chess = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["chess"]), asOf: asOf)
        }
        #expect(chess.map(\.name) == ["Di", "Eve"])
        #expect(chess[0].reasons.last?.description == "no contact for 14 months")
        // As of an earlier day, before the drift, they tie and the name decides.
        let earlier = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "x", topics: ["chess"]), asOf: .on("2025-10-01"))
        }
        #expect(earlier.map(\.name) == ["Di", "Eve"] && earlier[0].score == earlier[1].score)
    }
}

extension RecommendTests {
    /// The answer reads only the people who can still reach the top, so this case fails if
    /// the shortcut forgets how much the modifiers can move a score either way.
    @Test func modifiersCanLiftAWeakerInterestPastAStrongerOne() throws {
        let bo = try add("Bo", [("running", 5)])
        let ann = try add("Ann", [("running", 4)])
        try database.write { connection in
            for day in 1...3 {  // Bo got three things from me this week: -6
                let gift = try connection.resources.add(title: "Gift \(day)")
                try connection.resources.share(gift.id, .given, with: bo, on: asOf.adding(days: -day))
            }
            for day in 1...2 {  // Ann gave me two things, 600 days ago: +2, and +3 for the silence since
                let gift = try connection.resources.add(title: "From Ann \(day)")
                try connection.resources.share(gift.id, .received, with: ann, on: asOf.adding(days: -600))
            }
        }
        let pick = try #require(
            try database.read {
                try $0.questions.recommend(ResourceDraft(title: "Trail running"), limit: 1, asOf: asOf)
            }.first)
        // "running", found in the title, counts a quarter: Ann 0.94 + 2 + 3, against Bo's 0.95 - 6.
        #expect(pick.name == "Ann" && pick.score == 5.94)
    }
}
