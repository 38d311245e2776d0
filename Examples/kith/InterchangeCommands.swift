import ArgumentParser
import Foundation
import Kith

/// `kith export json [--output FILE]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Take your network out.", subcommands: [JSON.self])

    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Everything in the database as one versioned JSON backup.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Write to this file (owner-only) instead of standard output.") var output: String?

        func run() throws {
            let data = try database.open().read { try JSONBackup.export(from: $0) }
            guard let output else {
                print(String(decoding: data, as: UTF8.self))
                return
            }
            guard FileManager.default.createFile(atPath: output, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw CommandError("cannot write \(output)")
            }
        }
    }
}

/// `kith import json FILE`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring your network in.", subcommands: [JSON.self])

    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Restore a JSON backup into a new, empty database.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A file written by `kith export json`.") var file: String

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
            try database.open().write { try JSONBackup.restore(data, into: $0, file: file) }
            print("Restored \(file).")
        }
    }
}

/// `kith backup FILE`.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "A consistent copy of the live database, safe while it is in use.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The new file to write (it must not exist).") var file: String

    func run() throws {
        try database.open().backup(to: file)
        print("Backed up to \(file).")
    }
}
