import Foundation
import Synchronization

/// Finds words and phrases in text the way people mean them: ignoring case and diacritics,
/// and with light stemming (``WordStems``), so "Runners" matches "running" and "Zoë" matches
/// "zoe". Phrases match when their stemmed words appear next to each other.
struct TextMatcher {
    /// The stemmed words of the text, in order.
    let words: [String]
    private let wordSet: Set<String>

    init(_ text: String) {
        words = Self.stems(text)
        wordSet = Set(words)
    }

    /// True when the stemmed words of `phrase` appear in the text, together and in order.
    func contains(_ phrase: [String]) -> Bool {
        guard let first = phrase.first, wordSet.contains(first) else { return false }
        guard phrase.count > 1, words.count >= phrase.count else { return phrase.count == 1 }
        return (0...(words.count - phrase.count)).contains { start in
            words[start] == first && Array(words[start..<(start + phrase.count)]) == phrase
        }
    }

    /// The stemmed words of `text` (see ``WordStems``).
    static func stems(_ text: String) -> [String] {
        WordStems.of(text)
    }

    /// The stemmed words of a short, often repeated phrase (a topic name, an alias, a
    /// commitment), remembered for the life of the process so a question does not redo them.
    static func cachedStems(_ phrase: String) -> [String] {
        if let stems = stemCache.withLock({ $0[phrase] }) { return stems }
        let stems = stems(phrase)
        stemCache.withLock { cache in
            if cache.count >= 100_000 { cache.removeAll() }
            cache[phrase] = stems
        }
        return stems
    }

    private static let stemCache = Mutex<[String: [String]]>([:])
}
