import ArgumentParser
import Kith

/// `kith recommend`: who should get this?
struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend", abstract: "Who should get this? Ranked, with reasons, and never a blast.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "A stored resource: its id or URL.") var resource: String?
    @Option(help: "The title of something not stored.", transform: textArgument) var title: String?
    @Option(help: "Its URL.") var url: String?
    @Option(help: "A topic it is about (repeatable).", transform: textArgument) var topic: [String] = []
    @Option(help: "More of its text to match.", transform: textArgument) var text: String?
    @Option(parsing: .unconditional, help: "How many people, at most.", transform: countArgument(minimum: 1))
    var limit = 5
    @Option(
        name: .customLong("as-of"), help: "Answer as of this day (YYYY-MM-DD, default today).", transform: dayArgument)
    var asOf: Day?
    @OptionGroup var output: JSONOption

    func validate() throws {
        if (resource == nil) == (title == nil) {
            throw ValidationError("give either --resource RESOURCE or --title TITLE")
        }
        if resource != nil, url != nil || !topic.isEmpty || text != nil {
            throw ValidationError("--url, --topic and --text describe a --title, not a stored --resource")
        }
    }

    func run() throws {
        let picks = try database.readRanked { connection in
            if let resource {
                return try connection.questions.recommend(
                    try connection.resource(resource).id, limit: limit, asOf: asOf ?? .today())
            }
            let draft = ResourceDraft(title: title ?? "", url: url, topics: topic, text: text)
            return try connection.questions.recommend(draft, limit: limit, asOf: asOf ?? .today())
        }
        if output.json {
            try printJSON([
                "recommendations": picks.map { pick in
                    [
                        "person": personJSON(pick.personID, pick.name), "score": pick.score,
                        "reasons": pick.reasons.map(reasonJSON),
                    ] as [String: Any]
                }
            ])
        } else if picks.isEmpty {
            print("Nobody you know has a reason to want this. That is a fine answer: keep it for later.")
        } else {
            printTable(
                ["WHO", "SCORE", "WHY"],
                picks.map {
                    [$0.name, formatScore($0.score), $0.reasons.map(\.description).joined(separator: "; ")]
                })
        }
    }
}

/// `kith ledger [PERSON]`.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "What you gave and what you received, per person; most owed first.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Only this person (an id or a name).") var person: String?
    @OptionGroup var output: JSONOption

    func run() throws {
        let entries = try database.read { connection in
            if let person { return [try connection.questions.ledger(of: try connection.person(person).id)] }
            return try connection.questions.ledger()
        }
        if output.json {
            try printJSON([
                "ledger": entries.map {
                    [
                        "person": personJSON($0.personID, $0.name), "given": $0.given, "received": $0.received,
                        "balance": $0.balance,
                        "sharesGiven": $0.sharesGiven, "sharesReceived": $0.sharesReceived,
                        "asksIHelped": $0.asksIHelped,
                        "asksTheyHelped": $0.asksTheyHelped, "promisesOpen": $0.promisesOpen,
                        "mentoringSessions": $0.mentoringSessions,
                        "minutesTogether": $0.minutesTogether,
                    ] as [String: Any]
                }
            ])
        } else if entries.isEmpty {
            print("Nothing given or received yet.")
        } else {
            printTable(
                ["WHO", "GAVE", "GOT", "BALANCE", "PROMISES", ""],
                entries.map {
                    [
                        $0.name, String($0.given), String($0.received), String($0.balance),
                        $0.asksIHelped + $0.promisesOpen == 0 ? "" : "\($0.asksIHelped) kept, \($0.promisesOpen) open",
                        $0.balance < 0 ? "you owe them" : "",
                    ]
                })
        }
    }
}

