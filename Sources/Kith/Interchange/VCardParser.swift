import Foundation

/// Reads vCard files as clients write them: UTF-8 with or without a BOM, UTF-16, or an
/// 8-bit charset; CRLF, LF or CR line ends; folded lines; quoted-printable values with
/// soft line breaks and their CHARSET; property groups; several cards in a file.
public enum VCardParser {
    /// The longest unfolded line accepted, in bytes (a large photo is well under it), so that one bad
    /// file cannot exhaust memory.
    public static let maximumLineLength = 16 * 1024 * 1024

    /// The cards in `data`; `file` names the input in errors.
    public static func parse(_ data: Data, file: String = "input") throws -> [VCard] {
        try InterchangeLimits.checkSize(data, file: file)
        var cards: [VCard] = []
        var current: [VCard.Property]?
        for (number, line) in logicalLines(utf8Bytes(data)) {
            guard line.utf8.count <= maximumLineLength else {
                throw InterchangeError(file: file, location: "line \(number)", reason: "a line longer than \(maximumLineLength) bytes")
            }
            guard let property = property(line) else { continue }  // a line with no value, such as a bare "FN"
            switch (property.name, current) {
            case ("BEGIN", _) where property.value.uppercased() == "VCARD":
                current = []
            case ("END", let properties?) where property.value.uppercased() == "VCARD":
                cards.append(VCard(properties: properties, number: cards.count + 1))
                current = nil
            case (_, var properties?):
                properties.append(property)
                current = properties
            default:
                continue  // outside a card
            }
        }
        if current != nil {
            throw InterchangeError(file: file, location: "card \(cards.count + 1)", reason: "no END:VCARD before the end of the file")
        }
        return cards
    }

    /// The bytes of a file as UTF-8 (or as they are, when they are not UTF-16): UTF-16
    /// files, by BOM or by their zero bytes, are converted; a UTF-8 BOM is dropped.
    static func utf8Bytes(_ data: Data) -> [UInt8] {
        let head = [UInt8](data.prefix(2))
        let encoding: String.Encoding? =
            head.starts(with: [0xFE, 0xFF]) || (head.count == 2 && head[0] == 0 && head[1] != 0) ? .utf16BigEndian
            : head.starts(with: [0xFF, 0xFE]) || (head.count == 2 && head[0] != 0 && head[1] == 0) ? .utf16LittleEndian : nil
        var bytes = encoding.flatMap { String(data: data, encoding: $0) }.map { Array($0.utf8) } ?? [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return bytes
    }

    /// Physical lines joined into logical ones, each with the number of its first physical
    /// line: a line starting with a space or tab continues the previous one, and so does the
    /// line after a quoted-printable value ending in `=`. Lines are split and joined as bytes
    /// (a fold may split a UTF-8 character) and each logical line is then read as UTF-8, or
    /// as Windows-1252 when it is not UTF-8.
    static func logicalLines(_ input: [UInt8]) -> [(Int, String)] {
        var lines: [(Int, [UInt8])] = []
        var number = 0
        var bytes = input[...]
        while !bytes.isEmpty {
            let end = bytes.firstIndex { $0 == 10 || $0 == 13 } ?? bytes.endIndex
            let physical = bytes[..<end]
            bytes = bytes[end...]
            if bytes.first == 13 { bytes = bytes.dropFirst() }  // CR, CRLF or LF: one line break
            if bytes.first == 10 { bytes = bytes.dropFirst() }
            number += 1
            guard let first = physical.first else { continue }
            let last = lines.count - 1
            if last >= 0, first == 32 || first == 9 {
                lines[last].1.append(contentsOf: physical.dropFirst())  // in place: a long value costs its length
            } else if last >= 0, lines[last].1.last == UInt8(ascii: "="), isQuotedPrintable(lines[last].1) {
                lines[last].1.removeLast()
                lines[last].1.append(contentsOf: physical)
            } else {
                lines.append((number, Array(physical)))
            }
        }
        return lines.map { number, bytes in
            (number, String(validating: bytes, as: UTF8.self) ?? String(data: Data(bytes), encoding: .windowsCP1252) ?? "")
        }
    }

    private static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// One logical line as a property, or nil when it has no `:`. The delimiters are ASCII,
    /// so the line is searched as UTF-8 bytes, not as Characters (which cost a grapheme
    /// break check each).
    static func property(_ line: String) -> VCard.Property? {
        var inQuotes = false
        guard let colon = line.utf8.firstIndex(where: { byte in
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            return byte == UInt8(ascii: ":") && !inQuotes
        }) else { return nil }
        let head = splitOutsideQuotes(line[..<colon], on: UInt8(ascii: ";"))
        var name = head[0]
        var group: String?
        if let dot = name.utf8.firstIndex(of: UInt8(ascii: ".")) {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        var parameters: [String: [String]] = [:]
        for parameter in head.dropFirst() where !parameter.isEmpty {
            if let equals = parameter.firstIndex(of: "=") {
                let key = parameter[..<equals].uppercased().withoutSurroundingWhitespace
                var value = parameter[parameter.index(after: equals)...]
                while value.first == "\"" { value.removeFirst() }
                while value.last == "\"" { value.removeLast() }
                parameters[key, default: []].append(String(value))
            } else if ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"].contains(parameter.uppercased()) {
                parameters["ENCODING", default: []].append(parameter)
            } else {
                parameters["TYPE", default: []].append(parameter)  // 2.1: ;HOME;CELL
            }
        }
        var value = String(line[line.index(after: colon)...])
        if parameters["ENCODING"]?.contains(where: { $0.uppercased() == "QUOTED-PRINTABLE" }) == true {
            value = decodeQuotedPrintable(value, charset: parameters["CHARSET"]?.first)
        }
        return VCard.Property(
            group: group, name: name.uppercased().withoutSurroundingWhitespace, parameters: parameters,
            value: value, line: line)
    }

    private static func splitOutsideQuotes(_ text: Substring, on separator: UInt8) -> [String] {
        var parts: [String] = []
        var start = text.startIndex
        var inQuotes = false
        for index in text.utf8.indices {
            let byte = text.utf8[index]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == separator && !inQuotes {
                parts.append(String(text[start..<index]))
                start = text.utf8.index(after: index)
            }
        }
        parts.append(String(text[start...]))
        return parts
    }

    /// `=C3=91` → "Ñ", in the charset given (UTF-8 when none, Windows-1252 when the bytes are not UTF-8).
    static func decodeQuotedPrintable(_ value: String, charset: String?) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "="), index + 2 < utf8.count,
               let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        let data = Data(bytes)
        let named: String.Encoding? = switch charset?.lowercased() {
        case "utf-8", "utf8": .utf8
        case "iso-8859-1", "latin1": .isoLatin1
        case "iso-8859-2": .isoLatin2
        case "windows-1252", "cp1252": .windowsCP1252
        case "windows-1250": .windowsCP1250
        default: nil
        }
        return named.flatMap { String(data: data, encoding: $0) }
            ?? String(validating: data, as: UTF8.self) ?? String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    }
}
