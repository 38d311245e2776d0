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
        public var components: [String] { VCard.split(value, on: UInt8(ascii: ";")).map(VCard.unescape) }

        /// A list value (CATEGORIES, NICKNAME) split on unescaped `,` outside double quotes,
        /// each part unescaped, trimmed and unquoted: `a,"b, c"` → ["a", "b, c"].
        public var list: [String] {
            VCard.split(value, on: UInt8(ascii: ","), outsideQuotes: true).map { part in
                var item = VCard.unescape(part).withoutSurroundingWhitespace
                if item.count >= 2, item.hasPrefix("\""), item.hasSuffix("\"") {
                    item = String(item.dropFirst().dropLast()).withoutSurroundingWhitespace
                }
                return item
            }.filter { !$0.isEmpty }
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

    /// `\n` (or `\N`) as a line break, and any other escaped character as itself. Escapes
    /// are ASCII, so the text is read as UTF-8 bytes, and most values (with no backslash)
    /// come back as they are.
    static func unescape(_ text: String) -> String {
        let backslash = UInt8(ascii: "\\")
        guard text.utf8.contains(backslash) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var escaped = false
        for byte in text.utf8 {
            if escaped {
                result.append(byte == UInt8(ascii: "n") || byte == UInt8(ascii: "N") ? 10 : byte)
                escaped = false
            } else if byte == backslash {
                escaped = true
            } else {
                result.append(byte)
            }
        }
        if escaped { result.append(backslash) }
        return String(decoding: result, as: UTF8.self)
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

    /// Splits on `separator` (ASCII) where it is not escaped with a backslash (escapes are
    /// kept), and, when asked, not inside double quotes.
    static func split(_ text: String, on separator: UInt8, outsideQuotes: Bool = false) -> [String] {
        var parts: [String] = []
        var start = text.utf8.startIndex
        var escaped = false
        var quoted = false
        for index in text.utf8.indices {
            let byte = text.utf8[index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if outsideQuotes && byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == separator && !quoted {
                parts.append(String(text[start..<index]))
                start = text.utf8.index(after: index)
            }
        }
        parts.append(String(text[start...]))
        return parts
    }
}