/// `kith reconnect`.
struct ReconnectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconnect", abstract: "Whom you have drifted from, and something you could give them.")
    @OptionGroup var database: DatabaseOptions
    @Option(parsing: .unconditional, help: "How many people, at most.", transform: countArgument(minimum: 1))
    var limit = 5
    @Option(
        name: .customLong("as-of"), help: "Answer as of this day (YYYY-MM-DD, default today).", transform: dayArgument)
    var asOf: Day?
    @OptionGroup var output: JSONOption

    func run() throws {
        let people = try database.read { try $0.questions.reconnect(limit: limit, asOf: asOf ?? .today()) }
        if output.json {
            try printJSON([
                "reconnect": people.map {
                    [
                        "person": personJSON($0.personID, $0.name), "lastContact": $0.lastContact?.description as Any,
                        "daysSinceContact": $0.daysSinceContact, "cadenceDays": $0.cadenceDays,
                        "suggestion": $0.suggestion.map { ["id": $0.id.rawValue, "title": $0.title] } as Any,
                        "suggestionReason": $0.suggestionReason as Any, "sharedTopics": $0.sharedTopics,
                    ] as [String: Any]
                }
            ])
        } else if people.isEmpty {
            print("You are in touch with everyone you keep in touch with.")
            print(
                "Only people you have been in contact with, or given a cadence, can drift: kith person edit NAME --cadence 30"
            )
        } else {
            printTable(
                ["WHO", "LAST CONTACT", "OVERDUE", "YOU COULD SEND"],
                people.map {
                    [
                        $0.name, $0.lastContact?.description ?? "never", counted($0.daysOverdue, "day"),
                        ($0.suggestion.map { "\($0.title) (\($0.id))" + ($0.url.map { " \($0)" } ?? "") }
                            ?? "a note to say hello")
                            + ($0.sharedTopics.isEmpty
                                ? "" : "; you both care about \($0.sharedTopics.joined(separator: ", "))"),
                    ]
                })
        }
    }
}

/// `kith who-can-help TOPIC`.
struct WhoCanHelpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can-help", abstract: "Who could help with an ask of yours; those you owe rank lower.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "What you need help with: a topic.", transform: textArgument) var topic: String
    @OptionGroup var output: JSONOption

    func run() throws {
        let helpers = try database.read { try $0.questions.whoCanHelp(with: topic) }
        if output.json {
            try printJSON([
                "helpers": helpers.map {
                    [
                        "person": personJSON($0.personID, $0.name), "score": $0.score,
                        "reasons": $0.reasons.map(reasonJSON),
                    ] as [String: Any]
                }
            ])
        } else if helpers.isEmpty {
            print("Nobody you know cares strongly about \(topic) yet.")
        } else {
            printTable(
                ["WHO", "SCORE", "WHY"],
                helpers.map {
                    [$0.name, formatScore($0.score), $0.reasons.map(\.description).joined(separator: "; ")]
                })
        }
    }
}

/// `kith introductions`.
struct IntroductionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "introductions", abstract: "Pairs who share passions or causes and do not know each other yet.")
    @OptionGroup var database: DatabaseOptions
    @Option(parsing: .unconditional, help: "How many pairs, at most.", transform: countArgument(minimum: 1)) var limit =
        5
    @OptionGroup var output: JSONOption

    func run() throws {
        let pairs = try database.read { try $0.questions.introductions(limit: limit) }
        if output.json {
            try printJSON([
                "introductions": pairs.map {
                    [
                        "first": personJSON($0.first, $0.firstName), "second": personJSON($0.second, $0.secondName),
                        "score": $0.score, "reasons": $0.reasons.map(reasonJSON),
                    ] as [String: Any]
                }
            ])
        } else if pairs.isEmpty {
            print("No introductions to suggest yet.")
        } else {
            printTable(
                ["WHO", "AND", "SHARE"],
                pairs.map { [$0.firstName, $0.secondName, $0.reasons.map(\.description).joined(separator: "; ")] })
        }
    }
}

