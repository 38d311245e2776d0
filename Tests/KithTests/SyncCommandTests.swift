import Foundation
import Testing

@testable import Kith

/// `kith sync` as a user runs it, against a Radicale the test starts.
@Suite("kith sync", .serialized)
struct SyncCommandTests {
    let server: RadicaleServer
    let folder: TemporaryDirectory
    let kith: KithTool

    init() throws {
        server = try RadicaleServer()
        try server.makeAddressBook("Contacts")
        folder = try TemporaryDirectory()
        kith = KithTool(database: folder.path())
    }

    /// `kith sync setup` with the password in a file.
    private func setUp() throws -> KithTool.Output {
        let passwordFile = folder.path("password")
        try (RadicaleServer.password + "\n").write(toFile: passwordFile, atomically: true, encoding: .utf8)
        return try kith.run([
            "sync", "setup", "--url", server.url.absoluteString, "--user", RadicaleServer.user, "--password-file",
            passwordFile,
        ])
    }

    @Test func setupFindsTheAddressBookAndASyncPullsAndPushesWithASummary() throws {
        try server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", email: "ann@example.org"))
        try kith.ok("person", "add", "Bo Chen", "--email", "bo@example.org")
        let setup = try setUp()
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(setup.stdout.contains("\"Contacts\" \(server.addressBook.absoluteString)"))
        let passwordFile = folder.path() + "-carddav-password"
        let mode = try FileManager.default.attributesOfItem(atPath: passwordFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try String(contentsOfFile: passwordFile, encoding: .utf8) == RadicaleServer.password)
        let status = try kith.ok("sync", "status")
        #expect(status.contains("Last sync: never"))
        #expect(status.contains("Waiting to be sent: 1 card"))
        // Cards are personal data: nothing of them is cached outside the database.
        let home = folder.path("home")
        let synced = try kith.run(["sync"], environment: ["HOME": home, "XDG_CACHE_HOME": home + "/.cache"])
        #expect(synced.status == 0, "\(synced.stderr)")
        // (Foundation makes empty cache and cookie folders; nothing may be written in them.)
        let files = FileManager.default.enumerator(atPath: home)?.compactMap { $0 as? String }.filter { file in
            (try? FileManager.default.attributesOfItem(atPath: home + "/" + file)[.type] as? FileAttributeType)
                == .typeRegular
        }
        #expect(files == [])
        let sync = synced.stdout
        #expect(sync.contains("From the server: 1 added"))
        #expect(sync.contains("To the server: 1 new and 0 changed sent."))
        #expect(Set(try server.cards().values.map { $0.contains("FN:Bo Chen") }) == [true, false])
        #expect(try kith.ok("person", "list").contains("Ann Lee"))
        let again = try kith.ok("sync", "run")
        #expect(again.contains("From the server: 0 added, 0 linked to people already here, 0 updated, 0 archived."))
        #expect(again.contains("To the server: 0 new and 0 changed sent."))
        #expect(try kith.ok("sync", "status").contains("Waiting to be sent: 0 cards"))
        for output in [setup.stdout, setup.stderr, sync, again] {
            #expect(!output.contains(RadicaleServer.password))
        }
    }

