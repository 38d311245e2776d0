import Kith

/// The workloads with Kith's public API: its SQL API (`execute`, `fetchAll`, `fetchOne`,
/// each with a cached statement) and, for comparison, its repositories.
final class KithWorkloads {
    private let database: Database

    init(path: String, migrate: Bool = false) throws {
        database = try migrate ? Database.openKith(at: .file(path)) : Database(.file(path))
    }

    func insertPeople(_ count: Int) throws {
        try database.write { connection in
            let person = try connection.cachedStatement(sql: "INSERT INTO people(name) VALUES (?)")
            let interest = try connection.cachedStatement(
                sql: "INSERT INTO interests(person_id, topic_id, weight, learned_on) VALUES (?, ?, ?, ?)")
            for i in 0..<count {
                try person.execute(arguments: ["Person \(i)"])
                let id = connection.lastInsertedRowID
                for j in 0..<3 {
                    try interest.execute(arguments: [id, (i * 3 + j) % 30 + 1, 1 + (i + j) % 5, "2026-01-01"])
                }
            }
        }
    }

    func addPeople(_ count: Int) throws {
        let learnedOn = try Day("2026-01-01")
        try database.write { connection in
            for i in 0..<count {
                try connection.people.add(
                    NewPerson(
                        name: "Person \(i)",
                        interests: (0..<3).map { j in
                            NewInterest(
                                topic: "topic \((i * 3 + j) % 30 + 1)", weight: 1 + (i + j) % 5, learnedOn: learnedOn)
                        }))
            }
        }
    }

    func fetchItems() throws -> [Item] {
        try database.read { connection in
            try connection.fetchAll(sql: "SELECT * FROM items") { row in
                Item(
                    i0: try row[0], i1: try row[1], i2: try row[2], i3: try row[3], i4: try row[4],
                    i5: try row[5], i6: try row[6], i7: try row[7], i8: try row[8], i9: try row[9])
            }
        }
    }

    func lookUpPeople(_ count: Int, among people: Int) throws {
        try database.read { connection in
            for k in 0..<count {
                let found = try connection.fetchOne(
                    sql: "SELECT id, name, organization, title FROM people WHERE id = ?",
                    arguments: [1 + (k * 7919) % people]
                ) { PersonRow(id: try $0[0], name: try $0[1], organization: try $0[2], title: try $0[3]) }
                guard let found else { throw MissingValue() }
                precondition(found.id > 0)
            }
        }
    }

    func getPeople(_ count: Int, among people: Int) throws {
        try database.read { connection in
            for k in 0..<count {
                guard try connection.people.get(Person.ID(rawValue: Int64(1 + (k * 7919) % people))) != nil else {
                    throw MissingValue()
                }
            }
        }
    }
}
