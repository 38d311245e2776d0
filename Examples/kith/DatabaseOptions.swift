import ArgumentParser
import Foundation
import Kith

/// `--db PATH`, with the fallbacks every command shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The database file (default: $KITH_DB, else $XDG_DATA_HOME/kith/kith.sqlite).")
    var db: String?

    /// The file to use: `--db`, else `$KITH_DB`, else `$XDG_DATA_HOME/kith/kith.sqlite`
    /// with the XDG default `~/.local/share`.
    var path: String {
        let environment = ProcessInfo.processInfo.environment
        if let db, !db.isEmpty { return db }
        if let path = environment["KITH_DB"], !path.isEmpty { return path }
        let data = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appending(path: ".local/share").path
        return URL(fileURLWithPath: data).appending(path: "kith/kith.sqlite").path
    }

    /// Opens the database, creating it and any missing folders (owner-only) on first use.
    func open() throws -> Database {
        try Self.open(path)
    }

    /// Opens the database at `path`, creating it and any missing folders (owner-only).
    static func open(_ path: String) throws -> Database {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try Database.openKith(at: .file(path))
    }
}

/// `--json`: print exactly one JSON document on standard output instead of text.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false
}
