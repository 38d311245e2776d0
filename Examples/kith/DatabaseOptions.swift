import ArgumentParser
import Foundation
import Kith

/// `--db PATH`, with the fallbacks every command shares. It may come before the subcommand
/// (`kith --db X person list`) or after it.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database file (default: $KITH_DB, else $XDG_DATA_HOME/kith/kith.sqlite).", valueName: "path"))
    var db: String?

    /// The file to use: `--db`, else `$KITH_DB`, else `$XDG_DATA_HOME/kith/kith.sqlite`
    /// with the XDG default `~/.local/share`.
    var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let db, !db.isEmpty { return db }
        if let path = environment["KITH_DB"], !path.isEmpty { return path }
        let data =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".local/share").path
        return URL(fileURLWithPath: data).appending(path: "kith/kith.sqlite").path
    }

    /// Runs `body` in a read transaction. The database is opened read-only and never
    /// created; only when an older Kith wrote it, and the file may be written, is it opened
    /// for writing once so that its migrations apply.
    func read<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        try naming { try opened(.readOnly).read(body) }
    }

    /// Runs `body` in one read, as ``read(_:)`` does, after storing the ranking index in the
    /// file when it is behind the interests and the file may be written
    /// (``Questions/saveRankingIndex()``), so that this `recommend` and the next ones read a
    /// few packed rows instead of every interest. Failing to store it (the file busy with
    /// another writer, say) only makes this question slower.
    func readRanked<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        guard FileManager.default.isWritableFile(atPath: path) else { return try read(body) }
        return try naming {
            let database = try opened(.readWrite)
            try? database.write { try $0.questions.saveRankingIndex() }
            return try database.read(body)
        }
    }

    /// Runs `body` in one write transaction, creating the database (and its folder,
    /// owner-only) on first use. When the command fails, a database it created is removed.
    func write<T: Sendable>(_ body: (Connection) throws -> T) throws -> T {
        let path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let (existed, folderExisted) = (
            FileManager.default.fileExists(atPath: path), FileManager.default.fileExists(atPath: folder)
        )
        do {
            return try naming { try opened(.readWrite).write(body) }
        } catch {
            if !existed {
                for file in [path, path + "-wal", path + "-shm", path + "-journal"] { unlink(file) }
                if !folderExisted { try? FileManager.default.removeItem(atPath: folder) }
            }
            throw error
        }
    }

    /// The database, opened for `access`; errors name the file.
    func opened(_ access: Database.Access) throws -> Database {
        let path = path
        return try naming {
            if access == .readOnly {
                guard FileManager.default.fileExists(atPath: path) else {
                    throw CommandError(
                        "no Kith database at \(path); `kith person add` creates one, or set --db / KITH_DB")
                }
                do {
                    return try Database.openKith(at: .file(path), access: .readOnly)
                } catch MigrationError.pendingMigrations where FileManager.default.isWritableFile(atPath: path) {
                    return try Database.openKith(at: .file(path))
                }
            }
            if FileManager.default.fileExists(atPath: path), !FileManager.default.isWritableFile(atPath: path) {
                throw CommandError("\(path): the database file is read-only, and this command writes")
            }
            try FileManager.default.createDirectory(
                atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return try Database.openKith(at: .file(path))
        }
    }

    /// Runs `body`, naming the database file in any database or migration failure.
    private func naming<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError {
            throw CommandError("\(path): \(Self.explain(error))")
        } catch MigrationError.bookkeepingFailed(let error) {
            throw CommandError("\(path): \(Self.explain(error))")
        } catch let error as MigrationError {
            throw CommandError("\(path): \(error)")
        } catch let error as CocoaError {
            throw CommandError("cannot create the folder of \(path): \(error.localizedDescription)")
        }
    }

    /// What a database failure means to someone at the prompt.
    static func explain(_ error: DatabaseError) -> String {
        switch error.code {
        case .notADatabase: "this file is not a database (SQLite cannot read it)"
        case .busy, .locked: "the database is locked by another program; try again when it is done"
        case .readOnly: "the database file is read-only, and this command writes"
        case .cantOpen: "cannot open the database file (\(error.message))"
        default: error.message
        }
    }
}

/// `--json`: print exactly one JSON document on standard output instead of text.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of text (README: the JSON contract).")
    var json = false
}