/// `kith timeline PERSON`.
struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline", abstract: "Everything between you and a person, newest first.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "An id or a name.") var person: String
    @OptionGroup var output: JSONOption

    func run() throws {
        let events = try database.read { connection in
            try connection.questions.timeline(of: try connection.person(person).id)
        }
        if output.json {
            try printJSON([
                "timeline": events.map { ["day": $0.day.description, "kind": $0.kind.rawValue, "summary": $0.summary] }
            ])
        } else if events.isEmpty {
            print("Nothing between you yet.")
        } else {
            printTable(["DAY", "WHAT", ""], events.map { [$0.day.description, $0.kind.rawValue, $0.summary] })
        }
    }
}

/// `kith week`.
struct WeekCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "week", abstract: "A handful of small, genuine gestures for this week.")
    @OptionGroup var database: DatabaseOptions
    @Option(
        name: .customLong("as-of"), help: "Plan the week of this day (YYYY-MM-DD, default today).",
        transform: dayArgument) var asOf: Day?
    @OptionGroup var output: JSONOption

    func run() throws {
        let day = asOf ?? .today()
        let (plan, names) = try database.read { connection in
            let plan = try connection.questions.week(asOf: day)
            let names = Dictionary(
                uniqueKeysWithValues: try connection.people.get(plan.openAsks.map(\.personID)).map { ($0.id, $0.name) })
            return (plan, names)
        }
        if output.json {
            try printJSON([
                "gifts": plan.gifts.map {
                    [
                        "resource": ["id": $0.resource.id.rawValue, "title": $0.resource.title],
                        "to": personJSON($0.recommendation.personID, $0.recommendation.name),
                        "reasons": $0.recommendation.reasons.map(reasonJSON),
                    ] as [String: Any]
                },
                "reconnect": plan.reconnect.map {
                    [
                        [
                            "person": personJSON($0.personID, $0.name), "daysSinceContact": $0.daysSinceContact,
                            "sharedTopics": $0.sharedTopics,
                        ]
                    ]
                } ?? [],
                "birthdays": plan.birthdays.map {
                    [
                        "person": personJSON($0.personID, $0.name), "birthday": birthdayJSON($0.birthday),
                        "on": $0.on.description,
                        "inDays": $0.inDays,
                    ] as [String: Any]
                },
                "openAsks": plan.openAsks.map {
                    [
                        "id": $0.id.rawValue, "person": personJSON($0.personID, names[$0.personID] ?? ""),
                        "topic": $0.topic,
                        "since": $0.askedOn.description, "daysOpen": day.days(since: $0.askedOn),
                    ] as [String: Any]
                },
            ])
            return
        }
        print("This week:")
        for gift in plan.gifts {
            print(
                "  - Send \"\(gift.resource.title)\" to \(gift.recommendation.name) (\(gift.recommendation.reasons.first?.description ?? ""))"
            )
        }
        if let person = plan.reconnect {
            let shared =
                person.sharedTopics.isEmpty
                ? "" : "; you both care about \(person.sharedTopics.joined(separator: ", "))"
            print(
                "  - Get back in touch with \(person.name): \(counted(person.daysSinceContact, "day")) since your last contact\(shared)"
            )
        }
        for ask in plan.openAsks {
            print(
                "  - You promised \(names[ask.personID] ?? "someone") help with \(ask.topic): open for \(counted(day.days(since: ask.askedOn), "day"))"
            )
        }
        for birthday in plan.birthdays {
            let when = birthday.inDays == 0 ? "today" : birthday.inDays == 1 ? "tomorrow" : "in \(birthday.inDays) days"
            print("  - \(birthday.name)'s birthday is \(when) (\(formatBirthday(birthday.birthday)))")
        }
        if plan.gifts.isEmpty && plan.reconnect == nil && plan.openAsks.isEmpty && plan.birthdays.isEmpty {
            print("  Nothing pressing. Enjoy it.")
        }
        if plan.reconnect == nil {
            print(
                "  (Only people you are in touch with, or gave a cadence, come up to reconnect: kith person edit NAME --cadence 30)"
            )
        }
    }
}
