// QuickStart: the Kith library as a user writes it.
// Run: swift run QuickStart [PATH]   (a temporary file when PATH is left out)
import Foundation
import Kith

let path =
    CommandLine.arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appending(path: "kith-quickstart-\(UUID().uuidString).sqlite").path

do {
    let database = try Database.openKith(at: .file(path))

    try database.write { connection in
        let ann = try connection.people.add(
            NewPerson(
                name: "Ann Lee", organization: "River Runners", howWeMet: "Lost together at mile 4 of the River 10K",
                emails: [EmailAddress("ann@example.org", label: "work")],
                interests: [NewInterest(topic: "running", weight: 5), NewInterest(topic: "literacy", weight: 3)]))
        let bo = try connection.people.add(
            NewPerson(
                name: "Bo Chen", interests: [NewInterest(topic: "machine learning", weight: 4)]))
        let ml = try connection.interests.addTopic(named: "machine learning")
        try connection.interests.addAlias("ML", to: ml.id)
        let article = try connection.resources.add(
            title: "Speech recognition on a budget", url: "https://example.com/asr", topics: ["ML"])
        try connection.resources.share(article.id, .given, with: bo.id, note: "thought of you")
        try connection.interactions.log(.coffee, with: ann.id, minutes: 45, initiatedBy: .me)
    }

    let stored = try database.read { connection in
        try connection.people.all().map { person in
            (person, try connection.interests.interests(of: person.id))
        }
    }
    print("Stored in \(path):")
    for (person, interests) in stored {
        let topics = interests.map { "\($0.topicName) (\($0.weight)/5)" }.joined(separator: ", ")
        print("  \(person.name): \(topics.isEmpty ? "no interests yet" : topics)")
    }

    let draft = ResourceDraft(
        title: "What runners can learn from machine learning", text: "Training plans, tuned by data.")
    let picks = try database.read { try $0.questions.recommend(draft) }
    print("Who should get \"\(draft.title)\"?")
    for pick in picks {
        print("  \(pick.name) (score \(pick.score)): \(pick.reasons.map(\.description).joined(separator: "; "))")
    }
} catch {
    FileHandle.standardError.write(Data("quickstart: \(error)\n".utf8))
    exit(1)
}
