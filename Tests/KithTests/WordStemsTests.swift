import KithTestSupport
import Testing

@testable import Kith

/// The ASCII fast path of ``WordStems`` must split and fold exactly as Foundation does.
@Suite("Word stems")
struct WordStemsTests {
    /// Every ASCII character (controls, punctuation, CR LF, digits, both cases), in random
    /// strings: the byte-by-byte words equal Foundation's folded and split words.
    @Test func asciiWordsAreFoundationsWords() throws {
        let ascii: [String] = (0..<128).map { String(Character(Unicode.Scalar(UInt8($0)))) } + ["\r\n", "aB", "Z9"]
        var random = SplitMix64(seed: 20_261_130)
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...24, using: &random)).map { _ in ascii.randomElement(using: &random)! }
                .joined()
            let fast = try #require(WordStems.asciiWords(text))
            #expect(fast == WordStems.foldedWords(text), "\(text.debugDescription)")
        }
        #expect(WordStems.asciiWords("Post-Rock, 80's & HIP hop") == ["post", "rock", "80", "s", "hip", "hop"])
    }

    /// Text with any other character goes to Foundation, which folds diacritics and width.
    @Test func otherTextIsFoldedByFoundation() {
        for text in ["Zoë", "café au lait", "ＡＢＣ", "naïve-runners"] {
            #expect(WordStems.asciiWords(text) == nil)
        }
        #expect(WordStems.of("Zoë's Café RUNNERS") == WordStems.of("zoe s cafe running"))
        #expect(WordStems.of("ＡＢＣ") == ["abc"])
    }
}
