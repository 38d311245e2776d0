import ArgumentParser
import Foundation
import Kith
import KithSync

/// `kith sync`: keep the database and a CardDAV address book (a phone's, iCloud's, Nextcloud's…) in step.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Keep your contacts in step with a CardDAV server, both ways.",
        discussion: """
            `kith sync setup --url URL --user NAME` once, then `kith sync` whenever you like: it pulls what changed on \
            the server, then sends what changed here. The password is read from a prompt, $KITH_CARDDAV_PASSWORD or \
            --password-file, and stored owner-only beside the database (PATH-carddav-password); \
            $KITH_CARDDAV_PASSWORD, when set, is used instead of the stored one.
            """,
        subcommands: [SyncRunCommand.self, SyncSetupCommand.self, SyncStatusCommand.self],
        defaultSubcommand: SyncRunCommand.self)
}

/// `kith sync` (`kith sync run`): pull, then push.
struct SyncRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Pull what changed on the server, then send what changed here.",
        discussion: """
            Changed fields are merged: the side that changed a field wins; when both changed it, the server's value \
            is kept and Kith's goes into a note about the person, and the summary says so. A card deleted on the \
            server archives its person. Exits 1 when some cards could not be synced (they are listed; the next sync \
            tries them again).
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var connection: SyncConnectionOptions
    @Flag(name: .long, help: "Print what would change, and change and send nothing.")
    var dryRun = false
    @Flag(name: .long, help: "Send your notes and interests too (as NOTE and CATEGORIES); by default they stay here.")
    var includeNotes = false

    func run() throws {
        let (db, book) = try connection.addressBook(in: database)
        let credentials = try connection.credentials(for: book, database: database)
        let sync = CardDAVSync(
            database: db, addressBook: book.id, credentials: credentials, timeout: connection.timeout,
            options: CardDAVSync.Options(includeNotes: includeNotes, dryRun: dryRun))
        let showsProgress = isatty(STDERR_FILENO) == 1
        let summary = try blocking {
            try await sync.run { progress in
                guard showsProgress else { return }
                let count = progress.total > 0 ? " \(progress.done)/\(progress.total)" : ""
                FileHandle.standardError.write(Data("\r\u{1B}[K\(progress.phase.rawValue)\(count)".utf8))
            }
        }
        if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        let names = try database.read { connection in
            Dictionary(
                try connection.people.get(summary.conflicts.map(\.personID)).map { ($0.id, $0.name) },
                uniquingKeysWith: { first, _ in first })
        }
        print(Self.describe(summary, names: names, url: book.url))
        if !summary.isComplete { throw ExitCode.failure }
    }

    /// The summary in words: one line for the pull, one for the push, then each conflict and failure.
    static func describe(_ summary: SyncSummary, names: [Person.ID: String], url: String) -> String {
        let would = summary.isDryRun ? "would be " : ""
        var lines = [
            (summary.isDryRun ? "Dry run, nothing changed. " : "") + "\(url)"
                + (summary.fullListing ? " (full listing)" : ""),
            "From the server: \(summary.added) \(would)added, \(summary.linked) \(would)linked to people already here, "
                + "\(summary.updated) \(would)updated, \(summary.archived) \(would)archived.",
            "To the server: \(summary.created) new and \(summary.changedOnServer) changed \(would.isEmpty ? "sent" : "would be sent").",
        ]
        for change in summary.conflicts {
            lines.append(
                "Conflict: \(names[change.personID] ?? "person \(change.personID)"): "
                    + change.conflicts.joined(separator: ", ")
                    + " changed on both sides; the server's kept, Kith's in a note.")
        }
        lines += summary.rejected.map { "Not read: \($0)" }
        lines += summary.failed.map { "Not synced: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// `kith sync setup`: where the address book is, and who logs in.
struct SyncSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Find your address book on a CardDAV server and remember it (and the password, owner-only).",
        discussion: """
            URL may be the server (https://dav.example.org/; its /.well-known/carddav is tried), your principal, or \
            the address book itself. With several address books, choose one with --address-book. Setting up another \
            address book forgets the previous one (its people stay).
            """)
    @OptionGroup var database: DatabaseOptions
    @Option(name: .long, help: ArgumentHelp("The CardDAV server, or the address book's URL.", valueName: "url"))
    var url: String
    @Option(name: .long, help: ArgumentHelp("Your user name on the server.", valueName: "name"))
    var user: String
    @Option(name: .long, help: ArgumentHelp("Read the password from this file's first line.", valueName: "file"))
    var passwordFile: String?
    @Option(
        name: .long,
        help: ArgumentHelp("The address book to use: its name, or the last part of its URL.", valueName: "name"))
    var addressBook: String?
    @Option(name: .long, help: ArgumentHelp("Give up on a request after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased()), parsed.host != nil
        else { throw ValidationError("--url must be an http or https URL, such as https://dav.example.org/") }
        if parsed.user != nil || parsed.password != nil {
            throw ValidationError("--url must not hold a user or password; give --user, and the password at the prompt")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() throws {
        let password = try SyncConnectionOptions.password(file: passwordFile, user: user)
        let credentials = CardDAVCredentials(username: user, password: password)
        let (serverURL, timeout) = (URL(string: url)!, timeout)
        let found = try blocking {
            try await CardDAVDiscovery.addressBooks(at: serverURL, credentials: credentials, timeout: timeout)
        }
        let chosen: DiscoveredAddressBook
        if let wanted = addressBook {
            let matching = found.filter {
                $0.name?.caseInsensitiveCompare(wanted) == .orderedSame || $0.url.lastPathComponent == wanted
            }
            guard let only = matching.first, matching.count == 1 else {
                throw CommandError("no single address book named \(wanted); found: \(Self.list(found))")
            }
            chosen = only
        } else {
            guard let only = found.first, found.count == 1 else {
                throw CommandError(
                    "\(found.count) address books found: \(Self.list(found)); choose with --address-book")
            }
            chosen = only
        }
        let book = try database.write { connection in
            for old in try connection.addressBooks.all() where old.url != chosen.url.absoluteString {
                try connection.addressBooks.remove(old.id)
            }
            return try connection.addressBooks.add(url: chosen.url.absoluteString, username: user)
        }
        try SyncConnectionOptions.store(password: password, for: database)
        print("Set up \(chosen.name.map { "\"\($0)\" " } ?? "")\(book.url) for \(user). Run `kith sync` to sync.")
    }

    private static func list(_ books: [DiscoveredAddressBook]) -> String {
        books.isEmpty
            ? "none"
            : books.map { "\($0.name ?? $0.url.lastPathComponent) (\($0.url.absoluteString))" }
                .joined(separator: ", ")
    }
}

/// `kith sync status`: what is set up, when it last synced, and what waits to be sent.
struct SyncStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the address book, the last sync, and what waits to be sent.")
    @OptionGroup var database: DatabaseOptions

    func run() throws {
        struct Status: Error { let book: AddressBook, cards: Int, waiting: Int }
        // What waits to be sent is worked out as a sync would, then rolled back.
        do {
            try database.write { connection in
                guard let book = try connection.addressBooks.all().first else {
                    throw CommandError("no address book set up; run `kith sync setup --url URL --user NAME`")
                }
                let cards = try connection.addressBooks.cards(of: book.id).count { $0.etag != nil }
                let waiting = try connection.addressBooks.outgoingCards(of: book.id, includeNotes: false).count
                throw Status(book: book, cards: cards, waiting: waiting)
            }
        } catch let status as Status {
            let synced = status.book.syncedAt.map { $0.formatted(.iso8601) } ?? "never"
            print("\(status.book.url) as \(status.book.username)")
            print("Last sync: \(synced); \(counted(status.cards, "card")) on the server known here.")
            print("Waiting to be sent: \(counted(status.waiting, "card")).")
        }
    }
}

/// What every sync needs to reach the server: the address book set up, the password, a timeout.
struct SyncConnectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Give up on a request after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    func validate() throws {
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    /// The database, opened for writing, and its address book.
    func addressBook(in database: DatabaseOptions) throws -> (Database, AddressBook) {
        // Read first, so that a database that is not there is not created.
        guard let book = try database.read({ try $0.addressBooks.all().first }) else {
            throw CommandError("no address book set up; run `kith sync setup --url URL --user NAME`")
        }
        return (try database.opened(.readWrite), book)
    }

    /// `$KITH_CARDDAV_PASSWORD`, else the stored password.
    func credentials(for book: AddressBook, database: DatabaseOptions) throws -> CardDAVCredentials {
        if let password = ProcessInfo.processInfo.environment["KITH_CARDDAV_PASSWORD"], !password.isEmpty {
            return CardDAVCredentials(username: book.username, password: password)
        }
        let file = Self.passwordPath(for: database)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandError("no stored password (\(file)); run `kith sync setup` again or set KITH_CARDDAV_PASSWORD")
        }
        return CardDAVCredentials(username: book.username, password: String(decoding: data, as: UTF8.self))
    }

    static func passwordPath(for database: DatabaseOptions) -> String { database.path + "-carddav-password" }

    /// The password from `file`'s first line, else `$KITH_CARDDAV_PASSWORD`, else a prompt
    /// on the terminal (never echoed).
    static func password(file: String?, user: String) throws -> String {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandError("\(file): cannot read the password file")
            }
            let line =
                String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) } ?? ""
            guard !line.isEmpty else { throw CommandError("\(file): line 1: the password is empty") }
            return line
        }
        if let password = ProcessInfo.processInfo.environment["KITH_CARDDAV_PASSWORD"], !password.isEmpty {
            return password
        }
        guard isatty(STDIN_FILENO) == 1, let typed = getpass("CardDAV password for \(user): ") else {
            throw CommandError("no password: give --password-file FILE or set KITH_CARDDAV_PASSWORD")
        }
        let password = String(cString: typed)
        guard !password.isEmpty else { throw CommandError("the password is empty") }
        return password
    }

    /// Writes the password beside the database, readable and writable by the owner only.
    static func store(password: String, for database: DatabaseOptions) throws {
        let file = passwordPath(for: database)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0, fchmod(descriptor, 0o600) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw CommandError("\(file): cannot write the password file")
        }
        defer { close(descriptor) }
        let bytes = Array(password.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw CommandError("\(file): cannot write the password file")
        }
    }
}

/// Runs async work from a synchronous command, waiting for it on this thread.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<T, any Error>!
    Task {
        do { result = .success(try await body()) } catch { result = .failure(error) }
        done.signal()
    }
    done.wait()
    do {
        return try result.get()
    } catch let error as SyncError {
        throw CommandError(error.description)
    } catch let error as InterchangeError {
        throw CommandError(error.description)
    }
}
