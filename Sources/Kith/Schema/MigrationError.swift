/// Why a database could not be brought to the schema this build of Kith expects.
public enum MigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The database records migrations this build does not know: a newer Kith wrote it.
    /// Nothing was changed.
    case newerDatabase(unknownMigrations: [String])
    /// An applied migration's recorded checksum differs from this build's file: the file
    /// was edited after it was applied. Nothing was changed.
    case checksumMismatch(migration: String, recorded: String, expected: String)
    /// A migration's SQL failed; it was rolled back.
    case failed(migration: String, underlying: DatabaseError)
    /// A migration left rows that break foreign keys; it was rolled back.
    case foreignKeyViolations(migration: String, tables: [String])
    /// A database opened read-only lacks migrations of this build: an older Kith wrote it,
    /// and opening it for writing once brings it up to date. Nothing was changed.
    case pendingMigrations([String])
    /// Reading or writing the migration record failed.
    case bookkeepingFailed(underlying: DatabaseError)

    public var description: String {
        switch self {
        case .newerDatabase(let names):
            "the database was written by a newer version of Kith (it has migrations this build does not know: \(names.joined(separator: ", "))); it was left untouched"
        case .checksumMismatch(let name, let recorded, let expected):
            "migration \(name) was changed after it was applied (recorded checksum \(recorded), this build has \(expected)); the database was left untouched"
        case .failed(let name, let error):
            "migration \(name) failed and was rolled back: \(error.message)"
        case .foreignKeyViolations(let name, let tables):
            "migration \(name) left rows that break foreign keys in \(tables.joined(separator: ", ")); it was rolled back"
        case .pendingMigrations(let names):
            "the database was written by an older version of Kith and lacks \(names.joined(separator: ", ")); it was opened read-only, so they were not applied (any command that writes applies them)"
        case .bookkeepingFailed(let error):
            "reading or writing the schema_migrations table failed: \(error)"
        }
    }
}
