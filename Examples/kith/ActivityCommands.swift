import ArgumentParser
import Kith

/// `kith commitment add`.
struct CommitmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitment", abstract: "Record boards, volunteering, runs and other causes you serve.",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Record a commitment; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its name.", transform: textArgument) var name: String
        @Option(help: "board, volunteer, charity-run, petition, mentoring, field-work or other.") var kind:
            Commitment.Kind
        @Option(help: "The cause it serves.") var cause: String?
        @Option(help: "Your role in it.") var role: String?
        @Option(help: "Since when (YYYY-MM-DD).", transform: dayArgument) var since: Day?
        @Option(help: "Until when (YYYY-MM-DD).", transform: dayArgument) var until: Day?
        @Option(name: .customLong("hours-per-month"), help: "The hours a month you give it.") var hoursPerMonth: Double?
        @Option(name: .customLong("with"), help: "Someone you serve with (repeatable).") var with: [String] = []
        @OptionGroup var output: JSONOption

        func run() throws {
            let commitment = try database.write { connection in
                try connection.commitments.add(
                    Commitment(
                        name: name, kind: kind, cause: cause, role: role, startedOn: since, endedOn: until,
                        hoursPerMonth: hoursPerMonth, members: try with.map { try connection.person($0).id }))
            }
            if output.json {
                try printJSON(["commitment": ["id": commitment.id.rawValue, "name": commitment.name]])
            } else {
                print(commitment.id)
            }
        }
    }
}

/// `kith interaction log`.
struct InteractionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interaction", abstract: "Log coffees, calls, mentoring and other time together.",
        subcommands: [Log.self, List.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log", abstract: "Log an interaction; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Option(help: "coffee, call, email, message, meeting, mentoring, event or other.") var kind: Interaction.Kind
        @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?
        @Option(parsing: .unconditional, help: "How long, in minutes.", transform: countArgument(minimum: 0))
        var minutes: Int?
        @Option(name: .customLong("initiated-by"), help: "me or them.") var initiatedBy: Interaction.Initiator?
        @Option(help: "A note.") var note: String?

        func run() throws {
            let interaction = try database.write { connection in
                try connection.interactions.log(
                    kind, with: try connection.person(person).id, on: on ?? .today(), minutes: minutes,
                    initiatedBy: initiatedBy, note: note)
            }
            print(interaction.id)
        }
    }
}

/// `kith ask log`: with the honest-networker check when the ask is mine.
struct AskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask", abstract: "Log asks, yours and theirs, and how they ended.",
        subcommands: [Log.self, List.self, Resolve.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Log an ask; prints its id, and a warning if asking now would not be honest networking.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Option(help: "What the ask is about.", transform: textArgument) var topic: String
        @Option(help: "mine (I ask them) or theirs (they ask me).") var direction: Ask.Direction
        @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?
        @Option(help: "open, helped, declined or redirected.") var status: Ask.Status = .open

        func run() throws {
            let day = on ?? .today()
            let (ask, check) = try database.write { connection in
                let person = try connection.person(self.person)
                // Checked before logging, so the ask itself does not count against them.
                let check = direction == .mine ? try connection.questions.beforeAsking(person.id, asOf: day) : nil
                return (try connection.asks.log(direction, of: person.id, topic: topic, on: day, status: status), check)
            }
            print(ask.id)
            for warning in check?.warnings ?? [] { print("Before you ask: \(warning)") }
        }
    }
}

