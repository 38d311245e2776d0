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
            ["fuzz", kind, String(StressHelper.seed), String(runs), VCardTests.bundled.path, folder.url.path])
        if status != 0 {
            // Keep the input beyond this test's temporary folder, to make it a regression test.
            let input = folder.url.appending(path: "fuzz-\(kind)-\(StressHelper.seed)/current.\(kind)")
            let kept = FileManager.default.temporaryDirectory.appending(
                path: "kith-fuzz-finding-\(kind)-\(StressHelper.seed)")
            try? FileManager.default.removeItem(at: kept)
            try? FileManager.default.copyItem(at: input, to: kept)
            Issue.record("seed \(StressHelper.seed): \(output); the input is kept in \(kept.path)")
        }
        #expect(output.hasPrefix("\(kind): \(runs) runs"), "\(output)")
        print("fuzz \(output.trimmingCharacters(in: .newlines)) (seed \(StressHelper.seed))")
    }
}
