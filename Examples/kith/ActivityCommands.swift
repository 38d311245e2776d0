import ArgumentParser
import Kith

/// `kith commitment add`.
struct CommitmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitment", abstract: "Record boards, volunteering, runs and other causes you serve.",
        subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a commitment; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Its name.", transform: textArgument) var name: String
        @Option(help: "board, volunteer, charity-run, petition, mentoring, field-work or other.") var kind: Commitment.Kind
        @Option(help: "The cause it serves.") var cause: String?
        @Option(help: "Your role in it.") var role: String?
        @Option(help: "Since when (YYYY-MM-DD).", transform: dayArgument) var since: Day?
        @Option(help: "Until when (YYYY-MM-DD).", transform: dayArgument) var until: Day?
        @Option(name: .customLong("hours-per-month"), help: "The hours a month you give it.") var hoursPerMonth: Double?
        @Option(name: .customLong("with"), help: "Someone you serve with (repeatable).") var with: [String] = []
        @OptionGroup var output: JSONOption

        func run() throws {
            let commitment = try database.write { connection in
                try connection.commitments.add(Commitment(
                    name: name, kind: kind, cause: cause, role: role, startedOn: since, endedOn: until,
                    hoursPerMonth: hoursPerMonth, members: try with.map { try connection.person($0).id }))
            }
            if output.json { try printJSON(["commitment": ["id": commitment.id.rawValue, "name": commitment.name]]) } else { print(commitment.id) }
        }
    }
}

/// `kith interaction log`.
struct InteractionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interaction", abstract: "Log coffees, calls, mentoring and other time together.",
        subcommands: [Log.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Log an interaction; prints its id.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "An id or a name.") var person: String
        @Option(help: "coffee, call, email, message, meeting, mentoring, event or other.") var kind: Interaction.Kind
        @Option(help: "The day (YYYY-MM-DD, default today).", transform: dayArgument) var on: Day?
        @Option(parsing: .unconditional, help: "How long, in minutes.", transform: countArgument(minimum: 0)) var minutes: Int?
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
        commandName: "ask", abstract: "Log asks, yours and theirs.", subcommands: [Log.self])

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
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
