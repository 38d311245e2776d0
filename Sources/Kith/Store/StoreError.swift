import Foundation

/// Why the store refused a change or a lookup: which field or record, and why.
///
/// Messages never repeat the personal data that was refused (a name, a note), only what
/// was wrong with it, so they are safe to log.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field's value is not allowed: an empty name, a weight of 7, a day that does not exist.
    case invalid(field: String, reason: String)
    /// A record that the change names does not exist: a share of a missing resource.
    case notFound(entity: String, id: Int64)
    /// The change would duplicate a record that must be unique: a second resource with the same URL.
    case conflict(field: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let field, let reason): "invalid \(field): \(reason)"
        case .notFound(let entity, let id): "no \(entity) with id \(id)"
        case .conflict(let field, let reason): "conflicting \(field): \(reason)"
        }
    }
}
