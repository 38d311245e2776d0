import Foundation
import Kith

/// Several tasks writing and reading one file at once. Each write adds a person, a note and
/// an interaction in one transaction, so every snapshot holds as many of each; a reader that
/// sees otherwise has seen half a transaction.
struct ConcurrentLoad: Sendable {
    let path: String
    let tag: String
    let tasks: Int
    let operations: Int

    func run() async throws {
        let database = try Database.openKith(at: .file(path))
        let counts = try await withThrowingTaskGroup(of: (writes: Int, reads: Int).self) { group in
            for task in 0..<tasks {
                group.addTask { try work(task, on: database) }
            }
            return try await group.reduce(into: (writes: 0, reads: 0)) {
                $0.writes += $1.writes
                $0.reads += $1.reads
            }
        }
        print("writes \(counts.writes) reads \(counts.reads)")
    }

    private func work(_ task: Int, on database: Database) throws -> (writes: Int, reads: Int) {
        var writes = 0
        var reads = 0
        for operation in 0..<operations {
            if operation % 3 == 2 {
                let (people, notes, interactions) = try database.read { connection in
                    (
                        try count("people p", in: connection),
                        try count("notes n JOIN people p ON p.id = n.person_id", in: connection),
                        try count("interactions i JOIN people p ON p.id = i.person_id", in: connection)
                    )
                }
                guard people == notes && notes == interactions else {
                    throw StoreError.invalid(
                        field: "snapshot", reason: "\(people) people, \(notes) notes, \(interactions) interactions")
                }
                reads += 1
            } else {
                try database.write { connection in
                    let person = try connection.people.add(
                        NewPerson(name: "\(tag) \(task) \(operation)", notes: ["Load note"]))
                    try connection.interactions.log(.message, with: person.id)
                }
                writes += 1
            }
        }
        return (writes, reads)
    }

    /// People (as `p`) made by any concurrent load, counted through `from`.
    private func count(_ from: String, in connection: Connection) throws -> Int {
        try connection.fetchValue(sql: "SELECT count(*) FROM \(from) WHERE p.name GLOB 'load-*'") ?? 0
    }
}
