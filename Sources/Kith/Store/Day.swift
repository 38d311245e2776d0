import Foundation

/// A calendar day, stored as `YYYY-MM-DD` text: when we met, when a share or a coffee happened.
///
/// ```swift
/// let day = try Day("2026-03-14")
/// day.adding(days: 30).description   // "2026-04-13"
/// ```
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible, DatabaseValueConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a day, or throws when it does not exist (February 30th, month 13).
    public init(year: Int, month: Int, day: Int) throws {
        guard (1...9999).contains(year), Day.isValid(month: month, day: day, year: year) else {
            throw StoreError.invalid(
                field: "date",
                reason: "\(Day.pad(year, 4))-\(Day.pad(month, 2))-\(Day.pad(day, 2)) is not a day of the calendar")
        }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `YYYY-MM-DD`, or throws a ``StoreError`` naming what is wrong.
    public init(_ text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { throw StoreError.invalid(field: "date", reason: "'\(text)' is not a date of the form YYYY-MM-DD") }
        try self.init(year: year, month: month, day: day)
    }

    /// Today in the given time zone (the machine's by default).
    public static func today(in timeZone: TimeZone = .current) -> Day {
        day(of: Date(), in: timeZone)
    }

    /// The day on which `date` falls in `timeZone`.
    public static func day(of date: Date, in timeZone: TimeZone = .current) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        // A Date always falls on a real day, so this cannot fail.
        return try! Day(year: parts.year!, month: parts.month!, day: parts.day!)
    }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day {
        Day(julianDay: julianDay + count)
    }

    /// The number of days from `other` to this day (positive when this day is later).
    public func days(since other: Day) -> Int {
        julianDay - other.julianDay
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public var description: String { Day.text(year: year, month: month, day: day) }

    public var databaseValue: DatabaseValue { .text(description) }

    public init?(databaseValue: DatabaseValue) {
        guard case .text(let text) = databaseValue, let day = try? Day(text) else { return nil }
        self = day
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, as SQLite's date functions)

    static func isValid(month: Int, day: Int, year: Int?) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let isLeap = year.map { ($0 % 4 == 0 && $0 % 100 != 0) || $0 % 400 == 0 } ?? true
        return day <= (month == 2 && isLeap ? 29 : lengths[month - 1])
    }

    /// `YYYY-MM-DD`, or `--MM-DD` without a year, for values in range (a year in 1...9999),
    /// written as ASCII digits: string interpolation costs about 2,700 instructions a date,
    /// and every day stored pays it.
    static func text(year: Int?, month: Int, day: Int) -> String {
        String(unsafeUninitializedCapacity: 10) { buffer in
            var count = 0
            func put(_ byte: UInt8) {
                buffer[count] = byte
                count += 1
            }
            func put(_ number: Int, digits: Int) {
                var divisor = digits == 4 ? 1000 : 10
                while divisor > 0 {
                    put(UInt8(ascii: "0") + UInt8(number / divisor % 10))
                    divisor /= 10
                }
            }
            if let year { put(year, digits: 4) } else { put(UInt8(ascii: "-")) }
            put(UInt8(ascii: "-"))
            put(month, digits: 2)
            put(UInt8(ascii: "-"))
            put(day, digits: 2)
            return count
        }
    }

    static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Days since an epoch, by the algorithm of Fliegel and Van Flandern.
    private var julianDay: Int {
        let a = (14 - month) / 12
        let y = year + 4800 - a
        let m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    private init(julianDay: Int) {
        let a = julianDay + 32044
        let b = (4 * a + 3) / 146097
        let c = a - 146097 * b / 4
        let d = (4 * c + 3) / 1461
        let e = c - 1461 * d / 4
        let m = (5 * e + 2) / 153
        self.day = e - (153 * m + 2) / 5 + 1
        self.month = m + 3 - 12 * (m / 10)
        self.year = 100 * b + d - 4800 + m / 10
    }
}
