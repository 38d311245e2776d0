import ArgumentParser
import Foundation
import Kith

/// `kith export json [--output FILE]`.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Take your network out.", subcommands: [JSON.self, VCard.self])

    struct VCard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vcard", abstract: "People as vCard 4.0 (or 3.0), with what an import kept.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "Only these people (ids or names); everyone not archived by default.") var people: [String] = []
        @Option(help: "Write to this file (owner-only, replaced whole or not at all) instead of standard output.")
        var output: String?
        @Option(help: "4 or 3.") var version = 4

        func validate() throws {
            if ![3, 4].contains(version) { throw ValidationError("--version must be 4 or 3") }
        }

        func run() throws {
            let export = try database.read { connection in
                let ids = people.isEmpty ? nil : try people.map { try connection.person($0).id }
                return try VCardExporter.exportCards(ids, from: connection, version: version)
            }
            let count = export.dropped.values.reduce(0, +)
            let leftOut =
                count == 0
                ? nil
                : "Left out \(counted(count, "kept property", plural: "kept properties")) vCard \(version).0 cannot hold: "
                    + export.dropped.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
                    + "."
            guard let output else {
                print(export.text, terminator: "")
                if let leftOut { FileHandle.standardError.write(Data((leftOut + "\n").utf8)) }
                return
            }
            try writeFile(Data(export.text.utf8), to: output)
            if let leftOut { print(leftOut) }
        }
    }

    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Everything in the database as one versioned JSON backup.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Write to this file (owner-only, replaced whole or not at all) instead of standard output.")
        var output: String?

        func run() throws {
            let data = try database.read { try JSONBackup.export(from: $0) }
            guard let output else {
                print(String(decoding: data, as: UTF8.self))
                return
            }
            try writeFile(data, to: output)
        }
    }
}

/// `kith import json FILE`.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Bring your network in.", subcommands: [JSON.self, VCard.self, CSV.self])

    struct CSV: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "csv",
            abstract: "Import a Google, LinkedIn or Outlook CSV export; people already here are merged.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CSV file.") var file: String
        @Option(help: "google, linkedin, outlook or auto (recognise the header).") var format:
            ContactsCSVImporter.Format = .auto

        func run() throws {
            let data = try readFile(file)
            let progress = ProgressLine()
            let report = try database.write { connection in
                try ContactsCSVImporter.import(data, format: format, file: file, into: connection) { done, count in
                    progress.show("\(file): row \(done) of \(count)")
                }
            }
            progress.clear()
            let ignored =
                report.ignoredColumns.isEmpty
                ? ""
                : "; ignored \(counted(report.ignoredColumns.count, "column")): \(report.ignoredColumns.joined(separator: ", "))"
            print(
                "\(report.added) added, \(report.merged) merged\(matchedSummary(report.matchedBy)), \(report.skipped.count) skipped\(ignored)."
            )
            for reason in report.skipped { print("  skipped \(reason)") }
        }
    }

    struct VCard: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vcard", abstract: "Import vCard 2.1, 3.0 or 4.0 files; a card imported before is updated.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "vCard files.") var files: [String]

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file") }
        }

        func run() throws {
            let progress = ProgressLine()
            let summary = try database.write { connection in
                var total = ImportSummary()
                for file in files {
                    let summary = try VCardImporter.import(try readFile(file), file: file, into: connection) {
                        done, count in
                        progress.show("\(file): card \(done) of \(count)")
                    }
                    total.added += summary.added
                    total.matchedBy.merge(summary.matchedBy, uniquingKeysWith: +)
                    total.keptProperties += summary.keptProperties
                }
                return total
            }
            progress.clear()
            let kept =
                summary.keptProperties == 0
                ? ""
                : "; kept \(counted(summary.keptProperties, "property", plural: "properties")) Kith does not model, to give back on export"
            print("\(summary.added) added, \(summary.updated) updated\(matchedSummary(summary.matchedBy))\(kept).")
        }
    }

    struct JSON: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "json", abstract: "Restore a JSON backup into a new, empty database.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "A file written by `kith export json`.") var file: String

        func run() throws {
            let data = try readFile(file)
            try database.write { try JSONBackup.restore(data, into: $0, file: file) }
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
        let source = try database.opened(.readOnly)
        do {
            try source.backup(to: file)
        } catch let error as DatabaseError {
            throw CommandError("\(file): \(DatabaseOptions.explain(error))")
        }
        print("Backed up to \(file).")
    }
}

/// What matched the people an import found already there: " (2 by UID, 1 by email)".
func matchedSummary(_ matchedBy: [PersonMatch.Key: Int]) -> String {
    let parts = matchedBy.sorted { $0.key < $1.key }.map {
        "\($0.value) by \($0.key == .uid ? "UID" : $0.key.rawValue)"
    }
    return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
}
