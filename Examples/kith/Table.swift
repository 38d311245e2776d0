import Foundation

/// Prints rows as a table with a header row, its columns aligned by the width they take on
/// a terminal (a CJK character or an emoji takes two columns). A cell longer than
/// ``maximumCellWidth`` (the last column: the terminal's width, when printing to one) is
/// cut with an ellipsis; `--json` never cuts anything.
func printTable(_ header: [String], _ rows: [[String]]) {
    let table = ([header] + rows).map { row in
        row.enumerated().map { column, cell in
            truncated(
                cell.utf8.contains(UInt8(ascii: "\n")) ? cell.replacingOccurrences(of: "\n", with: " ") : cell,
                to: column == row.count - 1 ? lastColumnWidth(row) : maximumCellWidth)
        }
    }
    let widths = header.indices.map { column in table.map { displayWidth($0[column]) }.max() ?? 0 }
    for row in table {
        let cells = row.indices.map { column in
            column == row.count - 1
                ? row[column] : row[column] + String(repeating: " ", count: widths[column] - displayWidth(row[column]))
        }
        let line = cells.joined(separator: "  ")
        let trailingSpaces = line.utf8.reversed().prefix { $0 == UInt8(ascii: " ") }.count
        print(String(decoding: line.utf8.dropLast(trailingSpaces), as: UTF8.self))
    }

    /// The width left for the last column on a terminal; unbounded otherwise.
    func lastColumnWidth(_ row: [String]) -> Int {
        guard let terminal = terminalWidth() else { return .max }
        let used = header.indices.dropLast().map { column in
            min(maximumCellWidth, ([header] + rows).map { displayWidth($0[column]) }.max() ?? 0) + 2
        }.reduce(0, +)
        return max(20, terminal - used)
    }
}

/// The widest a table cell may be, in terminal columns, before it is cut.
let maximumCellWidth = 40

/// How many terminal columns a text takes: two for wide characters (CJK, full-width forms,
/// emoji), none for a character that only combines with the one before.
func displayWidth(_ text: String) -> Int {
    // Printable ASCII, most of what Kith prints, takes a column a byte.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
    return text.reduce(0) { $0 + displayWidth($1) }
}

private func displayWidth(_ character: Character) -> Int {
    if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
    guard let first = character.unicodeScalars.first else { return 0 }
    if character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation })
        || character.unicodeScalars.contains("\u{FE0F}")
    {
        return 2
    }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format, .control: return 0
    default: break
    }
    return wideRanges.contains { $0.contains(first.value) } ? 2 : 1
}

/// The East Asian Wide and Full-width blocks (Unicode UAX #11), as terminals draw them.
private let wideRanges: [ClosedRange<UInt32>] = [
    0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
    0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19,
    0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD,
    0x30000...0x3FFFD,
]

/// `text` cut to at most `width` columns, ending in "…" when cut.
func truncated(_ text: String, to width: Int) -> String {
    guard displayWidth(text) > width else { return text }
    var result = ""
    var used = 0
    for character in text {
        let next = displayWidth(String(character))
        if used + next > width - 1 { break }
        result.append(character)
        used += next
    }
    return result + "…"
}

/// The terminal's width in columns when standard output is a terminal, else nil.
func terminalWidth() -> Int? {
    guard isatty(STDOUT_FILENO) == 1 else { return nil }
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
    return Int(size.ws_col)
}