extension CommitmentCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List your commitments.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: JSONOption

        func run() throws {
            let commitments = try database.read { try $0.commitments.all() }
            if output.json {
                try printJSON(["commitments": commitments.map(commitmentJSON)])
            } else if commitments.isEmpty {
                print("No commitments yet. Record one with: kith commitment add NAME --kind volunteer --cause CAUSE")
            } else {
                printTable(
                    ["ID", "KIND", "NAME", "CAUSE"],
                    commitments.map {
                        [$0.id.description, $0.kind.rawValue, $0.name, $0.cause ?? ""]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show a commitment and who serves it with you.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its id.") var commitment: Int64
        @OptionGroup var output: JSONOption

        func run() throws {
            let (commitment, names) = try database.read { connection in
                guard let commitment = try connection.commitments.get(Commitment.ID(rawValue: self.commitment)) else {
                    throw CommandError("no commitment with id \(self.commitment)")
                }
                return (commitment, try connection.names(of: commitment.members))
            }
            if output.json {
                try printJSON([
                    "commitment": commitmentJSON(commitment).merging([
                        "role": commitment.role as Any, "since": commitment.startedOn?.description as Any,
                        "until": commitment.endedOn?.description as Any,
                        "hoursPerMonth": commitment.hoursPerMonth as Any,
                        "members": commitment.members.map { personJSON($0, names[$0] ?? "") },
                    ]) { $1 }
                ])
                return
            }
            print("\(commitment.name)  (id \(commitment.id), \(commitment.kind.rawValue))")
            if let cause = commitment.cause { print("  cause     \(cause)") }
            if let role = commitment.role { print("  role      \(role)") }
            let span = [commitment.startedOn.map { "since \($0)" }, commitment.endedOn.map { "until \($0)" }].compactMap
            { $0 }
            if !span.isEmpty { print("  \(span.joined(separator: ", "))") }
            if let hours = commitment.hoursPerMonth { print("  \(formatScore(hours)) hours a month") }
            if !commitment.members.isEmpty {
                print("  with: " + commitment.members.map { names[$0] ?? "" }.joined(separator: ", "))
            }
        }
    }
}

/// A commitment in JSON answers: `{"id", "name", "kind", "cause"}`.
func commitmentJSON(_ commitment: Commitment) -> [String: Any] {
    [
        "id": commitment.id.rawValue, "name": commitment.name, "kind": commitment.kind.rawValue,
        "cause": commitment.cause as Any,
    ]
}

extension InteractionCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List interactions, newest first: everyone's, or one person's.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Only this person (an id or a name).") var person: String?
        @Option(parsing: .unconditional, help: "How many, at most.", transform: countArgument(minimum: 1)) var limit =
            20
        @OptionGroup var output: JSONOption

        func run() throws {
            let (interactions, names) = try database.read { connection in
                let interactions =
                    try person.map { try connection.interactions.interactions(with: try connection.person($0).id) }
                    ?? connection.interactions.all(limit: limit)
                let shown = Array(interactions.prefix(limit))
                return (shown, try connection.names(of: shown.map(\.personID)))
            }
            if output.json {
                try printJSON([
                    "interactions": interactions.map {
                        [
                            "id": $0.id.rawValue, "person": personJSON($0.personID, names[$0.personID] ?? ""),
                            "kind": $0.kind.rawValue,
                            "on": $0.occurredOn.description, "minutes": $0.minutes as Any,
                            "initiatedBy": $0.initiatedBy?.rawValue as Any,
                            "note": $0.note as Any,
                        ] as [String: Any]
                    }
                ])
            } else if interactions.isEmpty {
                print("No interactions yet. Log one with: kith interaction log PERSON --kind coffee")
            } else {
                printTable(
                    ["DAY", "WHO", "WHAT", "MINUTES", "NOTE"],
                    interactions.map {
                        [
                            $0.occurredOn.description, names[$0.personID] ?? "", $0.kind.rawValue,
                            $0.minutes.map(String.init) ?? "", $0.note ?? "",
                        ]
                    })
            }
        }
    }
}

extension AskCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List asks, newest first: yours, theirs, or only the open ones.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Only the asks still open.") var open = false
        @Flag(help: "Only my asks of others.") var mine = false
        @Flag(help: "Only their asks of me: the open ones are promises.") var theirs = false
        @OptionGroup var output: JSONOption

        func validate() throws {
            if mine && theirs { throw ValidationError("give --mine or --theirs, not both") }
        }

        func run() throws {
            let (asks, names) = try database.read { connection in
                let asks = try connection.asks.all(direction: mine ? .mine : theirs ? .theirs : nil, openOnly: open)
                return (asks, try connection.names(of: asks.map(\.personID) + asks.compactMap(\.redirectedTo)))
            }
            if output.json {
                try printJSON([
                    "asks": asks.map {
                        [
                            "id": $0.id.rawValue, "person": personJSON($0.personID, names[$0.personID] ?? ""),
                            "direction": $0.direction.rawValue,
                            "topic": $0.topic, "askedOn": $0.askedOn.description, "status": $0.status.rawValue,
                            "redirectedTo": $0.redirectedTo.map { personJSON($0, names[$0] ?? "") } as Any,
                            "resolvedOn": $0.resolvedOn?.description as Any,
                        ] as [String: Any]
                    }
                ])
            } else if asks.isEmpty {
                print("No asks\(open ? " open" : "").")
            } else {
                printTable(
                    ["ID", "ON", "WHO", "WAY", "ABOUT", "STATUS"],
                    asks.map {
                        [
                            $0.id.description, $0.askedOn.description, names[$0.personID] ?? "",
                            $0.direction == .mine ? "I asked" : "they asked",
                            $0.topic, $0.status.rawValue + ($0.redirectedTo.map { " to \(names[$0] ?? "")" } ?? ""),
                        ]
                    })
            }
        }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Record how an ask ended: helped, declined or redirected (to someone).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The ask's id (`kith ask list`).") var ask: Int64
        @Option(help: "helped, declined or redirected.") var status: Ask.Status
        @Option(help: "Whom it was redirected to (with --status redirected).") var to: String?
        @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?

        func validate() throws {
            if status == .open { throw ValidationError("--status must be helped, declined or redirected") }
            if (status == .redirected) != (to != nil) {
                throw ValidationError("--to PERSON goes with --status redirected, and only with it")
            }
        }

        func run() throws {
            let (ask, name) = try database.write { connection in
                let redirectedTo = try to.map { try connection.person($0).id }
                let ask = try connection.asks.resolve(
                    Ask.ID(rawValue: self.ask), as: status, on: on ?? .today(), redirectedTo: redirectedTo)
                return (ask, try connection.people.get(ask.personID)?.name ?? "")
            }
            print("Ask \(ask.id) (\(name): \(ask.topic)): \(ask.status.rawValue).")
        }
    }
}
