// The `kith` command: a personal CRM for authentic networking, on Kith's public API.
import ArgumentParser
import Foundation
import Kith

@main
struct KithCommand: ParsableCommand {
    /// This release of the command.
    static let release = "0.9.0"

    /// Every command here names itself (`commandName`): left out, ArgumentParser derives the
    /// name from the type through `String(describing:)`, about 1.2 M instructions a command
    /// type on every run, 30% of `kith person show`.
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Remember what the people you know care about, and pass on what fits them.",
        discussion: """
            The database is --db PATH (before or after the subcommand), else $KITH_DB, else \
            $XDG_DATA_HOME/kith/kith.sqlite (~/.local/share/kith/kith.sqlite). Commands that only read never create it. \
            Start with `kith tour`.

            A value that starts with '-' is given with '=': --interest=-core:3.

            Exit status: 0 done; 1 refused or failed (one line on standard error says why, and nothing was changed); \
            64 a usage error (an unknown option, a malformed value). `kith doctor` exits 1 when it finds a problem.
            """,
        version:
            "kith \(release) (schema \(Migrator.kith.migrations.last?.name ?? "none"), JSON contract \(jsonContractVersion))",
        groupedSubcommands: [
            CommandGroup(
                name: "People",
                subcommands: [PersonCommand.self, SearchCommand.self, NoteCommand.self, KnowCommand.self]),
            CommandGroup(
                name: "Interests and resources",
                subcommands: [InterestCommand.self, ResourceCommand.self, ShareCommand.self]),
            CommandGroup(
                name: "What happened",
                subcommands: [
                    InteractionCommand.self, AskCommand.self, CommitmentCommand.self, TimelineCommand.self,
                ]),
            CommandGroup(
                name: "Questions",
                subcommands: [
                    RecommendCommand.self, WeekCommand.self, ReconnectCommand.self, LedgerCommand.self,
                    WhoCanHelpCommand.self,
                    IntroductionsCommand.self,
                ]),
            CommandGroup(
                name: "Files",
                subcommands: [
                    ImportCommand.self, ExportCommand.self, BackupCommand.self, DoctorCommand.self, TourCommand.self,
                ]),
            CommandGroup(name: "Devices", subcommands: [SyncCommand.self]),
        ]
    )

    /// `--db` before the subcommand; every subcommand reads the same option.
    @OptionGroup var database: DatabaseOptions

    /// Runs a command; any error is one line on standard error and a non-zero exit.
    static func main() {
        // A reader that quits ends the program quietly; a file too large for the limits is an error to report.
        signal(SIGPIPE, SIG_DFL)
        signal(SIGXFSZ, SIG_IGN)
        do {
            do {
                var command = try parseAsRoot()
                try command.run()
            } catch  where exitCode(for: error) == .success {
                print(fullMessage(for: error))  // --help, --version
            }
            try finishStandardOutput()
        } catch {
            try? finishStandardOutput()
            if !message(for: error).isEmpty {  // `kith doctor` has already said what it found
                FileHandle.standardError.write(Data("kith: \(oneLine(message(for: error)))\n".utf8))
            }
            let code = exitCode(for: error)
            exit(withError: ExitCode(code.rawValue == 0 ? 1 : code.rawValue))
        }
    }

    /// A message on one line: a list of choices ("\n  - board\n  - volunteer") becomes
    /// "board, volunteer"; ArgumentParser's help lines after a usage error are left out.
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Help:") && !$0.hasPrefix("Usage:") && !$0.hasPrefix("See '") }
        guard let first = lines.first else { return message }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }
}
