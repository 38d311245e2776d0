import Foundation

/// One vCard (RFC 6350, and the 2.1 and 3.0 that clients still write), as parsed properties.
public struct VCard: Sendable, Hashable {
    /// One property line, unfolded and decoded (quoted-printable and charset), not unescaped.
    public struct Property: Sendable, Hashable {
        /// The group before the dot, as in `item1.EMAIL`, if any.
        public var group: String?
        /// The name in upper case: `EMAIL`, `X-ABLABEL`.
        public var name: String
        /// Parameters by upper-case name; 2.1's bare `;HOME` is a `TYPE`.
        public var parameters: [String: [String]]
        /// The value as written after decoding; see ``text`` and ``components``.
        public var value: String
        /// The whole unfolded line, to give back verbatim what Kith does not model.
        public var line: String

        /// The value as text, with `\n`, `\,`, `\;` and `\\` unescaped.
        public var text: String { VCard.unescape(value) }

        /// A structured value (N, ADR, ORG) split on unescaped `;`, each part unescaped.
        public var components: [String] { VCard.split(value, on: ";").map(VCard.unescape) }

        /// A list value (CATEGORIES, NICKNAME) split on unescaped `,`, each part unescaped and trimmed.
        public var list: [String] {
            VCard.split(value, on: ",").map { VCard.unescape($0).withoutSurroundingWhitespace }.filter { !$0.isEmpty }
        }

        /// The TYPE values in lower case, from `TYPE=home,work`, `TYPE=home;TYPE=work` or 2.1's `;HOME`.
        public var types: [String] {
            (parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",") }.map { $0.lowercased() }
        }
    }

    public var properties: [Property]
    /// The card's position in its file, counting from 1.
    public var number: Int

    /// The properties named `name` (upper case).
    public func all(_ name: String) -> [Property] { properties.filter { $0.name == name } }

    /// The first property named `name` (upper case) with a non-empty value.
    public func first(_ name: String) -> Property? { properties.first { $0.name == name && !$0.value.isEmpty } }

    static func unescape(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                switch character {
                case "n", "N": result.append("\n")
                default: result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return escaped ? result + "\\" : result
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ",": result += "\\,"
            case ";": result += "\\;"
            case "\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }

    /// Splits on `separator` where it is not escaped with a backslash (escapes are kept).
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
