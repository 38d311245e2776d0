import GRDB

/// The workloads with GRDB's best idiomatic API: cached statements and records.
final class GRDBWorkloads {
    private let queue: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
    }

    func insertPeople(_ count: Int) throws {
        try queue.write { db in
            let person = try db.cachedStatement(sql: "INSERT INTO people(name) VALUES (?)")
            let interest = try db.cachedStatement(
                sql: "INSERT INTO interests(person_id, topic_id, weight, learned_on) VALUES (?, ?, ?, ?)")
            for i in 0..<count {
                try person.execute(arguments: ["Person \(i)"])
                let id = db.lastInsertedRowID
                for j in 0..<3 {
                    try interest.execute(arguments: [id, (i * 3 + j) % 30 + 1, 1 + (i + j) % 5, "2026-01-01"])
                }
            }
        }
    }

    struct GRDBItem: FetchableRecord {
        let item: Item
        init(row: GRDB.Row) {
            item = Item(
                i0: row[0], i1: row[1], i2: row[2], i3: row[3], i4: row[4], i5: row[5], i6: row[6], i7: row[7],
                i8: row[8], i9: row[9])
        }
    }

    func fetchItems() throws -> [GRDBItem] {
        try queue.read { db in try GRDBItem.fetchAll(db, sql: "SELECT * FROM items") }
    }

    struct GRDBPerson: FetchableRecord {
        let person: PersonRow
        init(row: GRDB.Row) {
            person = PersonRow(id: row[0], name: row[1], organization: row[2], title: row[3])
        }
    }

    func lookUpPeople(_ count: Int, among people: Int) throws {
        try queue.read { db in
            let select = try db.cachedStatement(sql: "SELECT id, name, organization, title FROM people WHERE id = ?")
            for k in 0..<count {
                guard let found = try GRDBPerson.fetchOne(select, arguments: [1 + (k * 7919) % people]) else {
                    throw MissingValue()
                }
                precondition(found.person.id > 0)
            }
        }
    }

    static func openAndMigrate(_ path: String, _ migrations: [(name: String, sql: String)]) throws {
        let database = try GRDBWorkloads(path: path)
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.name) { db in try db.execute(sql: migration.sql) }
        }
        try migrator.migrate(database.queue)
    }
}
