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

    /// The records of `text`; blank lines are skipped. The text is read as UTF-8 bytes (every
    /// delimiter is ASCII), not as Characters, which cost a grapheme break check each.
    public static func records(_ text: String, file: String = "input") throws -> [Record] {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var bytes = Array(text.utf8)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }  // the BOM
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var afterQuote = false
        var line = 1
        var start = 1
        func endField() throws {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            afterQuote = false
            if fields.count > maximumFields {
                throw InterchangeError(
                    file: file, location: "line \(start)", reason: "more than \(maximumFields) fields in a record")
            }
        }
        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(fields: fields, line: start)) }
            fields = []
        }
        while let byte = bytes.popFirst() {
            if quoted {
                if byte == quote {
                    if bytes.first == quote {
                        field.append(quote)
                        bytes.removeFirst()
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case quote where field.isEmpty && !afterQuote:
                quoted = true
            case comma:
                try endField()
            case lf, cr:
                if byte == cr, bytes.first == lf { bytes.removeFirst() }  // CRLF is one line break
                try endField()
                endRecord()
                line += 1
                start = line
            default:
                field.append(byte)
            }
        }
        if quoted {
            throw InterchangeError(
                file: file, location: "line \(start)", reason: "a quoted field is not closed before the end of the file"
            )
        }
        if !field.isEmpty || !fields.isEmpty || afterQuote {
            try endField()
            endRecord()
        }
        return records
    }
}
