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
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".sql") }.sorted() ?? []
        return files.map { ($0, (try? String(contentsOf: folder.appending(path: $0), encoding: .utf8)) ?? "") }
    }()

    func run() throws {
        let scratch = try Scratch()
        // A migrated, empty Kith file with 30 topics, copied fresh for each insert run.
        let template = scratch.path("template.sqlite")
        try Database.openKith(at: .file(template)).write { connection in
            for topic in 1...30 { try connection.execute(sql: "INSERT INTO topics(id, name) VALUES (?, ?)", arguments: [topic, "topic \(topic)"]) }
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
            print("| \(name) | \(format(raw.median)) | \(format(grdb.median)) | \(format(kith.median)) | \(format(kith.median / raw.median)) | \(format(kith.median / grdb.median)) |")
        }

        // 1. Insert 50,000 people with 3 interests each, in one transaction.
        let insertRuns = 5
        var paths: [String] = []
        func prepared() throws -> String { let path = try freshCopy(); paths.append(path); return path }
        let rawInsert = try measureEach(insertRuns, setUp: prepared) { try RawSQLite(path: $0).insertPeople(Self.people) }
        let grdbInsert = try measureEach(insertRuns, setUp: prepared) { try GRDBWorkloads(path: $0).insertPeople(Self.people) }
        let kithInsert = try measureEach(insertRuns, setUp: prepared) { try KithWorkloads(path: $0).insertPeople(Self.people) }
        let kithRepositoryInsert = try measureEach(3, setUp: prepared) { try KithWorkloads(path: $0).addPeople(Self.people) }
        row("insert 50,000 people × 3 interests", rawInsert, grdbInsert, kithInsert)
        row("  … with Kith's `people.add` (validation, topic lookup)", rawInsert, grdbInsert, kithRepositoryInsert)

        // 2. Fetch 200,000 rows of 10 integers into Swift values.
        let items = scratch.path("items.sqlite")
        try RawSQLite(path: items).createItems(Self.fetchedRows)
        let raw = try RawSQLite(path: items)
        let grdb = try GRDBWorkloads(path: items)
        let kith = try KithWorkloads(path: items)
        row("fetch 200,000 rows × 10 integers",
            try measure(runs: 10) { let count = try raw.fetchItems().count; precondition(count == Self.fetchedRows) },
            try measure(runs: 10) { let count = try grdb.fetchItems().count; precondition(count == Self.fetchedRows) },
            try measure(runs: 10) { let count = try kith.fetchItems().count; precondition(count == Self.fetchedRows) })

        // 3. Look up one person by id, 100,000 times.
        let people = try unwrap(paths.last)
        let (rawPeople, grdbPeople, kithPeople) = (try RawSQLite(path: people), try GRDBWorkloads(path: people), try KithWorkloads(path: people))
        let rawLookup = try measure(runs: 5) { try rawPeople.lookUpPeople(Self.lookups, among: Self.people) }
        let grdbLookup = try measure(runs: 5) { try grdbPeople.lookUpPeople(Self.lookups, among: Self.people) }
        row("look up a person by id × 100,000", rawLookup, grdbLookup,
            try measure(runs: 5) { try kithPeople.lookUpPeople(Self.lookups, among: Self.people) })
        row("  … with Kith's `people.get` (emails and phones too)", rawLookup, grdbLookup,
            try measure(runs: 5) { try kithPeople.getPeople(Self.lookups, among: Self.people) })

        // 4. Open a new file and apply every migration.
        var opened = 0
        func newPath() -> String { opened += 1; return scratch.path("new-\(opened).sqlite") }
        row("open a new file and migrate",
            try measureEach(20, setUp: newPath) { try RawSQLite.openAndMigrate($0, Self.migrations) },
            try measureEach(20, setUp: newPath) { try GRDBWorkloads.openAndMigrate($0, Self.migrations) },
            try measureEach(20, setUp: newPath) { _ = try Database.openKith(at: .file($0)) })
        print("\nMedians of 5 runs (inserts, lookups), 10 (fetch), 20 (open and migrate), after one warm-up run.")
    }

    /// Times `body` on a fresh value from `setUp` each run; the setting up is not timed.
    func measureEach<T>(_ runs: Int, setUp: () throws -> T, _ body: (T) throws -> Void) throws -> Timing {
        try body(try setUp())  // warm-up
        var samples: [Double] = []
        for _ in 0..<runs {
            let value = try setUp()
            samples.append(try measure(runs: 1, warmUp: false) { try body(value) }.samples[0])
        }
        return Timing(samples: samples)
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
