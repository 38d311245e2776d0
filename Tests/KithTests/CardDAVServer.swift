import Foundation
import Testing

/// A Radicale server of a test's own: on 127.0.0.1 and a free port, with a temporary
/// storage folder and one htpasswd user, stopped when the value goes away. `radicale` must
/// be on the PATH (README, "Try it": `pip install radicale`).
final class RadicaleServer {
    static let (user, password) = ("ann", "correct horse battery")
    let folder: TemporaryDirectory
    let port: Int
    private var process: Process?

    /// The server's root: `http://127.0.0.1:PORT/`.
    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }
    /// The address book the tests use (``makeAddressBook(_:)`` creates it).
    var addressBook: URL { URL(string: "http://127.0.0.1:\(port)/\(Self.user)/contacts/")! }

    init() throws {
        folder = try TemporaryDirectory()
        port = try freePort()
        try "\(Self.user):\(Self.password)\n".write(toFile: folder.path("users"), atomically: true, encoding: .utf8)
        try """
        [server]
        hosts = 127.0.0.1:\(port)
        [auth]
        type = htpasswd
        htpasswd_filename = \(folder.path("users"))
        htpasswd_encryption = plain
        [storage]
        filesystem_folder = \(folder.path("storage"))
        [logging]
        level = error
        """.write(toFile: folder.path("config"), atomically: true, encoding: .utf8)
        try start()
    }

    deinit { stop() }

    /// Starts the server (again, on the same port and storage) and waits until it answers.
    func start() throws {
        // The `radicale` command, else the module of the python3 on the PATH.
        let (radicale, python) = (onPath("radicale"), onPath("python3"))
        guard radicale.contains("/") || python.contains("/") else { throw MissingProgram(program: "radicale") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: radicale.contains("/") ? radicale : python)
        process.arguments = (radicale.contains("/") ? [] : ["-m", "radicale"]) + ["--config", folder.path("config")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        self.process = process
        try waitUntilListening(port)
    }

    /// Stops the server, as a crash or an outage would.
    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL: a child of a test inherits its thread's blocked signals, SIGTERM among them.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// Creates the address book at ``addressBook``, as a phone's first sync would.
    func makeAddressBook(_ name: String = "Contacts") throws {
        try phone("mkbook", name)
    }

    /// Runs the phone helper (`Tests/Helpers/carddav_phone.py`), a second client of ``addressBook``.
    @discardableResult
    func phone(_ arguments: String..., input: String = "") throws -> String {
        let result = try runProcess(
            onPath("python3"),
            [helper("carddav_phone.py"), addressBook.absoluteString, Self.user, Self.password] + arguments,
            input: input)
        try #require(result.status == 0, "phone \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    /// Every card on the server, by file name, as the phone reads them.
    func cards() throws -> [String: String] {
        try #require(try JSONSerialization.jsonObject(with: Data(phone("list").utf8)) as? [String: String])
    }
}

/// `Tests/Helpers/fault_proxy.py` in front of a server: the faults of ``rules`` injected
/// into what passes, and every request logged.
final class FaultProxy {
    let folder: TemporaryDirectory
    let port: Int
    private let process: Process

    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }

    init(to upstream: URL) throws {
        folder = try TemporaryDirectory()
        let python = onPath("python3")
        guard python.contains("/") else { throw MissingProgram(program: "python3") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            helper("fault_proxy.py"), folder.path("port"), upstream.absoluteString, folder.path("rules.json"),
            folder.path("log"),
        ]
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        var port: Int?
        while port == nil, Date() < deadline {
            port = (try? String(contentsOfFile: folder.path("port"), encoding: .utf8)).flatMap { Int($0) }
            if port == nil { usleep(20_000) }
        }
        self.port = try #require(port, "the fault proxy did not start")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)  // as for Radicale: SIGTERM may be blocked
        process.waitUntilExit()
    }

    /// The faults to inject from now on (fault_proxy.py lists them); `[:]` for none.
    func inject(_ rules: [String: Any]) throws {
        try JSONSerialization.data(withJSONObject: rules).write(to: folder.url.appending(path: "rules.json"))
    }

    /// The requests that passed, each "METHOD PATH STATUS".
    func log() -> [String] {
        ((try? String(contentsOfFile: folder.path("log"), encoding: .utf8)) ?? "").split(separator: "\n")
            .map(String.init)
    }
}

/// A helper script of `Tests/Helpers`.
func helper(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Helpers/\(name)").path
}

/// A TCP port nobody listens on now, on 127.0.0.1.
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(socket >= 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(socket, pointer, length) == 0 && getsockname(socket, pointer, &length) == 0
        }
    }
    try #require(bound)
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Waits until something accepts connections on `port` of 127.0.0.1 (30 s at most).
func waitUntilListening(_ port: Int) throws {
    let deadline = Date().addingTimeInterval(30)
    while Date() < deadline {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        close(socket)
        if connected { return }
        usleep(50_000)
    }
    Issue.record("nothing listens on port \(port) after 30 s")
}
