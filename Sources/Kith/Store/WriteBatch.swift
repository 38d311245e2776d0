import Foundation

/// What a write of many people holds back until its end, and remembers along the way: the
/// bulk path of the importers, which pass one batch to every ``PersonRepository/add(_:in:)``
/// and write it before their transaction ends.
///
/// - **Notes and how-we-met texts**, written in one statement each. Both are in full-text
///   indexes kept by triggers. Once such an index has been written in a transaction, SQLite's
///   FTS5 flushes its pending terms to disk at every later statement that opens a statement
///   journal (any insert with a trigger does): written row by row, each note cost a flush
///   (about 30 µs, and growing with the index). In one statement it is about 2 µs a row.
/// - **Topic ids by name**, so that an interest in a topic seen before costs no lookup.
final class WriteBatch {
    private var notes: [(person: Person.ID, body: String)] = []
    private var notesByPerson: [Person.ID: Set<String>] = [:]
    private var howWeMet: [(person: Person.ID, text: String)] = []
    private var topicIDs: [String: Topic.ID] = [:]
    private var timestamp: (text: String, date: Date)?
    /// The day the notes are written on.
    let day: Day

    init(day: Day = .today()) {
        self.day = day
    }

    /// When the people of this batch are created, as stored and as a date: SQLite's clock, read
    /// once (each row's own default would cost two `strftime` calls and a read-back).
    func now(in connection: Connection) throws -> (text: String, date: Date) {
        if let timestamp { return timestamp }
        let text: String = try connection.fetchValue(sql: "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')") ?? ""
        guard let date = Date.parseUTC(text) else {
            throw DatabaseError(code: .error, message: "SQLite's clock gave no timestamp ('\(text)')")
        }
        timestamp = (text, date)
        return (text, date)
    }

    /// The id of the topic with this name or alias, created if there is none; a name asked
    /// for before is answered from memory (the batch lives inside one transaction).
    func topicID(creating name: String, in connection: Connection) throws -> Topic.ID {
        if let id = topicIDs[name] { return id }
        let id = try connection.interests.topicID(creating: name)
        topicIDs[name] = id
        return id
    }

    /// Holds back a note about a person; throws when it is empty.
    func addNote(_ body: String, about person: Person.ID) throws {
        let body = try requiredText(body, field: "note")
        notes.append((person, body))
        notesByPerson[person, default: []].insert(body)
    }

    /// Whether this batch already holds this note (trimmed) about the person.
    func holdsNote(_ body: String, about person: Person.ID) -> Bool {
        notesByPerson[person]?.contains(body.withoutSurroundingWhitespace) ?? false
    }

    /// Holds back how I met a person who has none yet; the text is already checked and trimmed.
    func setHowWeMet(_ text: String, of person: Person.ID) {
        howWeMet.append((person, text))
    }

    /// Writes what it holds, in one statement each, and empties it.
    func write(to connection: Connection) throws {
        if !notes.isEmpty {
            try connection.execute(
                sql: """
                    INSERT INTO notes(person_id, body, written_on)
                    SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ?2 FROM json_each(?1) ORDER BY key
                    """,
                arguments: [Self.json(notes.map { ($0.person, $0.body) }), day])
        }
        if !howWeMet.isEmpty {
            try connection.execute(
                sql: """
                    UPDATE people SET how_we_met = json_extract(value, '$[1]')
                    FROM json_each(?) WHERE people.id = json_extract(value, '$[0]')
                    """,
                arguments: [Self.json(howWeMet.map { ($0.person, $0.text) })])
        }
        notes.removeAll()
        notesByPerson.removeAll()
        howWeMet.removeAll()
    }

    /// `[[id, "text"], …]`, to bind the whole list as one value. Written by hand: Foundation's
    /// `JSONSerialization` spent more on casting each value than SQLite spent on the rows.
    private static func json(_ rows: [(Person.ID, String)]) -> String {
        var json = "["
        for (index, (id, text)) in rows.enumerated() {
            json += index == 0 ? "[" : ",["
            json += String(id.rawValue)
            json += ",\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": json += "\\\""
                case "\\": json += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    json += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: json.unicodeScalars.append(scalar)
                }
            }
            json += "\"]"
        }
        return json + "]"
    }
}
