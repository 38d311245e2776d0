import Foundation
import GRDB
import GRDBSQLite
import Kith

/// The same work done three ways in one run: the raw SQLite C API (a prepared statement
/// reused, one transaction, no checks beyond the step result), GRDB's best idiomatic API
/// (cached statements, records), and Kith's public API. Every database is a file with
/// the same settings (WAL, synchronous=FULL, foreign keys on).
struct LayerBenchmarks {
    static let people = 50_000
    static let fetchedRows = 200_000
    static let lookups = 100_000

    /// The migration files, read from the Kith package beside this one.
    static let migrations: [(name: String, sql: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Migrations")
        let files =
            (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".sql") }
            .sorted() ?? []
        return files.map { ($0, (try? String(contentsOf: folder.appending(path: $0), encoding: .utf8)) ?? "") }
    }()

    func run() throws {
        let scratch = try Scratch()
        // A migrated, empty Kith file with 30 topics, copied fresh for each insert run.
        let template = scratch.path("template.sqlite")
        try Database.openKith(at: .file(template)).write { connection in
            for topic in 1...30 {
                try connection.execute(
                    sql: "INSERT INTO topics(id, name) VALUES (?, ?)", arguments: [topic, "topic \(topic)"])
            }
        }  // closed here: the WAL is checkpointed into the file, which can then be copied
        var copies = 0
        func freshCopy() throws -> String {
            copies += 1
            let path = scratch.path("copy-\(copies).sqlite")
            try FileManager.default.copyItem(atPath: template, toPath: path)
            return path
        }

        print("| workload | raw C (ms) | GRDB (ms) | Kith (ms) | Kith/raw | Kith/GRDB |")
        print("|---|---:|---:|---:|---:|---:|")
        func row(_ name: String, _ raw: Timing, _ grdb: Timing, _ kith: Timing) {
            print(
                "| \(name) | \(format(raw.median)) | \(format(grdb.median)) | \(format(kith.median)) | \(format(kith.median / raw.median)) | \(format(kith.median / grdb.median)) |"
            )
        }

        // 1. Insert 50,000 people with 3 interests each, in one transaction.
        var paths: [String] = []
        func prepared() throws -> String {
            let path = try freshCopy()
            paths.append(path)
            return path
        }
        let inserts = try interleaved(
            7, setUp: prepared,
            [
                { try RawSQLite(path: $0).insertPeople(Self.people) },
                { try GRDBWorkloads(path: $0).insertPeople(Self.people) },
                { try KithWorkloads(path: $0).insertPeople(Self.people) },
                { try KithWorkloads(path: $0).addPeople(Self.people) },
            ])
        row("insert 50,000 people × 3 interests", inserts[0], inserts[1], inserts[2])
        row("  … with Kith's `people.add` (validation, topic lookup)", inserts[0], inserts[1], inserts[3])

        // 2. Fetch 200,000 rows of 10 integers into Swift values.
        let items = scratch.path("items.sqlite")
        try RawSQLite(path: items).createItems(Self.fetchedRows)
        let raw = try RawSQLite(path: items)
        let grdb = try GRDBWorkloads(path: items)
        let kith = try KithWorkloads(path: items)
        let fetches = try interleaved(
            15, setUp: {},
            [
                { _ in
                    let count = try raw.fetchItems().count
                    precondition(count == Self.fetchedRows)
                },
                { _ in
                    let count = try grdb.fetchItems().count
                    precondition(count == Self.fetchedRows)
                },
                { _ in
                    let count = try kith.fetchItems().count
                    precondition(count == Self.fetchedRows)
                },
            ])
        row("fetch 200,000 rows × 10 integers", fetches[0], fetches[1], fetches[2])

        // 3. Look up one person by id, 100,000 times.
        let people = try unwrap(paths.last)
        let (rawPeople, grdbPeople, kithPeople) = (
            try RawSQLite(path: people), try GRDBWorkloads(path: people), try KithWorkloads(path: people)
        )
        let lookups = try interleaved(
            7, setUp: {},
            [
                { _ in try rawPeople.lookUpPeople(Self.lookups, among: Self.people) },
                { _ in try grdbPeople.lookUpPeople(Self.lookups, among: Self.people) },
                { _ in try kithPeople.lookUpPeople(Self.lookups, among: Self.people) },
                { _ in try kithPeople.getPeople(Self.lookups, among: Self.people) },
            ])
        row("look up a person by id × 100,000", lookups[0], lookups[1], lookups[2])
        row("  … with Kith's `people.get` (emails and phones too)", lookups[0], lookups[1], lookups[3])

        // 4. Open a new file and apply every migration.
        var opened = 0
        let opens = try interleaved(
            21,
            setUp: {
                opened += 1
                return scratch.path("new-\(opened).sqlite")
            },
            [
                { try RawSQLite.openAndMigrate($0, Self.migrations) },
                { try GRDBWorkloads.openAndMigrate($0, Self.migrations) },
                { _ = try Database.openKith(at: .file($0)) },
            ])
        row("open a new file and migrate", opens[0], opens[1], opens[2])
        print("\nMedians of 7 runs (inserts, lookups), 15 (fetch), 21 (open and migrate), after one warm-up run")
        print("of each; the ways take turns in every round, so a slow moment of the machine hits all of them.")
    }

    /// Times each of `ways` `runs` times, taking turns within each round, each on a fresh
    /// value from `setUp` (not timed); one untimed warm-up round first.
    func interleaved<T>(_ runs: Int, setUp: () throws -> T, _ ways: [(T) throws -> Void]) throws -> [Timing] {
        for way in ways { try way(try setUp()) }
        var samples = Array(repeating: [Double](), count: ways.count)
        for _ in 0..<runs {
            for (index, way) in ways.enumerated() {
                let value = try setUp()
                samples[index].append(try measure(runs: 1, warmUp: false) { try way(value) }.samples[0])
            }
        }
        return samples.map(Timing.init)
    }
}
struct MissingValue: Error {}

func unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw MissingValue() }
    return value
}

/// The Swift value each fetched row becomes.
struct Item {
    var i0, i1, i2, i3, i4, i5, i6, i7, i8, i9: Int64
}
