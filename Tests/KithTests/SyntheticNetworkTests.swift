import KithTestSupport
import Testing

@testable import Kith

@Suite("Synthetic network")
struct SyntheticNetworkTests {
    @Test func buildsTheSizeAskedForDeterministicallyWithASkew() throws {
        func counts(seed: UInt64) throws -> [Int] {
            let folder = try TemporaryDirectory()
            let database = try folder.kith()
            try database.write { try SyntheticNetwork(people: 300, topics: 40, seed: seed).build(in: $0) }
            return try database.read { connection in
                try ["people", "interests", "shares", "notes", "topics"].map { table in
                    try connection.fetchValue(sql: "SELECT count(*) FROM \(table)") ?? 0
                } + [
                    try connection.fetchValue(sql: "SELECT count(*) FROM interests WHERE topic_id = 1") ?? 0,
                    try connection.fetchValue(sql: "SELECT count(*) FROM interests WHERE topic_id = 40") ?? 0,
                ]
            }
        }
        let first = try counts(seed: 7)
        #expect(first == (try counts(seed: 7)))
        #expect(first[0] == 300 && first[2] == 3000 && first[3] == 300 && first[4] == 40)
        #expect(first[1] > 2000 && first[1] <= 3000)  // ~10 a person, duplicates of a topic ignored
        #expect(first[5] > 5 * first[6])  // the first topic is far more common than the last
    }
}
