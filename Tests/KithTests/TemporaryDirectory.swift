import Foundation

@testable import Kith

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appending(path: "kith-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The path of a file in this folder.
    func path(_ name: String = "kith.sqlite") -> String { url.appending(path: name).path }

    /// A migrated Kith database in a file of this folder.
    func kith(_ name: String = "kith.sqlite") throws -> Database {
        try Database.openKith(at: .file(path(name)))
    }
}

extension Day {
    /// A day from a literal known to be valid, for tests.
    static func on(_ text: String) -> Day { try! Day(text) }
}
