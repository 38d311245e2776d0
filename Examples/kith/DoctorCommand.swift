import ArgumentParser
import Foundation
import Kith

/// `kith doctor`: checks the database file and says what is wrong with it.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the database file: damage, broken references, full-text indexes and migrations.",
        discussion: "Exits with status 1 when it finds a problem. It never migrates the file or changes what it holds.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let path = database.path
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("no database at \(path)") }
        // Opened without migrating, so a file that Kith refuses to open can still be examined.
        let report = try Database(.file(path)).integrityReport()
        if output.json {
            try printJSON([
                "path": path, "healthy": report.isHealthy,
                "problems": report.problems.map { ["check": $0.check, "detail": $0.detail] },
            ] as [String: Any])
        } else {
            print(report.isHealthy ? "\(path): no problems found." : "\(path): \(report.problems.count) problem(s)\n\(report)")
        }
        if !report.isHealthy { throw ExitCode.failure }
    }
}
