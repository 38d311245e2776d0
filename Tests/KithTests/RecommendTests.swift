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
    private func add(_ name: String, _ interests: [(String, Int)] = [], notes: [String] = [], howWeMet: String? = nil) throws -> Person.ID {
        try database.write {
            try $0.people.add(NewPerson(
                name: name, howWeMet: howWeMet, interests: interests.map { NewInterest(topic: $0.0, weight: $0.1) },
                notes: notes)).id
        }
    }

    private func names(_ draft: ResourceDraft, limit: Int = 5) throws -> [String] {
        try database.read { try $0.questions.recommend(draft, limit: limit, asOf: asOf) }.map(\.name)
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
        #expect(picks[0].score == 50 && picks[1].score == 20)
    }

    @Test func topicsAreDetectedInTheTitleAndTextWithStemmingAliasesPhrasesAndDiacritics() throws {
        try add("Ann", [("running", 4)])
        try add("Bo", [("machine learning", 4)])
        try add("Cy", [("café culture", 4)])
        try add("Di", [("learning", 4)])
        try database.write { connection in
            try connection.interests.addAlias("ML", to: try #require(try connection.interests.topic(named: "machine learning")).id)
        }
        #expect(try names(ResourceDraft(title: "What runners eat")) == ["Ann"])
        #expect(try names(ResourceDraft(title: "Budget ML for small teams")) == ["Bo"])
        #expect(try names(ResourceDraft(title: "x", text: "A guide to MACHINE-learning")) == ["Bo", "Di"])
        #expect(try names(ResourceDraft(title: "Machine shops and learning centres")) == ["Di"])  // not the phrase
        #expect(try names(ResourceDraft(title: "The new CAFE CULTURE of Lisbon")) == ["Cy"])
    }

    @Test func notesMatchByFullTextAndWeighLessThanAnInterest() throws {
        try add("Ann", notes: ["Building a speech recognition startup"])
        try add("Bo", [("audio", 1)])
        try add("Cy", howWeMet: "Met at a recognition awards dinner")
        try add("Di", notes: ["Loves gardening"])
        try database.write { try $0.interests.addTopic(named: "audio") }
        let picks = try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Speech recognition for audio archives"), asOf: asOf)
        }
        #expect(picks.map(\.name) == ["Bo", "Ann", "Cy"])  // the weight-1 interest beats the best note
        #expect(picks[1].reasons.map(\.description) == ["note: 'speech recognition'"])
        #expect(picks[2].reasons.map(\.kind) == [.note])
        #expect(picks[1].score > picks[2].score && picks[1].score < 10)
    }

    @Test func aSharedCommitmentThatMatchesIsAReason() throws {
        let ann = try add("Ann")
        let bo = try add("Bo")
        try database.write { connection in
            try connection.commitments.add(Commitment(
                name: "River 10K for Literacy", kind: .charityRun, cause: "literacy", members: [ann]))
            try connection.commitments.add(Commitment(name: "Food bank", kind: .volunteer, cause: "hunger", members: [bo]))
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
            let article = try connection.resources.add(title: "Hill repeats", url: "https://example.com/hills", topics: ["running"])
            try connection.resources.share(article.id, .given, with: ann, on: .on("2026-01-01"))
            try connection.resources.share(article.id, .received, with: bo, on: .on("2026-01-01"))
            try connection.people.archive(cy)
            return article
        }
        #expect(try database.read { try $0.questions.recommend(article.id, asOf: asOf) }.map(\.personID) == [di])
        // The same URL, written differently, as a draft: the same people are left out.
        let draft = ResourceDraft(title: "Hills!", url: "HTTPS://EXAMPLE.com/hills/?utm_source=feed#top", topics: ["running"])
        #expect(try names(draft) == ["Di"])
        // A second stored copy of the same URL cannot exist; a different URL has no exclusions.
        // (Bo gave me a thing: reciprocity; Ann and Bo: six months since contact; Di: no contact recorded.)
        #expect(try names(ResourceDraft(title: "Hills", url: "https://example.com/other", topics: ["running"])) == ["Bo", "Ann", "Di"])
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
        let chess = try database.read { try $0.questions.recommend(ResourceDraft(title: "x", topics: ["chess"]), asOf: asOf) }
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
        let pick = try #require(try database.read {
            try $0.questions.recommend(ResourceDraft(title: "Trail running"), limit: 1, asOf: asOf)
        }.first)
        #expect(pick.name == "Ann" && pick.score == 45)  // 40 + 2 + 3, against Bo's 50 - 6
    }
}
