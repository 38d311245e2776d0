import Foundation

/// Ids bound as one value, for `kith_contains(?, id)`: the SQL function that every Kith
/// connection has, 1 when `id` is one of them.
///
/// A query that keeps only some rows of a search (a full-text match, say) tests each row
/// with a binary search in the bound value, with nothing parsed or built first:
/// ```sql
/// SELECT rowid FROM notes_search WHERE notes_search MATCH ? AND kith_contains(?, rowid)
/// ```
/// The value is a blob of the ids, ascending, 8 bytes each in the machine's byte order: it
/// is made to be bound, never stored. The function exists only on Kith's connections, so the
/// schema never uses it and the file stays readable by any sqlite3 shell.
struct IDSet: DatabaseValueConvertible {
    /// The ids, ascending and each once.
    let ids: [Int64]

    init(_ ids: some Sequence<Int64>) {
        self.ids = Array(Set(ids)).sorted()
    }

    var databaseValue: DatabaseValue {
        .blob(ids.withUnsafeBytes { Data($0) })
    }

    init?(databaseValue: DatabaseValue) {
        guard case .blob(let data) = databaseValue, data.count % 8 == 0 else { return nil }
        let ids = data.withUnsafeBytes { raw in
            (0..<data.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self) }
        }
        guard zip(ids, ids.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        self.ids = ids
    }
}
