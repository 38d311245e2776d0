// The libFuzzer entry point for Kith's importers. Fuzz/run compiles it with Kith's own
// sources into one instrumented program (libFuzzer brings its own main, which a SwiftPM
// executable target cannot have), so it is not part of the package.
//
// Each input is imported by the importer KITH_FUZZ_TARGET names (vcard, csv or json) inside
// a transaction that is then rolled back. A crash, a hang (-timeout) or too much memory
// (-rss_limit_mb) is a finding; so is an error other than InterchangeError, which would not
// say where the file broke. For vcard, a file read in pieces must also give what the whole
// file gives (the same cards, or the same error), however many pieces it is cut into.
import Foundation

private let target = ProcessInfo.processInfo.environment["KITH_FUZZ_TARGET"] ?? "vcard"

private let databasePath = FileManager.default.temporaryDirectory.appending(path: "kith-fuzz-\(getpid()).sqlite").path

private let database: Database = {
    atexit { for suffix in ["", "-wal", "-shm"] { unlink(databasePath + suffix) } }
    return try! Database.openKith(at: .file(databasePath))
}()

private struct RolledBack: Error {}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if target == "vcard" {
        // Only InterchangeError is expected: any other is a finding.
        func cards(inPieces parts: Int) -> Result<[VCard], InterchangeError> {
            Result { try VCardParser.parse(data, file: "fuzz.vcf", parts: parts) }.mapError { $0 as! InterchangeError }
        }
        let whole = cards(inPieces: 1)
        for parts in [2, 5, max(count, 1)] where cards(inPieces: parts) != whole {
            fatalError("read in \(parts) pieces, the file gives other cards than whole")
        }
    }
    do {
        try database.write { connection in
            switch target {
            case "csv": _ = try ContactsCSVImporter.import(data, file: "fuzz.csv", into: connection)
            case "json": try JSONBackup.restore(data, into: connection, file: "fuzz.json")
            default: _ = try VCardImporter.import(data, file: "fuzz.vcf", into: connection)
            }
            throw RolledBack()
        }
    } catch is RolledBack, is InterchangeError {
        return 0
    } catch {
        fatalError("not an InterchangeError: \(type(of: error)): \(error)")
    }
    return 0
}
