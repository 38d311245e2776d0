import Foundation
import KithTestSupport
import Testing

@testable import Kith

/// A writer killed with SIGKILL at random moments, and a migration killed halfway: after
/// every kill the file is sound and holds every write that was acknowledged.
@Suite("Crash and durability", .serialized)
struct CrashTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    @Test func aKilledWriterLosesNoAcknowledgedWriteAndLeavesASoundFile() throws {
        let path = folder.path()
        var random = SplitMix64(seed: StressHelper.seed)
        var acknowledged: [Int64] = []
        let kills = StressHelper.scale(5, full: 120)
        for kill in 0..<kills {
            // The first line says it has started writing.
            let (lines, killed) = try StressHelper.kill(["write", path], afterFirstLineWithin: 40_000, random: &random)
            #expect(killed, "kill \(kill), seed \(StressHelper.seed)")
            acknowledged += try lines.map { try #require(Int64($0), "kill \(kill): \($0)") }
            try checkSound(path, acknowledged: acknowledged, context: "kill \(kill), seed \(StressHelper.seed)")
        }
        #expect(acknowledged.count >= kills)
        print(
            "crash: \(kills) kills survived, \(acknowledged.count) acknowledged writes all present (seed \(StressHelper.seed))"
        )
    }

    /// Integrity, foreign keys, full-text indexes and migrations; every acknowledged person
    /// is there, and every writer's transaction is whole (one email, interest, note and
    /// interaction per person).
    private func checkSound(_ path: String, acknowledged: [Int64], context: String) throws {
        let database = try Database.openKith(at: .file(path))
        let report = try database.integrityReport()
        #expect(report.isHealthy, "\(context): \(report)")
        let present: Int =
            try database.read {
                try $0.fetchValue(
                    sql: "SELECT count(*) FROM people WHERE id IN (SELECT value FROM json_each(?))",
                    arguments: ["[" + acknowledged.map(String.init).joined(separator: ",") + "]"])
            } ?? -1
        #expect(present == acknowledged.count, "\(context)")
        let torn: Int =
            try database.read {
                try $0.fetchValue(
                    sql: """
                        SELECT count(*) FROM people p
                        WHERE (SELECT count(*) FROM emails WHERE person_id = p.id) != 1
                           OR (SELECT count(*) FROM interests WHERE person_id = p.id) != 1
                           OR (SELECT count(*) FROM notes WHERE person_id = p.id) != 1
                           OR (SELECT count(*) FROM interactions WHERE person_id = p.id) != 1
                        """)
            } ?? -1
        #expect(torn == 0, "\(context)")
    }

    /// A large import sets the hand-edit guards aside inside its transaction
    /// (`HandEditGuards`): killed at any moment, the file keeps every guard and only whole
    /// imports.
    @Test func aKillDuringALargeImportLeavesTheGuardsAndWholeImports() throws {
        let path = folder.path("import.sqlite")
        let triggers = { (database: Database) in
            Set(
                try database.read {
                    try $0.fetchAll(sql: "SELECT name || ': ' || sql FROM sqlite_schema WHERE type = 'trigger'") {
                        try $0[0] as String
                    }
                })
        }
        let guards = try triggers(try folder.kith("reference.sqlite"))
        var random = SplitMix64(seed: StressHelper.seed)
        var acknowledged = 0
        let kills = StressHelper.scale(4, full: 60)
        for kill in 0..<kills {
            // The first line says an import has committed.
            let (lines, killed) = try StressHelper.kill(
                ["import", path], afterFirstLineWithin: 400_000, random: &random)
            #expect(killed, "kill \(kill), seed \(StressHelper.seed)")
            acknowledged = try lines.last.map { try #require(Int($0), "kill \(kill): \($0)") } ?? acknowledged
            let context = "kill \(kill), seed \(StressHelper.seed)"
            let database = try Database.openKith(at: .file(path))
            #expect(try database.integrityReport().isHealthy, "\(context)")
            #expect(try triggers(database) == guards, "\(context)")
            let people: Int = try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM people") } ?? -1
            #expect(
                people >= acknowledged && people % 600 == 0,
                "\(context): \(people) people, \(acknowledged) acknowledged")
        }
        #expect(acknowledged >= 600 * kills)
    }

    @Test func aKillDuringMigrationLeavesEachMigrationWholeOrNotAtAll() throws {
        let migrations = Migrator.kith.migrations
        // What the schema is after each number of migrations, from fresh files.
        var schemas: [Int: Set<String>] = [:]
        for count in 1...migrations.count {
            let database = try Database(.file(folder.path("reference-\(count).sqlite")))
            try Migrator(migrations: Array(migrations.prefix(count))).migrate(database)
            schemas[count] = try schema(of: database)
        }
        let template = folder.path("old.sqlite")
        #expect(try StressHelper.run(["old-schema", template, "20000"]) == (0, "created\n"))
        // How long a whole migration takes here, to aim the kills inside it.
        let timed = folder.path("timed.sqlite")
        try FileManager.default.copyItem(atPath: template, toPath: timed)
        let start = Date()
        #expect(try StressHelper.run(["migrate", timed]).status == 0)
        let duration = Date().timeIntervalSince(start)

        var random = SplitMix64(seed: StressHelper.seed)
        var outcomes: [Int: Int] = [:]
        let kills = StressHelper.scale(4, full: 100)
        for kill in 0..<kills {
            let path = folder.path("trial-\(kill).sqlite")
            try FileManager.default.copyItem(atPath: template, toPath: path)
            let (process, _) = try StressHelper.start(["migrate", path])
            usleep(UInt32(Double(random.next(1000)) / 1000 * duration * 1.1 * 1_000_000))
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let context = "kill \(kill), seed \(StressHelper.seed)"
            // Read as it was left, without migrating.
            let left = try Database(.file(path))
            let applied = try left.read {
                try $0.fetchAll(sql: "SELECT name FROM schema_migrations ORDER BY name") { try $0[0] as String }
            }
            #expect(applied == migrations.prefix(applied.count).map(\.name), "\(context)")
            #expect(try schema(of: left) == schemas[applied.count], "\(context): \(applied.count) applied")
            #expect(try left.read { try $0.fetchValue(sql: "PRAGMA integrity_check") as String? } == "ok", "\(context)")
            outcomes[applied.count, default: 0] += 1
            // And Kith finishes the job.
            let reopened = try Database.openKith(at: .file(path))
            #expect(try reopened.integrityReport().isHealthy, "\(context)")
            #expect(
                try reopened.read {
                    try $0.fetchValue(sql: "SELECT count(*) FROM notes_search WHERE notes_search MATCH 'bicycle'")
                        as Int?
                } == 20000)
            try FileManager.default.removeItem(atPath: path)
        }
        print(
            "migration: \(kills) kills in a \(Int(duration * 1000)) ms migration; migrations applied when killed: "
                + outcomes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }

    private func schema(of database: Database) throws -> Set<String> {
        Set(
            try database.read {
                try $0.fetchAll(sql: "SELECT type || ' ' || name FROM sqlite_schema") { try $0[0] as String }
            })
    }
}
