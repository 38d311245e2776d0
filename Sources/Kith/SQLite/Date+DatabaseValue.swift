import Foundation

/// Dates are stored as ISO-8601 UTC text with milliseconds, `2026-11-26T17:01:15.123Z`,
/// which sorts as time does and reads well in the sqlite3 shell. Text without fractional
/// seconds (`2026-11-26T17:01:15Z`, as SQLite's `strftime` writes) is read too.
extension Date: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue {
        .text(formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
    public init?(databaseValue: DatabaseValue) {
        guard case .text(let text) = databaseValue else { return nil }
        if let date = Self.parseUTC(text) {
            self = date
            return
        }
        guard
            let date = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
                ?? (try? Date.ISO8601FormatStyle().parse(text))
        else { return nil }
        self = date
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (or without the milliseconds), the form Kith and SQLite's
    /// `strftime` write, read by hand: Foundation's parser cost a fifth of loading a person.
    static func parseUTC(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 || bytes.count == 20, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let milliseconds = bytes.count == 24 ? number(20..<23) : 0
        guard let milliseconds else { return nil }
        // Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        // Counted from 2001 as Date stores it, whole seconds and milliseconds added last, as
        // Foundation's parser does, so both give the very same Double.
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - 978_307_200
        return Date(timeIntervalSinceReferenceDate: Double(seconds) + Double(milliseconds) / 1000)
    }
}
