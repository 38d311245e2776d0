// The `kith` command: a personal CRM for authentic networking, on Kith's public API.
import ArgumentParser
import Foundation
import Kith

@main
struct KithCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "Remember what the people you know care about, and pass on what fits them.",
        discussion: """
            The database is --db PATH, else $KITH_DB, else $XDG_DATA_HOME/kith/kith.sqlite
            (~/.local/share/kith/kith.sqlite). Start with `kith tour`.
            """,
        subcommands: [
            PersonCommand.self, NoteCommand.self, KnowCommand.self, InterestCommand.self,
            ResourceCommand.self, ShareCommand.self, CommitmentCommand.self, InteractionCommand.self, AskCommand.self,
            RecommendCommand.self, LedgerCommand.self, ReconnectCommand.self, WhoCanHelpCommand.self,
            IntroductionsCommand.self, TimelineCommand.self, WeekCommand.self, ImportCommand.self, ExportCommand.self,
            BackupCommand.self, DoctorCommand.self, TourCommand.self,
        ]
    )

    /// Runs a command; any error is one line on standard error and a non-zero exit.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))  // --help, --version
            } else if !message(for: error).isEmpty {  // `kith doctor` has already said what it found
                FileHandle.standardError.write(Data("kith: \(oneLine(message(for: error)))\n".utf8))
            }
            exit(withError: code == .success ? nil : ExitCode(code.rawValue == 0 ? 1 : code.rawValue))
        }
    }

    /// A message on one line: a list of choices ("\n  - board\n  - volunteer") becomes
    /// "board, volunteer".
    static func oneLine(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let first = lines.first else { return message }
        let rest = lines.dropFirst().map { $0.hasPrefix("- ") ? String($0.dropFirst(2)) : $0 }
        return rest.isEmpty ? first : first + " " + rest.joined(separator: ", ")
    }
}
