import Foundation
import Testing

@testable import Kith

/// Owner-only files, no network, and errors that never repeat personal data.
@Suite("Privacy")
struct PrivacyTests {
    let folder: TemporaryDirectory

    init() throws {
        folder = try TemporaryDirectory()
    }

    private func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func theDatabaseItsWALAndSHMAndBackupsAreOwnerOnly() throws {
        let old = umask(0o022)  // the usual umask, which would leave new files readable by all
        defer { umask(old) }
        let path = folder.path()
        let database = try folder.kith()
        try database.write { _ = try $0.people.add(NewPerson(name: "Ann Lee", notes: ["Private"])) }
        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        let copy = folder.path("copy.sqlite")
        try database.backup(to: copy)
        #expect(try mode(copy) == 0o600)
        // The tool: its default folder is 0700, its file and everything it writes 0600.
        let data = folder.path("xdg")
        let kith = try KithTool.run(["person", "add", "Bo"], environment: ["XDG_DATA_HOME": data])
        #expect(kith.status == 0)
        #expect(try mode(data + "/kith") == 0o700)
        #expect(try mode(data + "/kith/kith.sqlite") == 0o600)
        for (arguments, output) in [
            (["export", "json", "--output"], "out.json"), (["export", "vcard", "--output"], "out.vcf"),
            (["backup"], "b.sqlite"),
        ] {
            let file = folder.path(output)
            #expect(try KithTool.run(arguments + [file, "--db", path]).status == 0)
            #expect(try mode(file) == 0o600, "\(output)")
        }
    }

    @Test func kithMakesNoNetworkCall() throws {
        let strace = onPath("strace")
        try #require(FileManager.default.isExecutableFile(atPath: strace), "strace is needed (.ci/run installs it)")
        // The trace would show a socket: checked on a program that opens one.
        let control = folder.path("control.trace")
        _ = try runProcess(
            strace,
            ["-f", "-e", "trace=network", "-o", control, onPath("python3"), "-c", "import socket; socket.socket()"],
            input: "")
        #expect(try String(contentsOfFile: control, encoding: .utf8).contains("socket(AF_INET"))

        let path = folder.path()
        let cards = VCardTests.fixture("ezvcard-John_Doe_MAC_ADDRESS_BOOK.vcf").path
        for arguments in [
            ["tour"], ["import", "vcard", cards], ["recommend", "--title", "Chess openings", "--topic", "chess"],
            ["week"], ["export", "json"], ["doctor"],
        ] {
            let trace = folder.path("kith.trace")
            let result = try runProcess(
                strace,
                ["-f", "-e", "trace=network", "-o", trace, KithTool.executable.path] + arguments + ["--db", path],
                input: "")
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            // Local sockets (glibc asking nscd for a user's home folder) are not the network.
            let calls = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
                .filter { $0.contains("AF_INET") || $0.contains("AF_PACKET") }
            #expect(calls.isEmpty, "\(arguments): \(calls)")
        }
    }

    @Test func errorsNeverRepeatWhatWasStored() throws {
        let secret = "Zqx-private-4471"
        let database = try folder.kith()
        let ann = try database.write {
            try $0.people.add(NewPerson(name: "\(secret) Ann", emails: [EmailAddress("\(secret)@example.org")])).id
        }
        var errors: [any Error] = []
        func refused(_ change: (Connection) throws -> Void) {
            do { try database.write { try change($0) } } catch { errors.append(error) }
        }
        refused {
            try $0.execute(
                sql: "INSERT INTO emails(person_id, address) VALUES (?, ?)", arguments: [ann, "\(secret)@example.org"])
        }
        refused {
            try $0.execute(sql: "INSERT INTO people(name, birthday) VALUES (?, ?)", arguments: [secret, "1990-02-30"])
        }
        refused {
            try $0.execute(sql: "INSERT INTO emails(person_id, address) VALUES (?, ?)", arguments: [99, secret])
        }
        refused {
            _ = try $0.resources.add(title: secret, url: "https://\(secret).example")
            _ = try $0.resources.add(title: secret, url: "https://\(secret).example")
        }
        refused { _ = try $0.interests.add(NewInterest(topic: secret, weight: 9), to: ann) }
        refused { _ = try VCardImporter.import(Data("BEGIN:VCARD\r\nFN:\(secret)\r\n".utf8), into: $0) }
        refused {
            _ = try ContactsCSVImporter.import(Data("First Name,E-mail 1 - Value\n\"\(secret),x\n".utf8), into: $0)
        }
        refused {
            try JSONBackup.restore(
                Data(
                    #"{"format": "kith-backup", "version": 1, "tables": {"people": [{"id": 1, "name": "\#(secret)", "met_on": "\#(secret)"}]}}"#
                        .utf8), into: $0)
        }
        #expect(errors.count == 8)
        for error in errors {
            #expect(!"\(error)".contains(secret) && !String(reflecting: error).contains(secret), "\(error)")
        }
        // The tool's one-line errors too.
        let kith = KithTool(database: folder.path())
        let duplicate = try kith.run(["resource", "add", "Again", "--url", "https://\(secret).example"])
        #expect(duplicate.status == 0 || !duplicate.stderr.contains(secret))
        let again = try kith.run(["resource", "add", "Again", "--url", "https://\(secret).example"])
        #expect(again.status != 0 && !again.stderr.contains(secret), "\(again.stderr)")
    }
}
