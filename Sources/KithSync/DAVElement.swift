import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A WebDAV XML document read into a small tree: each element's namespace, local name,
/// children and text.
struct DAVElement: Sendable {
    let namespace: String
    let name: String
    var children: [DAVElement] = []
    var text = ""

    /// The first child with this name (in the DAV: namespace unless given).
    func child(_ name: String, _ namespace: String = DAVNamespace.dav) -> DAVElement? {
        children.first { $0.name == name && $0.namespace == namespace }
    }

    /// Every child with this name (in the DAV: namespace unless given).
    func all(_ name: String, _ namespace: String = DAVNamespace.dav) -> [DAVElement] {
        children.filter { $0.name == name && $0.namespace == namespace }
    }

    /// Whether this element or any element inside it has this name.
    func contains(_ name: String, _ namespace: String = DAVNamespace.dav) -> Bool {
        (self.name == name && self.namespace == namespace) || children.contains { $0.contains(name, namespace) }
    }

    /// The text, without the white space around it.
    var trimmedText: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Reads a document; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> DAVElement? {
        let reader = TreeReader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse(), let root = reader.root else { return nil }
        return root
    }

    private final class TreeReader: NSObject, XMLParserDelegate {
        var stack: [DAVElement] = []
        var root: DAVElement?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            stack.append(DAVElement(namespace: namespaceURI ?? "", name: elementName))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if !stack.isEmpty { stack[stack.count - 1].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self) }
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?
        ) {
            let element = stack.removeLast()
            if stack.isEmpty { root = element } else { stack[stack.count - 1].children.append(element) }
        }
    }
}

/// The XML namespaces of WebDAV and CardDAV.
enum DAVNamespace {
    static let dav = "DAV:"
    static let cardDAV = "urn:ietf:params:xml:ns:carddav"
}

/// One `response` of a 207 Multi-Status: an href, its status, and the properties found.
struct DAVResponse: Sendable {
    let href: String
    /// The response's own status (a member removed since a sync token: 404), else nil.
    let status: Int?
    /// The properties that came with a 200 status.
    let properties: [DAVElement]

    func property(_ name: String, _ namespace: String = DAVNamespace.dav) -> DAVElement? {
        properties.first { $0.name == name && $0.namespace == namespace }
    }

    /// The responses of a Multi-Status document, and its sync token (RFC 6578), if any.
    static func multistatus(_ data: Data) -> (responses: [DAVResponse], syncToken: String?)? {
        guard let root = DAVElement.parse(data), root.name == "multistatus", root.namespace == DAVNamespace.dav
        else { return nil }
        let responses = root.all("response").compactMap { response -> DAVResponse? in
            guard let href = response.child("href")?.trimmedText, !href.isEmpty else { return nil }
            let found = response.all("propstat").filter { statusCode($0.child("status")?.text) == 200 }
                .flatMap { $0.child("prop")?.children ?? [] }
            return DAVResponse(
                href: href, status: response.child("status").flatMap { statusCode($0.text) }, properties: found)
        }
        return (responses, root.child("sync-token")?.trimmedText)
    }

    /// 200 from `HTTP/1.1 200 OK`.
    static func statusCode(_ line: String?) -> Int? {
        guard let line else { return nil }
        let parts = line.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        return parts.count >= 2 ? Int(parts[1]) : nil
    }
}

extension String {
    /// The text with XML's five special characters escaped, to put in a request body.
    var xmlEscaped: String {
        var result = ""
        for character in self {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
