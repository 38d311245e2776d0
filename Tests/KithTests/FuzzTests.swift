import Foundation
import Testing
@testable import Kith

/// Seeded random mutations of the fixture files (and of JSON backups), imported by the
/// `KithStress` helper: no crash, no hang, no error that does not say where, and a rejected
/// file never changes the database. See `Tests/KithStress/Fuzzer.swift`.
@Suite("Fuzzing the importers")
struct FuzzTests {
    @Test(arguments: ["vcard", "csv", "json"])
    func mutatedFilesNeverCrashHangOrChangeTheDatabase(kind: String) throws {
        let folder = try TemporaryDirectory()
        let runs = StressHelper.scale(300, full: 20_000)
        let (status, output) = try StressHelper.run(
            ["fuzz", kind, String(StressHelper.seed), String(runs), VCardTests.fixtures.path, folder.url.path])
        #expect(status == 0, "seed \(StressHelper.seed): \(output)")
        #expect(output.hasPrefix("\(kind): \(runs) runs"), "\(output)")
        print("fuzz \(output.trimmingCharacters(in: .newlines)) (seed \(StressHelper.seed))")
    }
}
