import Foundation
import Synchronization

/// Finds words and phrases in text the way people mean them: ignoring case and diacritics,
/// and with light stemming, so "Runners" matches "running" and "Zoë" matches "zoe".
///
/// Stemming folds the common English endings: plural `s`/`es`/`ies`, then `ing`, `ed`,
/// `er`, `ers` (keeping a stem of at least three letters), then a doubled final consonant
/// ("runn" → "run"). Phrases match when their stemmed words appear next to each other.
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

    /// The stemmed words of `text`.
    static func stems(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split { !($0.isLetter || $0.isNumber) }
            .map { stem(String($0)) }
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

    static func stem(_ word: String) -> String {
        var word = word
        guard word.count > 3 else { return word }
        if word.hasSuffix("ies") {
            word = String(word.dropLast(3)) + "y"
        } else if word.hasSuffix("sses") || word.hasSuffix("shes") || word.hasSuffix("ches") || word.hasSuffix("xes") {
            word = String(word.dropLast(2))
        } else if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            word = String(word.dropLast())
        }
        for suffix in ["ing", "ed", "er"] where word.hasSuffix(suffix) && word.count - suffix.count >= 3 {
            word = String(word.dropLast(suffix.count))
            break
        }
        if let last = word.last, word.count >= 4, word.dropLast().last == last, !"aeiouls".contains(last) {
            word = String(word.dropLast())
        }
        return word
    }
}
