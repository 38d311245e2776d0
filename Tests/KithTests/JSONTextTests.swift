import KithTestSupport
import Testing

@testable import Kith

/// Lists written as JSON by hand reach SQLite's `json_each` exactly as they were.
@Suite("JSON text")
struct JSONTextTests {
    /// Every character JSON escapes (NUL aside: Kith's text never holds one), and others.
    @Test func stringsComeBackFromJSONEachUnchanged() throws {
        let pieces =
            (1..<0x20).map { String(Character(Unicode.Scalar(UInt8($0)))) } + [
                "\"", "\\", "/", "a", "Zoë", "🏃‍♀️", "\u{7F}", "\r\n", "'", "[", "}", " ",
            ]
        var random = SplitMix64(seed: 7)
        let strings = (0..<500).map { _ in
            (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        let database = try Database(.inMemory)
        let read = try database.read {
            try $0.fetchAll(
                String.self, sql: "SELECT value FROM json_each(?) ORDER BY key", arguments: [JSONText.array(strings)])
        }
        #expect(read.count == strings.count)
        for (read, written) in zip(read, strings) where read != written {
            Issue.record("\(written.debugDescription) came back as \(read.debugDescription)")
            break
        }
        #expect(JSONText.array([String]()) == "[]")
        #expect(JSONText.array(["a\"b", "c\\d", "\u{1}"]) == #"["a\"b","c\\d","\u0001"]"#)
    }
}
