import Foundation
import Kith
import KithTestSupport

/// Seeded random-mutation fuzzing of an importer, starting from real files. Every input is
/// imported inside a transaction that is then rolled back, so the database never changes:
/// an accepted input is checked (integrity and foreign keys) before the rollback, a rejected
/// one must fail with an `InterchangeError` and leave the database as it was. Any other
/// outcome stops the run with exit status 3; a crash or a hang (over 10 s, by `alarm`) kills
/// it, and the input is left in `WORKDIR/fuzz-<kind>-<seed>/current.<kind>` to be kept as a regression test.
struct Fuzzer {
    enum Kind: String { case vcard, csv, json }

    let kind: Kind
    let corpus: [Data]
    let database: Database
    let workDirectory: String
    var random: SplitMix64

    init(kind: Kind, seed: UInt64, fixtures: String, workDirectory: String) throws {
        self.kind = kind
        // A fresh folder for each kind and seed, so a run never meets the files of another.
        let workDirectory = workDirectory + "/fuzz-\(kind)-\(seed)"
        try? FileManager.default.removeItem(atPath: workDirectory)
        try FileManager.default.createDirectory(atPath: workDirectory, withIntermediateDirectories: true)
        self.workDirectory = workDirectory
        random = SplitMix64(seed: seed)
        let files = try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted()
        let database = try Database.openKith(at: .file(workDirectory + "/fuzz-\(kind).sqlite"))
        switch kind {
        case .vcard, .csv:
            let seeds = try files.filter { $0.hasSuffix(kind == .vcard ? ".vcf" : ".csv") }
                .map { try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + $0)) }
            // A few people already there, so that imports also merge and update.
            try database.write { connection in
                if kind == .vcard {
                    _ = try VCardImporter.import(seeds[0], into: connection)
                } else {
                    _ = try ContactsCSVImporter.import(seeds[0], into: connection)
                }
            }
            corpus = seeds
        case .json:
            // Backups of a synthetic network and of every fixture vCard; restored into the empty file.
            let source = try Database.openKith(at: .file(workDirectory + "/fuzz-source.sqlite"))
            try source.write {
                try SyntheticNetwork(
                    people: 12, topics: 8, interestsPerPerson: 3, sharesPerPerson: 2, resources: 6, seed: 1
                ).build(in: $0)
            }
            let synthetic = try source.read { try JSONBackup.export(from: $0) }
            let cards = try Database.openKith(at: .file(workDirectory + "/fuzz-cards.sqlite"))
            for file in files where file.hasSuffix(".vcf") {
                try cards.write {
                    _ = try VCardImporter.import(
                        try Data(contentsOf: URL(fileURLWithPath: fixtures + "/" + file)), into: $0)
                }
            }
            corpus = [synthetic, try cards.read { try JSONBackup.export(from: $0) }]
        }
        self.database = database
    }

    private struct RolledBack: Error {}

    mutating func run(_ runs: Int) throws {
        let before = try database.read { try JSONBackup.export(from: $0) }
        let current = workDirectory + "/current.\(kind)"
        var accepted = 0
        var rejected = 0
        var slowest = 0.0
        for _ in 0..<runs {
            let input = mutated(corpus[random.next(corpus.count)])
            try input.write(to: URL(fileURLWithPath: current))
            alarm(10)
            let start = Date()
            do {
                try database.write { connection in
                    try importInput(input, into: connection)
                    let broken: Int =
                        try connection.fetchValue(sql: "SELECT count(*) FROM pragma_foreign_key_check") ?? 0
                    let integrity: String = try connection.fetchValue(sql: "PRAGMA integrity_check") ?? ""
                    guard broken == 0, integrity == "ok" else {
                        fail("accepted input broke the file: \(integrity), \(broken) foreign keys")
                    }
                    throw RolledBack()
                }
            } catch is RolledBack {
                accepted += 1
            } catch let error as InterchangeError {
                guard error.file == "fuzz.\(kind)", !error.reason.isEmpty else {
                    fail("an error that does not say where: \(error)")
                }
                rejected += 1
            } catch {
                fail("not an InterchangeError: \(type(of: error)): \(error)")
            }
            slowest = max(slowest, Date().timeIntervalSince(start))
            alarm(0)
            guard try database.read({ try JSONBackup.export(from: $0) }) == before else { fail("the database changed") }
        }
        try? FileManager.default.removeItem(atPath: current)
        print(
            "\(kind): \(runs) runs, \(accepted) accepted, \(rejected) rejected, corpus \(corpus.count) files, "
                + "slowest \(Int(slowest * 1000)) ms, peak memory \(peakMemoryMB()) MB")
    }

    private func importInput(_ input: Data, into connection: Connection) throws {
        let file = "fuzz.\(kind)"
        switch kind {
        case .vcard: _ = try VCardImporter.import(input, file: file, into: connection)
        case .csv: _ = try ContactsCSVImporter.import(input, file: file, into: connection)
        case .json:
            // A backup restores only into an empty database: empty it inside the transaction.
            try connection.execute(
                script: "DELETE FROM people; DELETE FROM topics; DELETE FROM resources; DELETE FROM commitments;")
            try JSONBackup.restore(input, into: connection, file: file)
        }
    }

    private func fail(_ message: String) -> Never {
        print("finding: \(message) (input kept in \(workDirectory)/current.\(kind))")
        exit(3)
    }

    /// The input with one to eight random edits: bit flips, interesting bytes, deletions,
    /// duplications, tokens the formats care about, truncation, and splices with another file.
    private mutating func mutated(_ original: Data) -> Data {
        var bytes = [UInt8](original)
        for _ in 0..<(1 + random.next(8)) {
            let at = bytes.isEmpty ? 0 : random.next(bytes.count)
            switch random.next(7) {
            case 0 where !bytes.isEmpty: bytes[at] ^= 1 << UInt8(random.next(8))
            case 1 where !bytes.isEmpty: bytes[at] = Self.interestingBytes[random.next(Self.interestingBytes.count)]
            case 2 where !bytes.isEmpty: bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.next(64)))
            case 3 where !bytes.isEmpty:
                let chunk = bytes[at..<min(bytes.count, at + 1 + random.next(256))]
                bytes.insert(contentsOf: Array(chunk), at: random.next(bytes.count))
            case 4: bytes.insert(contentsOf: Array(Self.tokens[random.next(Self.tokens.count)].utf8), at: at)
            case 5: bytes.removeSubrange(at..<bytes.count)
            default:
                let other = [UInt8](corpus[random.next(corpus.count)])
                bytes = Array(bytes[..<at]) + other[random.next(max(other.count, 1))...]
            }
        }
        return Data(bytes)
    }

    private static let interestingBytes: [UInt8] = [
        0x00, 0xFF, 0x0A, 0x0D, 0x22, 0x3B, 0x3A, 0x2C, 0x3D, 0x5C, 0xC3, 0x80, 0xFE, 0x7B, 0x5B,
    ]
    private static let tokens = [
        "BEGIN:VCARD\r\n", "END:VCARD\r\n", "VERSION:2.1\r\n", ";ENCODING=QUOTED-PRINTABLE:", "=\r\n", "=C3=",
        ";CHARSET=UTF-16:",
        ";ENCODING=b:", "\r\n ", "item1.", ";TYPE=", "BDAY:--0230\r\n", "BDAY:2026-02-30\r\n", "RELATED:urn:uuid:x\r\n",
        "\"", "\"\"",
        ",", "\n", "\r", "{", "}", "[", "]", "null", "1e999", "-1", "\"\\u0000\"", "99999999999999999999",
        "\"weight\": 9",
        "\"minutes\": -5", "'); DROP TABLE people; --",
    ]
}
