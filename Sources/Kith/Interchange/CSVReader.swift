import Foundation

/// Reads RFC 4180 CSV: fields separated by commas, quoted with `"` when they hold commas,
/// quotes (doubled) or line breaks; CRLF or LF; a UTF-8 BOM is skipped.
public enum CSVReader {
    /// The most fields a record may have, so one bad file cannot exhaust memory.
    public static let maximumFields = 10_000

    /// One record: its fields, and the line it starts on (counting from 1).
    public struct Record: Sendable, Hashable {
        public var fields: [String]
        public var line: Int
    }

    /// The records of `text`; blank lines are skipped.
    public static func records(_ text: String, file: String = "input") throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var line = 1
        var start = 1
        var characters = text.hasPrefix("\u{FEFF}") ? Substring(text.dropFirst()) : Substring(text)
        func endField() throws {
            fields.append(field)
            field = ""
            afterQuote = false
            if fields.count > maximumFields {
                throw InterchangeError(file: file, location: "line \(start)", reason: "more than \(maximumFields) fields in a record")
            }
        }
        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: start)) }
            fields = []
        }
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty && !afterQuote:
                quoted = true
            case ",":
                try endField()
            case "\n", "\r\n", "\r":
                try endField()
                endRecord()
                line += 1
                start = line
            default:
                field.append(character)
            }
        }
        if quoted {
            throw InterchangeError(file: file, location: "line \(start)", reason: "a quoted field is not closed before the end of the file")
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote {
            try endField()
            endRecord()
        }
        return records
    }
}
