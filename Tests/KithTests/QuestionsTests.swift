import Foundation
import KithTestSupport
import Testing

@testable import Kith

@Suite("Ledger, reconnect, asks, helpers, introductions, causes, timeline, week")
struct QuestionsTests {
    let folder: TemporaryDirectory
    let database: Database
    let asOf = Day.on("2026-11-26")

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    @discardableResult
    private func person(_ name: String, _ interests: [(String, Int)] = [], cadence: Int? = nil) throws -> Person.ID {
        try database.write {
            try $0.people.add(
                NewPerson(
                    name: name, contactEveryDays: cadence,
                    interests: interests.map { NewInterest(topic: $0.0, weight: $0.1) })
            ).id
        }
    }

    /// Last contact is written once in Swift and once as the `touchpoints` view; the default
    /// cadence once in Swift and once in `overdue_contacts`. These pin each pair together.
    @Test func theSchemasViewsAndTheQuestionsAgreeOnLastContactAndTheDefaultCadence() throws {
        try database.write { try SyntheticNetwork(people: 300, topics: 20, seed: 9).build(in: $0) }
        for asOf in [Day.on("2025-03-01"), Day.on("2026-01-15"), Day.on("2027-01-01")] {
            let (swift, view) = try database.read { connection in
                (
                    try connection.questions.lastContacts(of: (1...300).map { Person.ID(rawValue: $0) }, asOf: asOf),
                    Dictionary(
                        uniqueKeysWithValues: try connection.fetchAll(
                            sql: "SELECT person_id, max(day) FROM touchpoints WHERE day <= ? GROUP BY person_id",
                            arguments: [asOf]
                        ) { (try $0[0] as Person.ID, try $0[1] as Day) })
                )
            }
            #expect(!view.isEmpty && swift == view, "as of \(asOf)")
        }
        let loner = try person("Loner")
        try database.write { try $0.interactions.log(.coffee, with: loner, on: asOf.adding(days: -400)) }
        let cadence = try database.read {
            try $0.fetchValue(sql: "SELECT cadence_days FROM overdue_contacts WHERE person_id = ?", arguments: [loner])
                as Int?
        }
        #expect(cadence == Questions.defaultCadenceDays)
    }

