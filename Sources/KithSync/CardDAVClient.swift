import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The name and password a CardDAV server knows the user by, sent with HTTP Basic
/// authentication (use https for any server that is not on this machine).
public struct CardDAVCredentials: Sendable {
    public let username: String
    public let password: String

    /// Credentials to send with every request.
    public init(username: String, password: String) {
        (self.username, self.password) = (username, password)
    }
}

/// The HTTP requests CardDAV needs, through Foundation's URLSession: PROPFIND, REPORT, GET
/// and PUT with Basic authentication, redirects followed by hand (so that a PROPFIND stays
/// a PROPFIND), every failure a ``SyncError``.
struct CardDAVClient: Sendable {
    let credentials: CardDAVCredentials
    let session: URLSession

    /// A client whose requests give up after `timeout` seconds.
    init(credentials: CardDAVCredentials, timeout: TimeInterval) {
        self.credentials = credentials
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        // Cards and credentials are personal data: no cache, cookie or credential store.
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.urlCredentialStorage = nil
        configuration.httpMaximumConnectionsPerHost = 4
        session = URLSession(configuration: configuration, delegate: SessionDelegate(), delegateQueue: nil)
    }

    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: Data
        let url: URL

        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// Sends a request, following up to 5 redirects with the same method and body.
    func send(
        _ method: String, _ url: URL, operation: String, headers: [String: String] = [:], body: Data? = nil
    ) async throws -> Answer {
        var url = url
        for _ in 0..<6 {
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.httpBody = body
            let login = Data("\(credentials.username):\(credentials.password)".utf8).base64EncodedString()
            request.setValue("Basic " + login, forHTTPHeaderField: "Authorization")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let data: Data
            let response: URLResponse
            do {
                (data, response) = try await session.data(for: request)
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as URLError where error.code == .cancelled {
                // Cancelled, yet not by the caller: the server asked again for credentials, which
                // ``SessionDelegate`` refuses, as the ones sent were refused.
                if Task.isCancelled { throw CancellationError() }
                throw SyncError(
                    .unauthorized, operation: operation, url: url.absoluteString,
                    reason: "the server refused the user name or password (401)")
            } catch {
                throw SyncError(.unreachable, operation: operation, url: url.absoluteString, reason: Self.words(error))
            }
            guard let http = response as? HTTPURLResponse else {
                throw SyncError(
                    .protocolViolation, operation: operation, url: url.absoluteString, reason: "not an HTTP answer")
            }
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name] = value }
            }
            let answer = Answer(status: http.statusCode, headers: headers, body: data, url: url)
            if [301, 302, 303, 307, 308].contains(http.statusCode), let location = answer.header("Location"),
                let next = URL(string: location, relativeTo: url)?.absoluteURL
            {
                url = next
                continue
            }
            if http.statusCode == 401 {
                throw SyncError(
                    .unauthorized, operation: operation, url: url.absoluteString,
                    reason: "the server refused the user name or password (401)")
            }
            return answer
        }
        throw SyncError(.protocolViolation, operation: operation, url: url.absoluteString, reason: "too many redirects")
    }

    /// A PROPFIND for these properties (XML elements, written with the `d:` and `c:` prefixes).
    func propfind(_ url: URL, depth: Int, properties: String) async throws -> [DAVResponse] {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:prop>\(properties)</d:prop></d:propfind>
            """
        let answer = try await send(
            "PROPFIND", url, operation: "PROPFIND",
            headers: ["Depth": String(depth), "Content-Type": "application/xml; charset=utf-8"], body: Data(body.utf8))
        return try multistatus(answer, operation: "PROPFIND").responses
    }

    /// A REPORT, answered with a Multi-Status.
    func report(_ url: URL, operation: String, depth: Int?, body: String) async throws -> Answer {
        var headers = ["Content-Type": "application/xml; charset=utf-8"]
        if let depth { headers["Depth"] = String(depth) }
        return try await send("REPORT", url, operation: operation, headers: headers, body: Data(body.utf8))
    }

    /// The responses of a 207 answer, or a ``SyncError`` that says what came instead.
    func multistatus(_ answer: Answer, operation: String) throws -> (responses: [DAVResponse], syncToken: String?) {
        guard answer.status == 207 else { throw unexpected(answer, operation: operation) }
        guard let parsed = DAVResponse.multistatus(answer.body) else {
            throw SyncError(
                .protocolViolation, operation: operation, url: answer.url.absoluteString,
                reason: "the answer is not a WebDAV Multi-Status document")
        }
        return parsed
    }

    /// The error for an answer with a status Kith did not expect.
    func unexpected(_ answer: Answer, operation: String) -> SyncError {
        SyncError(
            .status(answer.status), operation: operation, url: answer.url.absoluteString,
            reason:
                "the server answered \(answer.status) \(HTTPURLResponse.localizedString(forStatusCode: answer.status))")
    }

    private static func words(_ error: any Error) -> String {
        guard let error = error as? URLError else { return "the request failed" }
        return switch error.code {
        case .timedOut: "the server did not answer in time"
        case .cannotConnectToHost: "could not connect to the server"
        case .cannotFindHost, .dnsLookupFailed: "no such host"
        case .networkConnectionLost: "the connection was lost"
        case .notConnectedToInternet: "no network"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            "the secure connection failed (certificate or TLS)"
        default: "the request failed (URL error \(error.code.rawValue))"
        }
    }
}

/// Leaves redirects to ``CardDAVClient/send(_:_:operation:headers:body:)``, which repeats
/// the method and body (URLSession would turn some into a GET), and refuses to answer a
/// 401's challenge: the Authorization header already held the credentials (on Linux, the
/// default handling waits for ever).
private final class SessionDelegate: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
