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
        try parse(data, file: file, parts: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The cards in `data`, read in up to `parts` pieces at once (see ``pieces(of:count:)``).
    static func parse(_ data: Data, file: String, parts: Int) throws -> [VCard] {
        Parallel.map(try cards(in: data, file: file, parts: parts), parts: parts) { $0.parsed() }
    }

    /// The cards in `data` as their logical lines, found but not yet read into properties:
    /// the quick half of ``parse(_:file:)``, which finds every card and every error. An
    /// importer reads each card's properties on another thread while it writes the cards
    /// before (``CardLines/parsed()``).
    static func cards(in data: Data, file: String, parts: Int = ProcessInfo.processInfo.activeProcessorCount) throws
        -> [CardLines]
    {
        try InterchangeLimits.checkSize(data, file: file)
        let input = utf8Bytes(data)
        let pieces = Parallel.map(pieces(of: input, count: parts), parts: parts) { Piece(input[$0]) }
        var cards: [CardLines] = []
        cards.reserveCapacity(pieces.reduce(0) { $0 + $1.cards.count })
        var linesBefore = 0
        for piece in pieces {
            if let line = piece.overlongLine {
                throw InterchangeError(
                    file: file, location: "line \(linesBefore + line)",
                    reason: "a line longer than \(maximumLineLength) bytes")
            }
            for var card in piece.cards {
                card.number = cards.count + 1
                cards.append(card)
            }
            linesBefore += piece.lineCount
        }
        if pieces.last?.endsInsideCard == true {
            throw InterchangeError(
                file: file, location: "card \(cards.count + 1)", reason: "no END:VCARD before the end of the file")
        }
        return cards
    }

    /// One card's logical lines, between its `BEGIN:VCARD` and `END:VCARD`, and its position
    /// in the file (counting from 1).
    struct CardLines: Sendable {
        var lines: [String]
        var number: Int

        /// The card, its lines read into properties (a line with no value, such as a bare
        /// "FN", is left out).
        func parsed() -> VCard {
            VCard(properties: lines.compactMap(VCardParser.property), number: number)
        }
    }

    /// What one piece of a file holds: its cards (numbered from 1 within the piece), its
    /// number of physical lines, its first line longer than the limit (counted within the
    /// piece; nothing after it is read), and whether it ends inside a card.
    private struct Piece: Sendable {
        var cards: [CardLines] = []
        var lineCount = 0
        var overlongLine: Int?
        var endsInsideCard = false

        init(_ bytes: ArraySlice<UInt8>) {
            let (lines, lineCount) = logicalLines(bytes)
            self.lineCount = lineCount
            var current: [String]?
            for (number, line) in lines {
                guard line.utf8.count <= maximumLineLength else {
                    overlongLine = number
                    return
                }
                switch boundary(line) {
                case "BEGIN":
                    current = []
                case "END" where current != nil:
                    cards.append(CardLines(lines: current ?? [], number: cards.count + 1))
                    current = nil
                default:
                    current?.append(line)  // in place; ignored outside a card
                }
            }
            endsInsideCard = current != nil
        }
    }

    /// "BEGIN" for a line `BEGIN:VCARD` and "END" for `END:VCARD` (as ``property(_:)`` reads
    /// them: in any case, in a group or not), nil for any other line. Only a line so named
    /// is read whole.
    private static func boundary(_ line: String) -> String? {
        guard let name = name(of: line), name == "BEGIN" || name == "END",
            property(line)?.value.uppercased() == "VCARD"
        else { return nil }
        return name
    }

    /// The file cut into at most `count` pieces of about the same size, each of which reads
    /// as it would in the whole file. A cut is made only before a line `BEGIN:VCARD` that
    /// follows a line `END:VCARD` and is not followed by a fold. Such a line starts a logical
    /// line of its own (the line before ends in `D`, so it continues no quoted-printable
    /// value), it is all of that logical line, and a `BEGIN:VCARD` starts a new card
    /// whatever came before it.
    static func pieces(of input: [UInt8], count: Int) -> [Range<Int>] {
        var starts = [0]
        for part in 1..<max(count, 1) {
            guard let start = cardStart(in: input, from: max(input.count * part / count, starts[starts.count - 1] + 1))
            else { break }
            starts.append(start)
        }
        return zip(starts, starts.dropFirst() + [input.count]).map { $0..<$1 }
    }

    /// The first line at or after `position` where ``pieces(of:count:)`` may cut.
    private static func cardStart(in input: [UInt8], from position: Int) -> Int? {
        let (end, begin) = (Array("END:VCARD".utf8), Array("BEGIN:VCARD".utf8))
        // Whether `line` is in the input at `index`, in any case, as a whole line.
        func isLine(_ line: [UInt8], at index: Int) -> Bool {
            let after = index + line.count
            guard index >= 0, after <= input.count, index == 0 || [10, 13].contains(input[index - 1]) else {
                return false
            }
            let matches = zip(line, input[index..<after]).allSatisfy { expected, byte in
                byte == expected || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(expected) && byte == expected + 32
            }
            return matches && (after == input.count || [10, 13].contains(input[after]))
        }
        /// Where the line after the one that ends at `lineBreak` starts.
        func nextLine(after lineBreak: Int) -> Int {
            input[lineBreak] == 13 && lineBreak + 1 < input.count && input[lineBreak + 1] == 10
                ? lineBreak + 2 : lineBreak + 1
        }
        var index = position
        while index < input.count, let lineBreak = input[index...].firstIndex(where: { $0 == 10 || $0 == 13 }) {
            let start = nextLine(after: lineBreak)
            index = start
            guard isLine(end, at: lineBreak - end.count), isLine(begin, at: start) else { continue }
            let following = start + begin.count == input.count ? input.count : nextLine(after: start + begin.count)
            if following == input.count || (input[following] != 32 && input[following] != 9) { return start }
        }
        return nil
    }

    /// The bytes of a file as UTF-8 (or as they are, when they are not UTF-16): UTF-16
    /// files, by BOM or by their zero bytes, are converted; a UTF-8 BOM is dropped.
    static func utf8Bytes(_ data: Data) -> [UInt8] {
        let head = [UInt8](data.prefix(2))
        let encoding: String.Encoding? =
            head.starts(with: [0xFE, 0xFF]) || (head.count == 2 && head[0] == 0 && head[1] != 0)
            ? .utf16BigEndian
            : head.starts(with: [0xFF, 0xFE]) || (head.count == 2 && head[0] != 0 && head[1] == 0)
                ? .utf16LittleEndian : nil
        var bytes = encoding.flatMap { String(data: data, encoding: $0) }.map { Array($0.utf8) } ?? [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return bytes
    }

    /// Physical lines joined into logical ones, each with the number of its first physical
    /// line: a line starting with a space or tab continues the previous one, and so does the
    /// line after a quoted-printable value ending in `=`. Lines are split and joined as bytes
    /// (a fold may split a UTF-8 character) and each logical line is then read as UTF-8, or
    /// as Windows-1252 when it is not UTF-8.
    /// Also returns the number of physical lines.
    static func logicalLines(_ input: ArraySlice<UInt8>) -> (lines: [(Int, String)], count: Int) {
        var lines: [LogicalLine] = []
        var number = 0
        var start = input.startIndex
        while start < input.endIndex {
            var end = start
            while end < input.endIndex, input[end] != 10, input[end] != 13 { end += 1 }
            var next = end
            if next < input.endIndex, input[next] == 13 { next += 1 }  // CR, CRLF or LF: one line break
            if next < input.endIndex, input[next] == 10 { next += 1 }
            number += 1
            defer { start = next }
            guard end > start else { continue }
            let first = input[start]
            let last = lines.count - 1
            if last >= 0, first == 32 || first == 9 {
                lines[last].append(input[(start + 1)..<end], in: input)
            } else if last >= 0, lines[last].bytes(in: input).last == UInt8(ascii: "="),
                isQuotedPrintable(lines[last].bytes(in: input))
            {
                lines[last].append(input[start..<end], in: input, droppingLast: true)
            } else {
                lines.append(LogicalLine(number: number, range: start..<end))
            }
        }
        return (lines.map { ($0.number, text($0.bytes(in: input))) }, number)
    }

    /// A logical line: its first physical line's number and bytes in the input, and, once a
    /// line continues it, the joined bytes (most lines are read straight from the input).
    private struct LogicalLine {
        let number: Int
        let range: Range<Int>
        var joined: [UInt8]?

        func bytes(in input: ArraySlice<UInt8>) -> ArraySlice<UInt8> { joined?[...] ?? input[range] }

        /// Appends a continuation in place, so that a long folded value costs its length.
        mutating func append(_ more: ArraySlice<UInt8>, in input: ArraySlice<UInt8>, droppingLast: Bool = false) {
            if joined == nil { joined = Array(input[range]) }
            if droppingLast { joined?.removeLast() }
            joined?.append(contentsOf: more)
        }
    }

    /// Bytes as UTF-8, or as Windows-1252 when they are not UTF-8.
    private static func text(_ bytes: some Collection<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(data: Data(bytes), encoding: .windowsCP1252) ?? ""
    }

    private static func isQuotedPrintable(_ line: ArraySlice<UInt8>) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// One logical line as a property, or nil when it has no `:`. The delimiters are ASCII,
    /// so the line is read as UTF-8 bytes, not as Characters (which cost a grapheme break
    /// check each).
    static func property(_ line: String) -> VCard.Property? {
        var contiguous = line
        return contiguous.withUTF8 { bytes -> VCard.Property? in
            let ends = delimiters(in: bytes, firstOnly: false)
            guard let colon = ends.last, bytes[colon] == UInt8(ascii: ":") else { return nil }
            let (group, name) = groupAndName(in: bytes, before: ends[0])
            var parameters: [String: [String]] = [:]
            for (start, end) in zip(ends, ends.dropFirst()) where end > start + 1 {
                addParameter(text(of: bytes, (start + 1)..<end), to: &parameters)
            }
            var value = text(of: bytes, (colon + 1)..<bytes.count)
            if parameters["ENCODING"]?.contains(where: { $0.uppercased() == "QUOTED-PRINTABLE" }) == true {
                value = decodeQuotedPrintable(value, charset: parameters["CHARSET"]?.first)
            }
            return VCard.Property(group: group, name: name, parameters: parameters, value: value, line: line)
        }
    }

    /// The name ``property(_:)`` gives a line (when it gives a property), read without the
    /// rest of the line.
    private static func name(of line: String) -> String? {
        var contiguous = line
        return contiguous.withUTF8 { bytes in
            delimiters(in: bytes, firstOnly: true).first.map { groupAndName(in: bytes, before: $0).name }
        }
    }

    /// Where a line's name and each parameter end: at each `;` outside quotes, and last at
    /// the first `:` outside quotes (or only the first of them).
    private static func delimiters(in bytes: UnsafeBufferPointer<UInt8>, firstOnly: Bool) -> [Int] {
        var ends: [Int] = []
        var inQuotes = false
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            guard !inQuotes else { continue }
            if byte == UInt8(ascii: ";") { ends.append(index) }
            if byte == UInt8(ascii: ":") {
                ends.append(index)
                break
            }
            if firstOnly && !ends.isEmpty { break }
        }
        return ends
    }

    /// The group before the first `.` (as in `item1.EMAIL`), and the name after it in upper case.
    private static func groupAndName(in bytes: UnsafeBufferPointer<UInt8>, before end: Int) -> (
        group: String?, name: String
    ) {
        guard let dot = bytes[..<end].firstIndex(of: UInt8(ascii: ".")) else {
            return (nil, upperCased(text(of: bytes, 0..<end)))
        }
        return (text(of: bytes, 0..<dot), upperCased(text(of: bytes, (dot + 1)..<end)))
    }

    private static func text(of bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// `KEY=value` (quotes dropped), or 2.1's bare `QUOTED-PRINTABLE` (an encoding) or `HOME` (a type).
    private static func addParameter(_ parameter: String, to parameters: inout [String: [String]]) {
        if let equals = parameter.firstIndex(of: "=") {
            var value = parameter[parameter.index(after: equals)...]
            while value.first == "\"" { value.removeFirst() }
            while value.last == "\"" { value.removeLast() }
            parameters[upperCased(String(parameter[..<equals])), default: []].append(String(value))
        } else if bareEncodings.contains(parameter.uppercased()) {
            parameters["ENCODING", default: []].append(parameter)
        } else {
            parameters["TYPE", default: []].append(parameter)  // 2.1: ;HOME;CELL
        }
    }

    private static let bareEncodings: Set<String> = ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT"]

    /// A name or key trimmed and in upper case; most are already, and are returned as they are.
    private static func upperCased(_ name: String) -> String {
        let isUpper = name.utf8.allSatisfy {
            $0 == UInt8(ascii: "-") || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
        }
        return isUpper ? name : name.uppercased().withoutSurroundingWhitespace
    }

    /// `=C3=91` → "Ñ", in the charset given (UTF-8 when none, Windows-1252 when the bytes are not UTF-8).
    static func decodeQuotedPrintable(_ value: String, charset: String?) -> String {
        var bytes: [UInt8] = []
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "="), index + 2 < utf8.count,
                let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        let data = Data(bytes)
        let named: String.Encoding? =
            switch charset?.lowercased() {
            case "utf-8", "utf8": .utf8
            case "iso-8859-1", "latin1": .isoLatin1
            case "iso-8859-2": .isoLatin2
            case "windows-1252", "cp1252": .windowsCP1252
            case "windows-1250": .windowsCP1250
            default: nil
            }
        return named.flatMap { String(data: data, encoding: $0) }
            ?? String(validating: data, as: UTF8.self) ?? String(data: data, encoding: .windowsCP1252)
            ?? String(decoding: data, as: UTF8.self)
    }
}