    @Test func setupAsksForThePasswordOnTheTerminalWithoutShowingIt() throws {
        let prompt = "CardDAV password for \(RadicaleServer.user): "
        let result = try runProcess(
            onPath("python3"),
            [
                helper("answer_prompt.py"), prompt, RadicaleServer.password, onPath("env"), "-u",
                "KITH_CARDDAV_PASSWORD", KithTool.executable.path, "sync",
                "setup", "--url", server.url.absoluteString, "--user", RadicaleServer.user, "--db", folder.path(),
            ], input: "")
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix(prompt))
        #expect(result.stdout.contains("Set up \"Contacts\""))
        #expect(!result.stdout.contains(RadicaleServer.password))
        let stored = try String(contentsOfFile: folder.path() + "-carddav-password", encoding: .utf8)
        #expect(stored == RadicaleServer.password)
    }

    @Test func aConflictIsReportedAndADryRunChangesNothing() throws {
        try server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee"))
        #expect(try setUp().status == 0)
        try kith.ok("sync")
        try kith.ok("person", "edit", "Ann Lee", "--title", "Kith title")
        try server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee", extra: ["TITLE:Phone title"]))
        try server.phone("put", "cy.vcf", input: phoneCard(uid: "c", name: "Cy Diaz"))
        let dry = try kith.ok("sync", "--dry-run")
        #expect(dry.hasPrefix("Dry run, nothing changed."))
        #expect(dry.contains("1 would be added"))
        #expect(dry.contains("Conflict: Ann Lee: title changed on both sides"))
        #expect(!(try kith.ok("person", "list").contains("Cy Diaz")))
        #expect(try kith.ok("person", "show", "Ann Lee").contains("Kith title"))
        // On a terminal, a progress line (rewritten in place) comes before the summary.
        let onTerminal = try runProcess(
            onPath("python3"),
            [
                helper("answer_prompt.py"), "no prompt", "", onPath("env"),
                "KITH_CARDDAV_PASSWORD=\(RadicaleServer.password)", KithTool.executable.path, "sync", "--db",
                folder.path(),
            ], input: "")
        #expect(onTerminal.status == 0, "\(onTerminal.stdout)")
        #expect(onTerminal.stdout.contains("\r\u{1B}[Klisting"))
        #expect(onTerminal.stdout.contains("\r\u{1B}[Kpulling 2/2"))
        let sync = onTerminal.stdout
        #expect(sync.contains("Conflict: Ann Lee: title changed on both sides; the server's kept, Kith's in a note."))
        let ann = try kith.ok("person", "show", "Ann Lee")
        #expect(ann.contains("Phone title"))
        #expect(ann.contains("Kith's was: Kith title"))
    }

    @Test func aWrongPasswordOrNoSetupOrABadURLIsOneLineAndChangesNothing() throws {
        let wrong = try kith.run(
            ["sync", "setup", "--url", server.url.absoluteString, "--user", RadicaleServer.user],
            environment: ["KITH_CARDDAV_PASSWORD": "wrong horse"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.hasPrefix("kith: PROPFIND http://127.0.0.1:"))
        #expect(wrong.stderr.contains("refused the user name or password"))
        #expect(!wrong.stderr.contains("wrong horse"))
        #expect(wrong.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.path() + "-carddav-password"))
        let noDatabase = try kith.run(["sync"])
        #expect(noDatabase.status == 1)
        #expect(noDatabase.stderr.contains("no Kith database"))
        #expect(!FileManager.default.fileExists(atPath: folder.path()))
        try kith.ok("person", "add", "Bo Chen")
        let none = try kith.run(["sync"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no address book set up"))
        let inURL = try kith.run([
            "sync", "setup", "--url", "http://ann:secret@127.0.0.1:\(server.port)/", "--user", RadicaleServer.user,
        ])
        #expect(inURL.status == 64)
        #expect(!inURL.stderr.contains("secret"))
        let noPassword = try kith.run([
            "sync", "setup", "--url", server.url.absoluteString, "--user", RadicaleServer.user,
        ])
        #expect(noPassword.status == 1)
        #expect(noPassword.stderr.contains("no password"))
    }

    @Test func theServerDownFailsWithOneLineAndTheNextSyncConverges() throws {
        try server.phone("put", "ann.vcf", input: phoneCard(uid: "a", name: "Ann Lee"))
        #expect(try setUp().status == 0)
        server.stop()
        let down = try kith.run(["sync"])
        #expect(down.status == 1)
        #expect(down.stderr.contains("could not connect to the server"))
        try server.start()
        let environment = ["KITH_CARDDAV_PASSWORD": RadicaleServer.password]
        let up = try kith.run(["sync"], environment: environment)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(up.stdout.contains("1 added"))
    }
}
