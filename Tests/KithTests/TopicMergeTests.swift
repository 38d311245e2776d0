import Foundation
import Testing

@testable import Kith

/// One topic spelled two ways: found by `similarTopics`, folded by `mergeTopic`, all or nothing.
@Suite("Similar topics and merging")
struct TopicMergeTests {
    let folder: TemporaryDirectory
    let database: Database

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    @Test func spellingsOfOneTopicAreGroupedAndOthersAreNot() throws {
        try database.write { connection in
            for name in [
                "post rock", "Post-Rock", "female vocalists", "Female Vocalist", "hip-hop", "hiphop", "rock", "Café",
                "cafe",
            ] {
                try connection.interests.addTopic(named: name)
            }
            let jazz = try connection.interests.addTopic(named: "jazz")
            try connection.interests.addAlias("Jazz-Music", to: jazz.id)
            try connection.interests.addTopic(named: "jazz music")
        }
        let groups = try database.read { try $0.interests.similarTopics() }.map { $0.map(\.name) }
        #expect(
            groups == [
                ["cafe", "Café"], ["Female Vocalist", "female vocalists"], ["hip-hop", "hiphop"],
                ["jazz", "jazz music"],
                ["post rock", "Post-Rock"],
            ])
    }

    /// Keys one letter apart are listed too (British and American spellings, typos), but not
    /// short words one letter apart, which are usually different words.
    @Test func nearlyTheSameKeysAreListedAndShortWordsAreNot() throws {
        try database.write { connection in
            for name in [
                "colour", "color", "organisation", "organization", "machine learning", "machine lerning",
                "chess", "chest", "cat", "car", "photography",
            ] {
                try connection.interests.addTopic(named: name)
            }
        }
        let groups = try database.read { try $0.interests.similarTopics() }.map { $0.map(\.name) }
        #expect(
            groups == [
                ["color", "colour"], ["machine learning", "machine lerning"], ["organisation", "organization"],
            ])
    }

    @Test func mergingMovesInterestsKeepingTheHigherWeightAndEverythingElse() throws {
        let (ann, bo, kept, other) = try database.write { connection in
            let ann = try connection.people.add(
                NewPerson(
                    name: "Ann",
                    interests: [
                        NewInterest(topic: "post rock", weight: 2), NewInterest(topic: "post-rock", weight: 5),
                    ]))
            let bo = try connection.people.add(
                NewPerson(name: "Bo", interests: [NewInterest(topic: "post-rock", weight: 3)]))
            let other = try #require(try connection.interests.topic(named: "post-rock"))
            try connection.interests.addAlias("postrock", to: other.id)
            try connection.interests.setMine(other.id)
            try connection.resources.add(title: "Loud quiet loud", topics: ["post-rock"])
            return (ann, bo, try #require(try connection.interests.topic(named: "post rock")), other)
        }
        try database.write { try $0.interests.mergeTopic(other.id, into: kept.id) }
        try database.read { connection in
            #expect(
                try connection.interests.interests(of: ann.id).map { "\($0.topicName) \($0.weight)" } == ["post rock 5"]
            )
            #expect(
                try connection.interests.interests(of: bo.id).map { "\($0.topicName) \($0.weight)" } == ["post rock 3"])
            let merged = try #require(try connection.interests.topic(named: "POST-ROCK"))
            #expect(merged.id == kept.id && merged.isMine && merged.aliases == ["post-rock", "postrock"])
            #expect(try connection.resources.all().map(\.topics) == [["post rock"]])
            #expect(try connection.interests.topic(other.id) == nil)
            #expect(try connection.interests.similarTopics().isEmpty)
        }
        #expect(try database.integrityReport().isHealthy)  // topic_statistics followed the move
    }

    @Test func aBadMergeChangesNothing() throws {
        let running = try database.write { try $0.interests.addTopic(named: "running") }
        let before = try database.read { try $0.interests.topics() }
        #expect(throws: StoreError.self) {
            try database.write { try $0.interests.mergeTopic(running.id, into: running.id) }
        }
        #expect(throws: StoreError.self) {
            try database.write { try $0.interests.mergeTopic(Topic.ID(rawValue: 99), into: running.id) }
        }
        #expect(try database.read { try $0.interests.topics() } == before)
    }

    @Test func theCommandListsAndMerges() throws {
        let kith = KithTool(database: folder.path("cli.sqlite"))
        #expect(
            try kith.run([
                "person", "add", "Ann", "--interest", "female vocalists:4", "--interest", "Female Vocalist:2",
            ]).status == 0)
        let similar = try kith.run(["interest", "similar"])
        #expect(similar.stdout.hasPrefix("Female Vocalist ~ female vocalists\n"))
        let groups = try kith.run(["interest", "similar", "--json"]).json()["similar"] as? [[String: Any]]
        #expect(
            groups?.map { ($0["topics"] as? [[String: Any]])?.compactMap { $0["name"] as? String } } == [
                ["Female Vocalist", "female vocalists"]
            ])
        let merge = try kith.run(["interest", "merge", "female vocalists", "Female Vocalist"])
        #expect(merge.status == 0 && merge.stdout == "Female Vocalist is now part of female vocalists.\n")
        #expect(try kith.run(["interest", "similar"]).stdout == "No two topics look like the same one.\n")
        let shown = try kith.run(["person", "show", "Ann"]).stdout
        #expect(shown.contains("female vocalists (4/5)") && !shown.contains("Female Vocalist"))
        let missing = try kith.run(["interest", "merge", "female vocalists", "nothing"])
        #expect(missing.status != 0 && missing.stderr.contains("no topic named 'nothing'"))
    }

    @Test func aNameWithNoExactTopicFindsItsSpellingsByKey() throws {
        try database.write { connection in
            try connection.people.add(
                NewPerson(name: "Ann", interests: [NewInterest(topic: "Female Vocalist", weight: 5)]))
            try connection.people.add(NewPerson(name: "Bo", interests: [NewInterest(topic: "post-rock", weight: 4)]))
            try connection.people.add(NewPerson(name: "Cy", interests: [NewInterest(topic: "post rock", weight: 4)]))
        }
        let picks = { (topic: String) in
            try database.read { try $0.questions.recommend(ResourceDraft(title: "x", topics: [topic])) }.map(\.name)
        }
        #expect(try picks("female vocalists") == ["Ann"])
        #expect(try picks("Post Rocks").sorted() == ["Bo", "Cy"])  // no exact name: every spelling
        #expect(try picks("post-rock") == ["Bo"])  // an exact name means that topic
        #expect(try database.read { try $0.interests.topics(matching: "!!!") }.isEmpty)
    }

    @Test func aTopicTypedInTheShellIsFoundAtOnceAndKeyedAtTheNextWrite() throws {
        try database.write { try $0.people.add(NewPerson(name: "Ann")) }
        let shell = try sqliteShell(
            folder.path(),
            """
            PRAGMA foreign_keys = ON;
            INSERT INTO topics(name) VALUES ('Trail Running');
            INSERT INTO interests(person_id, topic_id, weight) SELECT 1, id, 4 FROM topics WHERE name = 'Trail Running';
            INSERT INTO topics(name, key) VALUES ('chess', 'chess');
            UPDATE topics SET name = 'Chess Openings' WHERE name = 'chess';
            """)
        #expect(shell.status == 0, "\(shell.stderr)")
        func keys() throws -> [String] {
            try database.read {
                try $0.fetchAll(sql: "SELECT name || ' ' || ifnull(key, '?') FROM topics ORDER BY id") {
                    try $0[0] as String
                }
            }
        }
        #expect(try keys() == ["Trail Running ?", "Chess Openings ?"])  // typed, and renamed, by hand
        let found = try database.read { try $0.questions.recommend(ResourceDraft(title: "New trail-runners' shoes")) }
        #expect(found.map(\.name) == ["Ann"] && found[0].reasons[0].detail == "Trail Running (4/5, found in the text)")
        try database.write { try $0.interests.addTopic(named: "poetry") }
        #expect(try keys() == ["Trail Running trailrun", "Chess Openings chessopen", "poetry poetry"])
    }
}
