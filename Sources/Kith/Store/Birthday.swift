/// A birthday: month and day, and the year when it is known.
///
/// Stored as `YYYY-MM-DD`, or `--MM-DD` without a year (the vCard form).
///
/// ```swift
/// try Birthday("--03-14").year      // nil
/// try Birthday("1990-03-14").year   // 1990
/// ```
public struct Birthday: Hashable, Sendable, CustomStringConvertible, DatabaseValueConvertible {
    public let year: Int?
    public let month: Int
    public let day: Int

    /// Creates a birthday, or throws when the day does not exist (February 29th needs a leap year, if one is given).
    public init(year: Int? = nil, month: Int, day: Int) throws {
        guard year.map({ (1...9999).contains($0) }) ?? true, Day.isValid(month: month, day: day, year: year) else {
            throw StoreError.invalid(
                field: "birthday", reason: "month \(month), day \(day) is not a day of the calendar")
        }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses `YYYY-MM-DD` or `--MM-DD`.
    public init(_ text: String) throws {
        if text.hasPrefix("--") {
            let parts = text.dropFirst(2).split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]),
                let day = Int(parts[1])
            else {
                throw StoreError.invalid(
                    field: "birthday", reason: "'\(text)' is not of the form YYYY-MM-DD or --MM-DD")
            }
            try self.init(month: month, day: day)
        } else {
            let day = try Day(text)
            try self.init(year: day.year, month: day.month, day: day.day)
        }
    }

    public var description: String { Day.text(year: year, month: month, day: day) }

    public var databaseValue: DatabaseValue { .text(description) }

    public init?(databaseValue: DatabaseValue) {
        guard case .text(let text) = databaseValue, let birthday = try? Birthday(text) else { return nil }
        self = birthday
    }
}
