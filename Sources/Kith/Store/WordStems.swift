import Foundation

/// Words as people mean them: case, diacritics and width folded, split at anything that is
/// not a letter or a digit, each with light English stemming, so that "Runners" and
/// "running", "Zoë" and "zoe", "post-rock" and "Post Rock" come out the same.
///
/// Stemming folds the common English endings: plural `s`/`es`/`ies`, then `ing`, `ed`,
/// `er` (keeping a stem of at least three letters), then a doubled final consonant
/// ("runn" → "run").
enum WordStems {
    /// The stemmed words of `text`, in order.
    static func of(_ text: String) -> [String] {
        (asciiWords(text) ?? foldedWords(text)).map(stem)
    }

    /// The words of any text: folded by Foundation, split at anything that is not a letter or
    /// a digit by Unicode's properties.
    static func foldedWords(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split { !($0.isLetter || $0.isNumber) }
            .map(String.init)
    }

    /// The words of a text that is all ASCII, as ``foldedWords(_:)`` gives them (folding ASCII
    /// only lowercases it, and its letters and digits are `A`–`Z`, `a`–`z` and `0`–`9`), read
    /// byte by byte: most names and topics are ASCII, and Foundation's folding and the
    /// property lookups cost some 20,000 instructions a phrase. Nil for any other text.
    static func asciiWords(_ text: String) -> [String]? {
        var words: [String] = []
        var word: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word.append(byte + (UInt8(ascii: "a") - UInt8(ascii: "A")))
            case 0x80...:
                return nil
            default:
                guard !word.isEmpty else { continue }
                words.append(String(decoding: word, as: UTF8.self))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { words.append(String(decoding: word, as: UTF8.self)) }
        return words
    }

    /// One word's stem.
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
