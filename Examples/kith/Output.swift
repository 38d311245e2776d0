import Foundation
import Kith

/// Prints one JSON document (objects with sorted keys) on standard output.
func printJSON(_ value: Any) throws {
    let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

/// Prints rows as a table whose columns are aligned, with a header row.
func printTable(_ header: [String], _ rows: [[String]]) {
    let widths = header.indices.map { column in
        ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    for row in [header] + rows {
        let cells = row.indices.map { column in
            column == row.count - 1 ? row[column] : row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  "))
    }
}

/// A score without needless decimals: 52, 7.45.
func formatScore(_ score: Double) -> String {
    score == score.rounded() ? String(Int(score)) : String(format: "%.2f", score)
}

/// A line of progress redrawn in place on a terminal; nothing when output is piped.
struct ProgressLine {
    let isTerminal = isatty(STDOUT_FILENO) == 1

    func show(_ text: String) {
        if isTerminal { print("\r\u{1B}[K" + text, terminator: "") }
    }

    /// Clears the line, so what is printed next starts clean.
    func clear() {
        if isTerminal { print("\r\u{1B}[K", terminator: "") }
    }
}

/// The contents of a file named on the command line, or a one-line error.
func readFile(_ path: String) throws -> Data {
    // Refused before reading, so a huge file is never loaded.
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= InterchangeLimits.maximumFileSize else {
        throw CommandError("\(path) is larger than \(InterchangeLimits.maximumFileSize / 1024 / 1024) MiB, the most Kith imports")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(path)") }
    return data
}
