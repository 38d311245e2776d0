import Foundation

/// One SQLite value: NULL, an integer, a real, text or a blob.
///
/// Related SQLite documentation: <https://www.sqlite.org/datatype3.html>
public enum DatabaseValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

/// A Swift type that can be bound to a statement parameter and read from a column.
///
/// Kith conforms `Int`, `Int64`, `Double`, `String`, `Bool`, `Data`, `Date`, `Optional`
/// and its typed IDs. Conform your own types to bind them:
///
/// ```swift
/// extension Weekday: DatabaseValueConvertible {
///     public var databaseValue: DatabaseValue { .integer(Int64(rawValue)) }
///     public init?(databaseValue: DatabaseValue) {
///         guard case .integer(let n) = databaseValue else { return nil }
///         self.init(rawValue: Int(n))
///     }
/// }
/// ```
public protocol DatabaseValueConvertible {
    /// The value to bind.
    var databaseValue: DatabaseValue { get }
    /// Reads a value, or returns nil when the stored value does not fit this type.
    init?(databaseValue: DatabaseValue)
}

extension DatabaseValue: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self }
    public init?(databaseValue: DatabaseValue) { self = databaseValue }
}

extension Int64: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { .integer(self) }
    @inlinable public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .integer(let value): self = value
        case .real(let value): self.init(exactly: value)
        default: return nil
        }
    }
}

extension Int: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { .integer(Int64(self)) }
    @inlinable public init?(databaseValue: DatabaseValue) {
        guard let value = Int64(databaseValue: databaseValue) else { return nil }
        self.init(exactly: value)
    }
}

extension Bool: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) }
    @inlinable public init?(databaseValue: DatabaseValue) {
        guard let value = Int64(databaseValue: databaseValue) else { return nil }
        self = value != 0
    }
}

extension Double: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { .real(self) }
    @inlinable public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .integer(let value): self = Double(value)
        case .real(let value): self = value
        default: return nil
        }
    }
}

extension String: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { .text(self) }
    @inlinable public init?(databaseValue: DatabaseValue) {
        guard case .text(let value) = databaseValue else { return nil }
        self = value
    }
}

extension Data: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { .blob(self) }
    public init?(databaseValue: DatabaseValue) {
        switch databaseValue {
        case .blob(let value): self = value
        case .text(let value): self = Data(value.utf8)
        default: return nil
        }
    }
}

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
        guard let date = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text)) else { return nil }
        self = date
    }

    /// `YYYY-MM-DDTHH:MM:SS.sssZ` (or without the milliseconds), the form Kith and SQLite's
    /// `strftime` write, read by hand: Foundation's parser cost a fifth of loading a person.
    static func parseUTC(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 || bytes.count == 20, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T") else { return nil }
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
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
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

extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    @inlinable public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
    @inlinable public init?(databaseValue: DatabaseValue) {
        if case .null = databaseValue {
            self = .none
        } else if let value = Wrapped(databaseValue: databaseValue) {
            self = .some(value)
        } else {
            return nil
        }
    }
}