    @Test func ledgerCountsSharesAsksAndMentoringAndListsWhomIOwe() throws {
        let ann = try person("Ann")
        let bo = try person("Bo")
        try database.write { connection in
            let a = try connection.resources.add(title: "A")
            let b = try connection.resources.add(title: "B")
            try connection.resources.share(a.id, .received, with: ann)
            try connection.resources.share(b.id, .received, with: ann)
            try connection.asks.log(.mine, of: ann, topic: "intro", status: .helped)
            try connection.resources.share(a.id, .given, with: bo)
            try connection.interactions.log(.mentoring, with: bo, minutes: 60)
            try connection.asks.log(.theirs, of: bo, topic: "review", status: .helped)
        }
        let ledger = try database.read { try $0.questions.ledger() }
        #expect(ledger.map(\.name) == ["Ann", "Bo"])  // most owed first
        #expect((ledger[0].given, ledger[0].received, ledger[0].balance) == (0, 3, -3))
        #expect(
            (ledger[1].sharesGiven, ledger[1].asksIHelped, ledger[1].mentoringSessions, ledger[1].minutesTogether) == (
                1, 1, 1, 60
            ))
        #expect(ledger[1].balance == 3)
        #expect(try database.read { try $0.questions.whoIOwe().map(\.personID) } == [ann])
    }

    @Test func reconnectListsTheMostOverdueWithSomethingToGiveAndAnyContactResetsTheClock() throws {
        let ann = try person("Ann", [("running", 5)], cadence: 30)
        let bo = try person("Bo", [("chess", 3)])
        let cy = try person("Cy")
        try database.write { connection in
            try connection.interactions.log(.call, with: ann, on: .on("2026-09-01"))  // 86 days: 56 overdue
            try connection.interactions.log(.coffee, with: bo, on: .on("2026-06-01"))  // 178 days: 88 overdue
            try connection.interactions.log(.call, with: cy, on: .on("2026-11-01"))  // 25 days: not overdue
            let article = try connection.resources.add(title: "Hill repeats", topics: ["running"])
            let old = try connection.resources.add(title: "Already sent", topics: ["running"])
            try connection.resources.share(old.id, .given, with: ann, on: .on("2026-08-01"))
            _ = article
        }
        let list = try database.read { try $0.questions.reconnect(asOf: asOf) }
        #expect(list.map(\.name) == ["Bo", "Ann"])
        #expect(list[0].daysOverdue == 88 && list[0].suggestion == nil)
        #expect(list[1].lastContact == .on("2026-09-01") && list[1].suggestion?.title == "Hill repeats")
        #expect(list[1].suggestionReason == "running (5/5)")
        try database.write { try $0.interactions.log(.message, with: bo, on: .on("2026-11-25")) }
        #expect(try database.read { try $0.questions.reconnect(asOf: asOf) }.map(\.name) == ["Ann"])
        #expect(try database.read { try $0.questions.reconnect(limit: 1, asOf: .on("2027-06-01")) }.count == 1)
    }

    @Test func beforeAskingWarnsButNeverBlocks() throws {
        let ann = try person("Ann")
        let bo = try person("Bo")
        try database.write { connection in
            try connection.interactions.log(.coffee, with: ann, on: .on("2025-01-10"))
            try connection.asks.log(.mine, of: ann, topic: "a reference", on: .on("2025-01-10"))
            try connection.interactions.log(.coffee, with: bo, on: .on("2026-11-20"))
            let gift = try connection.resources.add(title: "Gift")
            try connection.resources.share(gift.id, .given, with: bo, on: .on("2026-11-20"))
        }
        let check = try database.read { try $0.questions.beforeAsking(ann, asOf: asOf) }
        #expect(check.warnings == [.firstContactInALongTime(days: 685), .askedMoreThanGiven(asked: 1, given: 0)])
        #expect(check.warnings[0].description.contains("22 months"))
        #expect(try database.read { try $0.questions.beforeAsking(bo, asOf: asOf) }.isClear)
        // It warns; logging the ask still works.
        try database.write { try $0.asks.log(.mine, of: ann, topic: "another") }
    }

    @Test func whoCanHelpRanksStrongInterestsAndCommitmentsAndLowersThoseIOwe() throws {
        let ann = try person("Ann", [("machine learning", 5)])
        let bo = try person("Bo", [("machine learning", 5)])
        try person("Cy", [("machine learning", 2)])  // not strong: left out
        let di = try person("Di")
        try database.write { connection in
            try connection.commitments.add(Commitment(name: "Machine Learning Meetup", kind: .volunteer, members: [di]))
            let gift = try connection.resources.add(title: "From Ann")
            try connection.resources.share(gift.id, .received, with: ann)
        }
        let helpers = try database.read { try $0.questions.whoCanHelp(with: "Machine learning") }
        #expect(helpers.map(\.personID) == [bo, ann, di])
        #expect(
            helpers[1].reasons.map(\.description) == [
                "interest: machine learning (5/5)", "you owe them 1: give before you ask",
            ])
        #expect(helpers[2].reasons.map(\.description) == ["shared commitment: Machine Learning Meetup"])
    }

    @Test func introductionsPairPeopleWhoShareButDoNotKnowEachOther() throws {
        let ann = try person("Ann", [("running", 5), ("literacy", 4)])
        let bo = try person("Bo", [("running", 4), ("literacy", 5)])
        let cy = try person("Cy", [("running", 5)])
        try person("Di", [("running", 2)])
        try database.write { try $0.people.recordAcquaintance(ann, cy) }
        let intros = try database.read { try $0.questions.introductions() }
        #expect(intros.map { [$0.firstName, $0.secondName] } == [["Ann", "Bo"], ["Bo", "Cy"]])
        #expect(intros[0].reasons.map(\.detail) == ["literacy (4/5 and 5/5)", "running (5/5 and 4/5)"])
        #expect(intros[0].reasons.map(\.kind) == [.interest, .interest])
        #expect(intros.allSatisfy { $0.reasons.map(\.points).reduce(0, +) == $0.score })
        #expect(intros[0].score == 80 && intros[1].first == bo && intros[1].second == cy)
    }

    @Test func aTopicTooManyShareIsNoReasonToIntroduce() throws {
        let limit = Questions.introductionAudienceLimit
        try database.write { connection in
            for n in 0...limit {  // one more than the limit, all passionate about running
                try connection.people.add(
                    NewPerson(name: "Runner \(n)", interests: [NewInterest(topic: "running", weight: 5)]))
            }
        }
        try person("Ann", [("bell ringing", 4)])
        try person("Bo", [("bell ringing", 5)])
        let intros = try database.read { try $0.questions.introductions(limit: 10) }
        #expect(intros.map { [$0.firstName, $0.secondName] } == [["Ann", "Bo"]])
    }

    @Test func sharedCausesAndTimeGiven() throws {
        let ann = try person("Ann")
        try database.write { connection in
            try connection.commitments.add(
                Commitment(
                    name: "Library board", kind: .board, startedOn: .on("2025-01-01"), hoursPerMonth: 4, members: [ann])
            )
            try connection.commitments.add(
                Commitment(
                    name: "Old petition", kind: .petition, startedOn: .on("2024-01-01"), endedOn: .on("2024-02-01"),
                    hoursPerMonth: 9))
        }
        let causes = try database.read { try $0.questions.sharedCauses(asOf: asOf) }
        #expect(causes.map(\.commitment.name) == ["Library board"] && causes[0].people == ["Ann"])
        #expect(try database.read { try $0.questions.hoursGivenPerMonth(asOf: asOf) } == 4)
    }

    @Test func timelineIsEverythingBetweenUsNewestFirst() throws {
        let ann = try database.write {
            try $0.people.add(NewPerson(name: "Ann", howWeMet: "River 10K", metOn: .on("2024-05-12"))).id
        }
        try database.write { connection in
            try connection.interactions.log(.coffee, with: ann, on: .on("2026-11-20"), minutes: 45, initiatedBy: .me)
            let article = try connection.resources.add(title: "Hill repeats")
            try connection.resources.share(article.id, .given, with: ann, on: .on("2026-11-21"), reception: .thanked)
            try connection.asks.log(.theirs, of: ann, topic: "a coach", on: .on("2026-10-01"))
            try connection.people.addNote("Training for Boston", about: ann, on: .on("2026-03-01"))
        }
        let events = try database.read { try $0.questions.timeline(of: ann) }
        #expect(
            events.map(\.summary) == [
                "gave 'Hill repeats' (thanked)", "coffee, 45 minutes, I reached out", "they asked: a coach (open)",
                "Training for Boston", "met: River 10K",
            ])
    }

    @Test func theWeekIsAHandfulOfGestures() throws {
        let ann = try person("Ann", [("running", 5)])
        let bo = try person("Bo", [("running", 4)])
        let today = Day.today()
        try database.write { connection in
            for title in ["One", "Two", "Three", "Four"] {
                try connection.resources.add(title: "\(title) about running", topics: ["running"])
            }
            try connection.asks.log(.theirs, of: bo, topic: "a review", on: today.adding(days: -3))
            try connection.asks.log(
                .theirs, of: ann, topic: "a done thing", on: today.adding(days: -3), status: .helped)
        }
        let plan = try database.read { try $0.questions.week(asOf: today) }
        #expect(plan.gifts.count == 2)  // only two people would want them: each once
        #expect(Set(plan.gifts.map(\.recommendation.personID)) == [ann, bo])
        #expect(plan.openAsks.map(\.topic) == ["a review"])
        #expect(plan.reconnect == nil)  // both were added today
    }
}
