import Foundation
import KithTestSupport
import Testing

@testable import Kith

@Suite("SQLite layer")
struct DatabaseTests {
    @Test func fileDatabaseTurnsOnForeignKeysWALBusyTimeoutAndFullSync() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        let settings = try database.withConnection { connection in
            (
                foreignKeys: try connection.fetchValue(sql: "PRAGMA foreign_keys") as Int?,
                journal: try connection.fetchValue(sql: "PRAGMA journal_mode") as String?,
                timeout: try connection.fetchValue(sql: "PRAGMA busy_timeout") as Int?,
                synchronous: try connection.fetchValue(sql: "PRAGMA synchronous") as Int?
            )
        }
        #expect(settings.foreignKeys == 1)
        #expect(settings.journal == "wal")
        #expect(settings.timeout == 5000)
        #expect(settings.synchronous == 2)  // FULL
    }

    @Test func kithContainsFindsExactlyTheBoundIDs() throws {
        let database = try Database(.inMemory)
        var random = SplitMix64(seed: 15)
        try database.read { connection in
            for _ in 0..<50 {
                let ids = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                    Int64.random(in: -60...60, using: &random)
                }
                let set = IDSet(ids)
                #expect(set.ids == Array(Set(ids)).sorted())
                #expect(IDSet(databaseValue: set.databaseValue)?.ids == set.ids)
                for probe in Int64(-64)...64 {
                    let found: Int? = try connection.fetchValue(
                        sql: "SELECT kith_contains(?, ?)", arguments: [set, probe])
                    #expect(found == (ids.contains(probe) ? 1 : 0), "\(probe) in \(set.ids)")
                }
            }
            // Anything but a bound set, or an id that is not an integer, contains nothing.
            for (ids, id) in [(nil, 1), (IDSet([1]), nil)] as [(IDSet?, Int64?)] {
                #expect(try connection.fetchValue(sql: "SELECT kith_contains(?, ?)", arguments: [ids, id]) == 0)
            }
            #expect(try connection.fetchValue(sql: "SELECT kith_contains(?, '1')", arguments: [IDSet([1])]) == 0)
        }
        #expect(IDSet(databaseValue: .blob(Data([1, 2, 3]))) == nil)
    }

    /// The tokenizer reads a text into the very tokens an FTS5 index with the same tokenizer
    /// stores for it, in order: endings stemmed, case and diacritics folded, punctuation dropped.
    @Test func aTokenizerReadsATextAsTheFullTextIndexStoresIt() throws {
        let database = try Database(.inMemory)
        let spec = "porter unicode61 remove_diacritics 2"
        let texts = [
            "Walked the GARDENS of Zürich, gardening all day", "Runners running; they ran.", "e-mail ÉCOLE naïve 2026",
            "", "  ,,  ", "Ångström's œuvre: 東京 and the café",
        ]
        try database.write { connection in
            try connection.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '\(spec)')")
            try connection.execute(sql: "CREATE VIRTUAL TABLE t_terms USING fts5vocab(t, 'instance')")
            let tokenizer = try FullTextTokenizer(spec, on: connection)
            for (row, text) in texts.enumerated() {
                try connection.execute(sql: "INSERT INTO t(rowid, body) VALUES (?, ?)", arguments: [row, text])
                let stored = try connection.fetchAll(
                    String.self, sql: "SELECT term FROM t_terms WHERE doc = ? ORDER BY offset", arguments: [row])
                #expect(tokenizer.tokens(of: text) == stored, "\(text)")
            }
            #expect(tokenizer.tokens(of: "Gardens in Zürich") == ["garden", "in", "zurich"])
        }
        #expect(throws: DatabaseError.self) {
            try database.read { _ = try FullTextTokenizer("no_such_tokenizer", on: $0) }
        }
        #expect(throws: DatabaseError.self) {
            try database.read { _ = try FullTextTokenizer("unicode61 remove_diacritics 7", on: $0) }
        }
    }

    @Test func inMemoryDatabaseTurnsOnForeignKeys() throws {
        let database = try Database(.inMemory)
        #expect(try database.read { try $0.fetchValue(sql: "PRAGMA foreign_keys") as Int? } == 1)
    }

    @Test func newFileIsOwnerOnly() throws {
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        try database.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.path() + suffix)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(suffix)")
        }
    }

    @Test func unopenableFileIsAnErrorWithACode() throws {
        #expect {
            try Database(.file("/nonexistent-folder-for-kith/db.sqlite"))
        } throws: { ($0 as? DatabaseError)?.code == .cantOpen }
    }

    @Test func fileThatIsNotADatabaseIsRefused() throws {
        let folder = try TemporaryDirectory()
        try Data(repeating: 0x41, count: 4096).write(to: folder.url.appending(path: "junk.sqlite"))
        #expect {
            try Database(.file(folder.path("junk.sqlite")))
        } throws: { ($0 as? DatabaseError)?.code == .notADatabase }
    }

    @Test func valuesOfEveryTypeRoundTrip() throws {
        let database = try Database(.inMemory)
        let date = Date(timeIntervalSince1970: 1_700_000_000.125)
        let text = "Ann \"Nan\" O'Brien 🏃‍♀️ Zoë 李 '); DROP TABLE t; --\u{0}after NUL"
        let data = Data([0, 1, 2, 255])
        let row = try database.write { connection in
            try connection.execute(sql: "CREATE TABLE t(i, i64, d, s, empty, b, blob, emptyBlob, date, missing)")
            try connection.execute(
                sql: "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [42, Int64.max, 2.5, text, "", true, data, Data(), date, nil])
            return try connection.fetchOne(sql: "SELECT * FROM t") { row in
                (
                    try row["i"] as Int, try row["i64"] as Int64, try row["d"] as Double, try row["s"] as String,
                    try row["empty"] as String, try row["b"] as Bool, try row["blob"] as Data,
                    try row["emptyBlob"] as Data,
                    try row["date"] as Date, try row["missing"] as String?, try row[3] as String
                )
            }
        }
        let values = try #require(row)
        #expect(values.0 == 42)
        #expect(values.1 == Int64.max)
        #expect(values.2 == 2.5)
        #expect(values.3 == text)
        #expect(values.4 == "")
        #expect(values.5 == true)
        #expect(values.6 == data)
        #expect(values.7 == Data())
        #expect(abs(values.8.timeIntervalSince(date)) < 0.001)
        #expect(values.9 == nil)
        #expect(values.10 == text)
        // Empty text is text, not NULL; SQL-looking text did not run.
        #expect(try database.read { try $0.fetchValue(sql: "SELECT typeof(empty) FROM t") as String? } == "text")
    }

    @Test func readingAColumnIntoTheWrongTypeSaysWhichColumn() throws {
        let database = try Database(.inMemory)
        #expect {
            try database.read { try $0.fetchOne(sql: "SELECT NULL AS nickname") { try $0["nickname"] as String } }
        } throws: { error in
            let error = try #require(error as? DatabaseError)
            return error.code == .mismatch && error.message.contains("nickname")
                && error.sql == "SELECT NULL AS nickname"
        }
    }

    @Test func statementsAreCachedPerSQLText() throws {
        let database = try Database(.inMemory)
        let same = try database.read { connection in
            try connection.cachedStatement(sql: "SELECT 1") === connection.cachedStatement(sql: "SELECT 1")
        }
        #expect(same)
    }

    @Test func errorsCarryCodesAndSQLButNeverBoundValues() throws {
        let database = try Database(.inMemory)
        try database.write { try $0.execute(sql: "CREATE TABLE t(email TEXT UNIQUE)") }
        try database.write { try $0.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["secret@example.org"]) }
        let error = try #require(throws: DatabaseError.self) {
            try database.write { try $0.execute(sql: "INSERT INTO t VALUES (?)", arguments: ["secret@example.org"]) }
        }
        #expect(error.code == .constraint)
        #expect(error.extendedCode == .constraintUnique)
        #expect(error.sql == "INSERT INTO t VALUES (?)")
        #expect(error.message.contains("UNIQUE"))
        #expect(!error.description.contains("secret"))
        #expect(error.description.contains("INSERT INTO t VALUES (?)"))
        let syntax = try #require(throws: DatabaseError.self) { try database.read { try $0.execute(sql: "SELEC 1") } }
        #expect(syntax.code == .error && syntax.sql == "SELEC 1")
    }

    @Test func wrongArgumentCountIsAnError() throws {
        let database = try Database(.inMemory)
        let error = try #require(throws: DatabaseError.self) {
            try database.read { try $0.execute(sql: "SELECT ?", arguments: []) }
        }
        #expect(error.code == .range)
    }

    @Test func writeRollsBackWhenTheClosureThrows() throws {
        struct Oops: Error {}
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        try database.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        #expect(throws: Oops.self) {
            try database.write { connection in
                try connection.execute(sql: "INSERT INTO t VALUES (1)")
                throw Oops()
            }
        }
        #expect(try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM t") as Int? } == 0)
        #expect(try database.read { $0.isInTransaction })  // reads run in a transaction
        #expect(try database.withConnection { !$0.isInTransaction })
    }

    @Test func nestedUnitsAreSavepoints() throws {
        struct Oops: Error {}
        let database = try Database(.inMemory)
        try database.write { connection in
            try connection.execute(sql: "CREATE TABLE t(x)")
            try connection.execute(sql: "INSERT INTO t VALUES ('outer')")
            try? connection.transaction {
                try connection.execute(sql: "INSERT INTO t VALUES ('inner, undone')")
                try connection.transaction {
                    try connection.execute(sql: "INSERT INTO t VALUES ('innermost, undone')")
                }
                throw Oops()
            }
            try connection.transaction {
                try connection.execute(sql: "INSERT INTO t VALUES ('inner, kept')")
            }
        }
        let rows = try database.read { try $0.fetchAll(sql: "SELECT x FROM t ORDER BY rowid") { try $0[0] as String } }
        #expect(rows == ["outer", "inner, kept"])
    }

    @Test func readsCannotWrite() throws {
        let database = try Database(.inMemory)
        try database.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        let error = try #require(throws: DatabaseError.self) {
            try database.read { try $0.execute(sql: "INSERT INTO t VALUES (1)") }
        }
        #expect(error.code == .readOnly)
        try database.write { try $0.execute(sql: "INSERT INTO t VALUES (1)") }  // and writes still can
    }

    @Test func manyTasksShareOneHandle() async throws {
        let folder = try TemporaryDirectory()
        let database = try Database(.file(folder.path()))
        try await database.write { try $0.execute(sql: "CREATE TABLE counter(n INTEGER NOT NULL)") }
        try await database.write { try $0.execute(sql: "INSERT INTO counter VALUES (0)") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<16 {
                group.addTask {
                    for _ in 0..<50 {
                        // Read-modify-write: lost updates would show if units interleaved.
                        try await database.write { connection in
                            let n: Int = try connection.fetchValue(sql: "SELECT n FROM counter") ?? -1
                            try connection.execute(sql: "UPDATE counter SET n = ?", arguments: [n + 1])
                        }
                        _ = try await database.read { try $0.fetchValue(sql: "SELECT n FROM counter") as Int? }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await database.read { try $0.fetchValue(sql: "SELECT n FROM counter") as Int? } == 800)
    }

    @Test func aWriterWaitsForAnotherConnectionsLockInsteadOfFailing() throws {
        let folder = try TemporaryDirectory()
        let first = try Database(.file(folder.path()))
        let second = try Database(.file(folder.path()))
        try first.write { try $0.execute(sql: "CREATE TABLE t(x)") }
        let holding = DispatchSemaphore(value: 0)
        let holder = Thread {
            try? first.write { connection in
                try connection.execute(sql: "INSERT INTO t VALUES ('first')")
                holding.signal()
                Thread.sleep(forTimeInterval: 0.3)  // holds the write lock meanwhile
            }
        }
        holder.start()
        holding.wait()
        // The first connection holds the write lock now; this waits for it rather than failing with SQLITE_BUSY.
        try second.write { try $0.execute(sql: "INSERT INTO t VALUES ('second')") }
        let rows = try second.read { try $0.fetchAll(sql: "SELECT x FROM t ORDER BY rowid") { try $0[0] as String } }
        #expect(rows == ["first", "second"])
    }

    @Test func scriptsRunSeveralStatementsAndOneStatementAPIRefusesThem() throws {
        let database = try Database(.inMemory)
        try database.write { try $0.execute(script: "CREATE TABLE a(x); CREATE TABLE b(y);") }
        #expect(try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM sqlite_schema") as Int? } == 2)
        let error = try #require(throws: DatabaseError.self) {
            try database.write { try $0.execute(sql: "DELETE FROM a; DROP TABLE b") }
        }
        #expect(error.code == .misuse)
    }
}

extension DatabaseTests {
    /// Dates in Kith's own form are read by hand; this checks them against Foundation's
    /// parser across leap years, centuries, both sides of 1970, and with or without milliseconds.
    @Test func datesReadByHandAgreeWithFoundation() throws {
        var random = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let date = Date(
                timeIntervalSince1970: Double(random.next(8_000_000_000)) - 4_000_000_000 + Double(random.next(1000))
                    / 1000)
            for style in [Date.ISO8601FormatStyle(includingFractionalSeconds: true), Date.ISO8601FormatStyle()] {
                let text = date.formatted(style)
                #expect(Date.parseUTC(text) == (try style.parse(text)), "\(text)")
            }
        }
        for text in ["2024-02-29T23:59:59.999Z", "2000-03-01T00:00:00Z", "1900-02-28T12:00:00.5Z"] {
            let foundation =
                (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
                ?? (try? Date.ISO8601FormatStyle().parse(text))
            #expect(Date(databaseValue: .text(text)) == foundation, "\(text)")
        }
        #expect(Date.parseUTC("2026-13-01T00:00:00Z") == nil && Date.parseUTC("2026-11-26 10:00:00") == nil)
    }

    /// A read started inside a write on the same database stops the program with a message,
    /// instead of waiting for itself forever (in a child process, since it ends it).
    @Test func aReadInsideAWriteOnTheSameDatabaseStopsWithAMessage() throws {
        let folder = try TemporaryDirectory()
        // `timeout` ends it if it waits for itself after all (status 124).
        let result = try runProcess(
            onPath("timeout"), ["20", StressHelper.executable.path, "nested", folder.path()], input: "")
        #expect(
            result.status != 0 && result.status != 124 && result.stdout == "started\n",
            "\(result.status) \(result.stdout)")
        #expect(
            result.stderr.contains(
                "Kith: a read or write was started inside another read or write on the same Database"))
        #expect(result.stderr.contains("Use the Connection the outer closure was given instead"))
    }
}
