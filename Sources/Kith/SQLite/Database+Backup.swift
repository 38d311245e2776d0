import CSQLite
import Foundation

extension Database {
    /// Writes a consistent copy of the database to a new file at `path` (SQLite's
    /// `VACUUM INTO`): a snapshot as of one moment, safe while other connections and
    /// processes write. The copy is created owner-only (0600); an existing file is refused.
    ///
    /// ```swift
    /// try database.backup(to: "/backups/kith-2026-11-26.sqlite")
    /// ```
    public func backup(to path: String) throws {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw DatabaseError(
                code: .cantOpen, message: "cannot create the backup file: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        do {
            try withConnection { try $0.execute(sql: "VACUUM INTO ?", arguments: [path]) }
        } catch {
            unlink(path)
            throw error
        }
    }
}
