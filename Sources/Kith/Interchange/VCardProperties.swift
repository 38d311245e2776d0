import Foundation

/// Writes a property an import kept verbatim in the syntax of the version being exported:
/// values decoded (no CHARSET or QUOTED-PRINTABLE in 3.0 or 4.0), TYPE lists as separate
/// values, a preference as 4.0's `PREF=1` or 3.0's `TYPE=pref`, binary data as a 4.0
/// `data:` URI or 3.0's `ENCODING=b`. What the version cannot hold is left out and counted.
enum VCardProperties {
    /// Properties vCard 4.0 removed (RFC 6350, appendix A).
    static let removedIn4: Set<String> = ["PROFILE", "NAME", "MAILER", "LABEL", "CLASS", "SORT-STRING", "AGENT"]
    /// Properties a card holds at most once (RFC 6350 and RFC 2426 cardinality).
    static let singleValued: Set<String> = [
        "N", "KIND", "GENDER", "PRODID", "REV", "BDAY", "ANNIVERSARY", "UID", "PROFILE", "NAME",
        "SORT-STRING", "CLASS", "MAILER", "VERSION",
    ]

    /// The kept lines of one card for `version`, and the names of those left out.
    static func lines(_ kept: [String], version: Int) -> (lines: [String], dropped: [String]) {
        var lines: [String] = []
        var dropped: [String] = []
        var seen = Set<String>()
        for line in kept {
            guard let property = VCardParser.property(line) else {
                dropped.append("unreadable line")
                continue
            }
            let cannot =
                (version == 4 && removedIn4.contains(property.name))
                || (singleValued.contains(property.name) && !seen.insert(property.name).inserted)
            guard !cannot, let written = serialize(property, version: version) else {
                dropped.append(property.name)
                continue
            }
            lines.append(written)
        }
        return (lines, dropped)
    }

    /// One property in `version`'s syntax; nil for binary data that is not base64 (a
    /// damaged photo or key, which no reader could decode).
    static func serialize(_ property: VCard.Property, version: Int) -> String? {
        var parameters = property.parameters
        let encoding = (parameters.removeValue(forKey: "ENCODING") ?? []).map { $0.lowercased() }
        parameters["CHARSET"] = nil
        var types = (parameters.removeValue(forKey: "TYPE") ?? []).flatMap { $0.split(separator: ",").map(String.init) }
        let binary = encoding.contains { $0 == "b" || $0 == "base64" } || types.contains { $0.lowercased() == "base64" }
        types.removeAll { $0.lowercased() == "base64" }
        var value = property.value
        if binary {
            let data = value.filter { !$0.isWhitespace }
            guard Data(base64Encoded: data) != nil else { return nil }
            if version == 4 {
                // The image's TYPE (JPEG, PNG, GIF…) becomes the URI's media type.
                let format = types.first { !["pref", "home", "work"].contains($0.lowercased()) }
                types.removeAll { $0 == format }
                value = "data:\(mediaType(format, of: property.name));base64,\(data)"
            } else {
                parameters["ENCODING"] = ["b"]
                value = data
            }
        } else if value.unicodeScalars.contains(where: { $0.value < 0x20 }) {
            // A decoded quoted-printable line break, written as the escape the versions share;
            // other control characters (garbage in a source file) are no text, and left out.
            value = value.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                .replacingOccurrences(of: "\n", with: "\\n")
            value.unicodeScalars.removeAll { $0.value < 0x20 && $0 != "\t" }
        }
        if version == 4, types.contains(where: { $0.lowercased() == "pref" }) {
            types.removeAll { $0.lowercased() == "pref" }
            parameters["PREF"] = parameters["PREF"] ?? ["1"]
        } else if version == 3, let preference = parameters.removeValue(forKey: "PREF"), !preference.isEmpty {
            types.append("pref")
        }
        if !types.isEmpty { parameters["TYPE"] = types }
        let written = parameters.keys.sorted().map { key in
            ";" + key + "=" + parameters[key]!.map(parameterValue).joined(separator: ",")
        }.joined()
        return (property.group.map { $0 + "." } ?? "") + property.name + written + ":" + value
    }

    /// A parameter value, quoted when it holds a character that ends one.
    static func parameterValue(_ value: String) -> String {
        let clean = value.replacingOccurrences(of: "\"", with: "'")
        return clean.contains(where: { ",;:".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// `image/jpeg` for a PHOTO or LOGO of TYPE JPEG, `audio/…` for a SOUND, else the
    /// generic `application/octet-stream`.
    private static func mediaType(_ format: String?, of property: String) -> String {
        guard let format = format?.lowercased(), !format.isEmpty else { return "application/octet-stream" }
        if format.contains("/") { return format }
        let kind = property == "SOUND" ? "audio" : ["PHOTO", "LOGO"].contains(property) ? "image" : "application"
        return "\(kind)/\(format == "jpg" ? "jpeg" : format)"
    }

    /// Structured N for someone Kith knows only by a whole name: the last word as the
    /// family name, the words before it as given names ("Nadia Haddad" → `Haddad;Nadia;;;`);
    /// a one-word name is a family name alone.
    static func structuredName(_ name: String) -> String {
        let words = name.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let family = words.last else { return ";;;;" }
        return VCard.escape(family) + ";" + VCard.escape(words.dropLast().joined(separator: " ")) + ";;;"
    }
}
