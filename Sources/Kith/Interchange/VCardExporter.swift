import Foundation

/// Writes people as vCard 4.0 (or 3.0): FN, N, EMAIL and TEL with their labels, ORG,
/// TITLE, BDAY, NOTE, CATEGORIES (their interests), UID, and every property an import kept
/// verbatim. Lines end in CRLF and fold at 75 octets, never inside a UTF-8 character.
/// Importing the export again changes nothing.
///
/// ```swift
/// let text = try database.read { try VCardExporter.export(from: $0) }
/// ```
public enum VCardExporter {
    /// The UID given to someone who never came from a vCard: `urn:kith:person:42`.
    public static let uidPrefix = "urn:kith:person:"

    /// The cards of `people` (everyone not archived when nil), in `version` 4 or 3.
    public static func export(_ people: [Person.ID]? = nil, from connection: Connection, version: Int = 4) throws -> String {
        let chosen = try people.map { try connection.people.get($0) } ?? connection.people.all()
        var text = ""
        for person in chosen {
            let stored = try connection.fetchOne(
                sql: "SELECT uid, properties FROM vcard_cards WHERE person_id = ?", arguments: [person.id]
            ) { (try $0[0] as String, try $0[1] as String) }
            var lines = ["BEGIN:VCARD", version == 3 ? "VERSION:3.0" : "VERSION:4.0", "FN:" + VCard.escape(person.name)]
            let kept = stored.map { $0.1.split(separator: "\n").map(String.init) } ?? []
            if version == 3, !kept.contains(where: { $0.uppercased().hasPrefix("N:") || $0.uppercased().hasPrefix("N;") }) {
                lines.append("N:" + VCard.escape(person.name) + ";;;;")  // required in 3.0
            }
            for email in person.emails { lines.append("EMAIL" + typeParameter(email.label) + ":" + VCard.escape(email.address)) }
            for phone in person.phones { lines.append("TEL" + typeParameter(phone.label) + ":" + VCard.escape(phone.number)) }
            if let organization = person.organization { lines.append("ORG:" + VCard.escape(organization)) }
            if let title = person.title { lines.append("TITLE:" + VCard.escape(title)) }
            if let birthday = person.birthday { lines.append("BDAY:" + birthday.description) }
            for note in try connection.people.notes(about: person.id) { lines.append("NOTE:" + VCard.escape(note.body)) }
            let topics = try connection.interests.interests(of: person.id).map(\.topicName)
            if !topics.isEmpty { lines.append("CATEGORIES:" + topics.map(VCard.escape).joined(separator: ",")) }
            lines.append("UID:" + (stored?.0 ?? uidPrefix + person.id.description))
            lines += kept
            lines.append("END:VCARD")
            text += lines.map(fold).joined() 
        }
        return text
    }

    private static func typeParameter(_ label: String?) -> String {
        guard let label, !label.isEmpty else { return "" }
        let safe = label.replacingOccurrences(of: "\"", with: "'")
        return safe.contains(where: { ",;:".contains($0) }) ? ";TYPE=\"\(safe)\"" : ";TYPE=\(safe)"
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
