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
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError("no Kith database at \(path); `kith person add` creates one, or set --db / KITH_DB")
        }
        // Opened without migrating, so a file that Kith refuses to open can still be examined;
        // read-only when the file may not be written.
        let access: Database.Access = FileManager.default.isWritableFile(atPath: path) ? .readWrite : .readOnly
        let report: IntegrityReport
        do {
            report = try Database(.file(path), access: access).integrityReport()
        } catch let error as DatabaseError {
            throw CommandError("\(path): \(DatabaseOptions.explain(error))")
        }
        if output.json {
            try printJSON(
                [
                    "path": path, "healthy": report.isHealthy,
                    "problems": report.problems.map { ["check": $0.check, "detail": $0.detail] },
                    "notChecked": report.notChecked,
                ] as [String: Any])
        } else {
            print(
                report.isHealthy
                    ? "\(path): no problems found." : "\(path): \(counted(report.problems.count, "problem"))")
            for problem in report.problems { print("  \(problem)") }
            for check in report.notChecked { print("  not checked: \(check)") }
        }
        if !report.isHealthy { throw ExitCode.failure }
    }
}
