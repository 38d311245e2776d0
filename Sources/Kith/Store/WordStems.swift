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
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split { !($0.isLetter || $0.isNumber) }
            .map { stem(String($0)) }
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
