/// What I gave a person and what they gave me.
public struct LedgerEntry: Hashable, Sendable {
    public let personID: Person.ID
    public let name: String
    public let sharesGiven: Int
    public let sharesReceived: Int
    /// Their asks that I helped with: the promises I kept.
    public let asksIHelped: Int
    /// Their asks that I took on and that are still open: the promises I have yet to keep.
    public let promisesOpen: Int
    /// My asks that they helped with.
    public let asksTheyHelped: Int
    public let mentoringSessions: Int
    /// Minutes spent together, by the interactions logged.
    public let minutesTogether: Int
    /// Shares given, asks I helped, mentoring sessions.
    public let given: Int
    /// Shares received, asks they helped.
    public let received: Int
    /// `given − received`: negative when I owe them.
    public var balance: Int { given - received }
}

extension Questions {
    /// The give-and-get ledger of everyone I have exchanged anything with, most owed first.
    ///
    /// It reads the `ledger` view, which you can query in the sqlite3 shell too:
    /// ```sql
    /// SELECT name, given, received, balance FROM ledger WHERE given + received > 0 ORDER BY balance;
    /// ```
    /// ```swift
    /// let owed = try database.read { try $0.questions.ledger() }.filter { $0.balance < 0 }
    /// ```
    public func ledger() throws -> [LedgerEntry] {
        try loadLedger(filter: "WHERE is_archived = 0 AND given + received > 0")
    }

    /// One person's ledger entry, even when nothing has passed between us yet.
    ///
    /// ```swift
    /// let entry = try database.read { try $0.questions.ledger(of: ann) }
    /// print("gave \(entry.given), got \(entry.received)")
    /// ```
    public func ledger(of person: Person.ID) throws -> LedgerEntry {
        guard let entry = try loadLedger(filter: "WHERE person_id = ?", arguments: [person]).first else {
            throw StoreError.notFound(entity: "person", id: person.rawValue)
        }
        return entry
    }

    /// The people I owe: they gave me more than I gave them, most owed first.
    ///
    /// ```swift
    /// for entry in try database.read({ try $0.questions.whoIOwe() }) { print(entry.name, -entry.balance) }
    /// ```
    public func whoIOwe() throws -> [LedgerEntry] {
        try loadLedger(filter: "WHERE is_archived = 0 AND balance < 0")
    }

    private func loadLedger(filter: String, arguments: [(any DatabaseValueConvertible)?] = []) throws -> [LedgerEntry] {
        try connection.fetchAll(
            sql: """
                SELECT person_id, name, shares_given, shares_received, asks_i_helped,
                       (SELECT count(*) FROM asks a WHERE a.person_id = ledger.person_id AND a.direction = 'theirs' AND a.status = 'open'),
                       asks_they_helped, mentoring_sessions, minutes_together, given, received
                FROM ledger \(filter) ORDER BY balance, name, person_id
                """,
            arguments: arguments
        ) { row in
            var column = row.columns  // in the order of the SELECT above
            return LedgerEntry(
                personID: try column.next(), name: try column.next(), sharesGiven: try column.next(),
                sharesReceived: try column.next(), asksIHelped: try column.next(), promisesOpen: try column.next(),
                asksTheyHelped: try column.next(), mentoringSessions: try column.next(),
                minutesTogether: try column.next(), given: try column.next(), received: try column.next())
        }
    }
}
