import Foundation

/// Writes people as vCard 4.0 (or 3.0): FN, N, EMAIL, TEL, URL and ADR with their labels, NICKNAME, ORG,
/// TITLE, BDAY, NOTE, CATEGORIES (their interests), UID, and every property an import kept,
/// in the version's own syntax (`VCardProperties`: no 2.1 encodings, binary data as 4.0
/// `data:` URIs or 3.0 `ENCODING=b`; what the version cannot hold left out and counted).
/// Someone Kith knows only by a whole name gets a structured N from it (the last word as
/// the family name). Lines end in CRLF and fold at 75 octets, never inside a UTF-8 character.
///
/// ```swift
/// let text = try database.read { try VCardExporter.export(from: $0) }
/// ```
public enum VCardExporter {
    /// The UID given to someone who never came from a vCard: `urn:kith:person:42`.
    public static let uidPrefix = "urn:kith:person:"

    /// What an export wrote, and what it left out.
    public struct Export: Sendable, Hashable {
        /// The cards.
        public let text: String
        /// How many kept properties each name had that the version cannot hold (PROFILE in
        /// 4.0, a second N), and so were left out.
        public let dropped: [String: Int]
    }

    /// The cards of `people` (everyone not archived when nil), in `version` 4 or 3.
    public static func export(_ people: [Person.ID]? = nil, from connection: Connection, version: Int = 4) throws
        -> String
    {
        try exportCards(people, from: connection, version: version).text
    }

    /// The cards of `people` (everyone not archived when nil), in `version` 4 or 3, with
    /// what they left out.
    ///
    /// ```swift
    /// let export = try database.read { try VCardExporter.exportCards(from: $0, version: 4) }
    /// print(export.dropped)   // ["PROFILE": 2]: two kept PROFILE lines, which 4.0 has no place for
    /// ```
    public static func exportCards(_ people: [Person.ID]? = nil, from connection: Connection, version: Int = 4) throws
        -> Export
    {
        let chosen = try people.map { try connection.people.get($0) } ?? connection.people.all()
        var text = ""
        var dropped: [String: Int] = [:]
        for person in chosen {
            let stored = try connection.fetchOne(
                (String, String).self,
                sql: "SELECT uid, properties FROM vcard_cards WHERE person_id = ?", arguments: [person.id]
            )
            let card = card(
                person, uid: stored?.0 ?? uidPrefix + person.id.description,
                kept: stored?.1 ?? "",
                notes: try connection.people.notes(about: person.id).map(\.body),
                topics: try connection.interests.interests(of: person.id).map(\.topicName), version: version)
            for name in card.dropped { dropped[name, default: 0] += 1 }
            text += card.text
        }
        return Export(text: text, dropped: dropped)
    }

    /// One person's card: their fields, `notes` and `topics` (as CATEGORIES), `uid`, and the
    /// `kept` lines (as stored: joined by line feeds) said in `version`, folded, with the
    /// names of kept lines the version cannot hold.
    static func card(
        _ person: Person, uid: String, kept: String, notes: [String], topics: [String], version: Int
    ) -> (text: String, dropped: [String]) {
        var lines = [
            "BEGIN:VCARD", version == 3 ? "VERSION:3.0" : "VERSION:4.0", "FN:" + VCard.escape(person.name),
        ]
        let (kept, dropped) = VCardProperties.lines(kept.split(separator: "\n").map(String.init), version: version)
        if !kept.contains(where: { VCardParser.property($0)?.name == "N" }) {
            lines.append("N:" + VCardProperties.structuredName(person.name))  // required in 3.0, helpful in 4.0
        }
        for email in person.emails {
            lines.append("EMAIL" + typeParameter(email.label, version: version) + ":" + VCard.escape(email.address))
        }
        for phone in person.phones {
            lines.append("TEL" + typeParameter(phone.label, version: version) + ":" + VCard.escape(phone.number))
        }
        for website in person.websites {
            lines.append("URL" + typeParameter(website.label, version: version) + ":" + website.url)
        }
        if !person.nicknames.isEmpty {
            lines.append("NICKNAME:" + person.nicknames.map(VCard.escape).joined(separator: ","))
        }
        for address in person.addresses {
            lines.append(
                "ADR" + typeParameter(address.label, version: version) + ":"
                    + address.parts.map { VCard.escape($0 ?? "") }.joined(separator: ";"))
        }
        if let organization = person.organization { lines.append("ORG:" + VCard.escape(organization)) }
        if let title = person.title { lines.append("TITLE:" + VCard.escape(title)) }
        if let birthday = person.birthday { lines.append("BDAY:" + birthday.description) }
        lines += notes.map { "NOTE:" + VCard.escape($0) }
        if !topics.isEmpty { lines.append("CATEGORIES:" + topics.map(VCard.escape).joined(separator: ",")) }
        lines.append("UID:" + uid)
        lines += kept
        lines.append("END:VCARD")
        return (lines.map(fold).joined(), dropped)
    }

    /// A label as TYPE values ("cell,voice" → `;TYPE=cell,voice`), with a preference as 4.0's
    /// `PREF=1` or 3.0's `TYPE=pref`.
    private static func typeParameter(_ label: String?, version: Int) -> String {
        guard let label, !label.isEmpty else { return "" }
        var types = label.split(separator: ",").map { $0.withoutSurroundingWhitespace }.filter { !$0.isEmpty }
        let preferred = types.contains { $0.lowercased() == "pref" }
        if version == 4 { types.removeAll { $0.lowercased() == "pref" } }
        let written = types.isEmpty ? "" : ";TYPE=" + types.map(VCardProperties.parameterValue).joined(separator: ",")
        return written + (version == 4 && preferred ? ";PREF=1" : "")
    }

    /// A line folded at 75 octets (continuations start with a space), ending in CRLF.
    static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        var limit = 75
        for character in line {
            let octets = String(character).utf8.count
            if count + octets > limit {
                result += "\r\n "
                count = 0
                limit = 74  // the leading space counts
            }
            result.append(character)
            count += octets
        }
        return result + "\r\n"
    }
}
