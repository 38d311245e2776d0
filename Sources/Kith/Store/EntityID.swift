/// The typed identifier of a stored record: a `Person.ID` is not a `Resource.ID`.
///
/// It wraps the row's `id` (SQLite's rowid) and binds as an integer.
public struct EntityID<Entity>: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    ExpressibleByIntegerLiteral, DatabaseValueConvertible
{
    /// The row's `id`.
    public let rawValue: Int64

    /// Wraps a row id.
    @inlinable public init(rawValue: Int64) { self.rawValue = rawValue }

    /// Wraps a row id written as a literal, as in tests: `let ann: Person.ID = 1`.
    public init(integerLiteral value: Int64) { self.rawValue = value }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { String(rawValue) }

    @inlinable public var databaseValue: DatabaseValue { .integer(rawValue) }

    @inlinable public init?(databaseValue: DatabaseValue) {
        guard let value = Int64(databaseValue: databaseValue) else { return nil }
        self.rawValue = value
    }
}

extension EntityID {
    /// A JSON array of the ids, to bind a whole list as one value: `WHERE id IN (SELECT value FROM json_each(?))`.
    static func jsonArray(_ ids: [Self]) -> String {
        "[" + ids.map(\.description).joined(separator: ",") + "]"
    }
}
