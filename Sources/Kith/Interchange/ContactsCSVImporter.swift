import Foundation

/// Imports contacts exported as CSV by Google Contacts (current and legacy headers),
/// LinkedIn (`Connections.csv`, with its `Notes:` preamble) and Outlook, or any export
/// whose header uses their column names (Thunderbird's does).
///
/// Names, emails and phones (with their labels), organization, title, birthday, notes, and
/// Google's `Labels`/`Group Membership`, `Hobby` and Outlook's `Categories` as interests of
/// weight 3 (not the `* myContacts` system labels). LinkedIn's `Connected On` becomes the
/// day we met. Someone already in Kith (``PersonMatch``: the same email, else the same phone,
/// else the same name when the row has no email) is merged: missing emails, phones,
/// fields, interests and notes are added, and the report counts what matched.
///
/// Each row is read on another thread while the rows before it are written; the database
/// is written only on the calling thread, and no thread outlives the call.
///
/// ```swift
/// let report = try database.write { try ContactsCSVImporter.import(data, format: .auto, file: "contacts.csv", into: $0) }
/// print(report.added, report.merged, report.skipped)
/// ```
public enum ContactsCSVImporter {
    /// Whose export a file is.
    public enum Format: String, Sendable, CaseIterable {
        case google, linkedin, outlook, auto
    }

    /// What an import did, with the reason for each row skipped.
    public struct Report: Sendable, Hashable {
        /// People added.
        public var added = 0
        /// Rows merged into someone already in Kith, counted by what matched them.
        public var matchedBy: [PersonMatch.Key: Int] = [:]
        /// Rows merged into someone already in Kith.
        public var merged: Int { matchedBy.values.reduce(0, +) }
        /// Rows left out: "line 7: no name, email or phone".
        public var skipped: [String] = []
        /// The columns that held a value in some row but that Kith does not read, in the
        /// header's order: "Assistant's Phone", "Gender".
        public var ignoredColumns: [String] = []
    }

    /// Imports every row of `data`, all or nothing, reporting `(rows done, rows in all)` to `progress`.
    public static func `import`(
        _ data: Data, format: Format = .auto, file: String = "input", into connection: Connection,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> Report {
        try InterchangeLimits.checkSize(data, file: file)
        let text = String(validating: data, as: UTF8.self) ?? String(data: data, encoding: .windowsCP1252) ?? ""
        var records = try CSVReader.records(text, file: file)
        // LinkedIn puts a "Notes:" preamble before the header.
        if let header = records.firstIndex(where: {
            $0.fields.contains("First Name") || $0.fields.contains("Name") || $0.fields.contains("E-mail Address")
        }) {
            records.removeFirst(header)
        }
        guard let header = records.first else { throw InterchangeError(file: file, reason: "no header row") }
        let columns = Columns(header.fields)
        let detected = columns.format
        guard format == .auto || format == detected else {
            throw InterchangeError(
                file: file, location: "line \(header.line)",
                reason: "the header is not a \(format.rawValue) export (it looks like \(detected.rawValue))")
        }
        guard columns.isContacts else {
            throw InterchangeError(
                file: file, location: "line \(header.line)",
                reason:
                    "no name, email or phone column in the header (expected the header of a Google, LinkedIn or Outlook contacts export)"
            )
        }
        var report = Report()
        let rows = Array(records.dropFirst())
        try connection.transaction {
            try WriteBatch.settingGuardsAside(forAbout: rows.count, in: connection) {
                let batch = WriteBatch()
                var matcher = ContactMatcher()
                var ignored = Set<Int>()
                var done = 0
                // Each row is read on another thread while the one before is written.
                try Parallel.forEach(rows, transformedBy: { columns.contact($0.fields) }) { record, contact in
                    done += 1
                    defer { progress?(done, rows.count) }  // skipped rows count as done too
                    for (index, field) in record.fields.enumerated()
                    where !columns.used.contains(index) && !field.withoutSurroundingWhitespace.isEmpty {
                        ignored.insert(index)
                    }
                    guard !contact.name.isEmpty || !contact.emails.isEmpty || !contact.phones.isEmpty else {
                        report.skipped.append("line \(record.line): no name, email or phone")
                        return
                    }
                    let matched = try InterchangeError.naming(file, "line \(record.line)") {
                        try merge(contact, into: connection, in: batch, matcher: &matcher)
                    }
                    if let matched { report.matchedBy[matched, default: 0] += 1 } else { report.added += 1 }
                }
                try InterchangeError.naming(file, nil) { try batch.write(to: connection) }
                // A row may have more cells than the header has names.
                report.ignoredColumns = ignored.sorted().map {
                    $0 < header.fields.count ? header.fields[$0].withoutSurroundingWhitespace : "column \($0 + 1)"
                }
            }
        }
        return report
    }

    /// One row, read.
    struct Contact: Sendable {
        var name = ""
        var emails: [EmailAddress] = []
        var phones: [PhoneNumber] = []
        var organization: String?
        var title: String?
        var birthday: Birthday?
        var metOn: Day?
        var howWeMet: String?
        var notes: [String] = []
        var topics: [String] = []
        var websites: [Website] = []
        var nicknames: [String] = []
        var addresses: [PostalAddress] = []
        /// The name in N's parts, when the file gives a family name.
        var structuredName: [String]?
    }

    /// Adds the contact, or merges it into the person it matches (``ContactMatcher``): what
    /// matched, or nil when the contact was added.
    private static func merge(
        _ contact: Contact, into connection: Connection, in batch: WriteBatch, matcher: inout ContactMatcher
    ) throws -> PersonMatch.Key? {
        let name = contact.name.isEmpty ? (contact.emails.first?.address ?? contact.phones[0].number) : contact.name
        let new = NewPerson(
            name: name, organization: contact.organization, title: contact.title, howWeMet: contact.howWeMet,
            metOn: contact.metOn, birthday: contact.birthday, emails: contact.emails, phones: contact.phones,
            websites: contact.websites, nicknames: contact.nicknames, addresses: contact.addresses,
            interests: contact.topics.map { NewInterest(topic: $0) }, notes: contact.notes)
        guard let (id, key) = try matcher.match(new, in: connection, batch: batch) else {
            let person = try connection.people.add(new, in: batch)
            matcher.added(person.id, new)
            // The name's parts as the file gave them, kept for vCard's N when splitting the
            // whole name would not find them ("Jean de la Fontaine").
            if let parts = contact.structuredName {
                let n = "N:" + parts.map(VCard.escape).joined(separator: ";")
                if n != "N:" + VCardProperties.structuredName(person.name) {
                    batch.keepCard(uid: VCardExporter.uidPrefix + person.id.description, properties: n, of: person.id)
                }
            }
            return nil
        }
        try matcher.merge(new, into: id, in: connection, batch: batch)
        return key
    }

    /// What each column of a header holds.
    struct Columns {
        let lower: [String]
        /// Email and phone value columns, each with the column of its label if any, and the
        /// label its header gives ("Home Phone" → "Home") for a row that has none.
        let emailColumns, phoneColumns: [(value: Int, label: Int?, headerLabel: String?)]
        /// The columns each field is read from, found once for every row.
        let name, organization, title, birthday, connectedOn, notes, nickname, givenName, additionalName,
            familyName: Int?
        let nameParts, birthParts, topics: [Int]
        /// Website value columns, with the column of their label and the label the header gives.
        let websiteColumns: [(value: Int, label: Int?, headerLabel: String?)]
        /// Postal addresses: each group's columns by ADR part (0 PO box … 6 country), its
        /// label column, and the label its header gives ("Home Street" → "Home").
        let addressGroups: [(parts: [Int: [Int]], label: Int?, headerLabel: String?)]
        /// Every column some field is read from: the others are reported as ignored.
        let used: Set<Int>

        init(_ header: [String]) {
            let header = header.map { $0.withoutSurroundingWhitespace }
            let lower = header.map { $0.lowercased() }
            self.lower = lower
            emailColumns = Self.emailColumns(lower).map { ($0.value, $0.label, Self.labelFromHeader(header[$0.value])) }
            phoneColumns = Self.phoneColumns(lower).map { ($0.value, $0.label, Self.labelFromHeader(header[$0.value])) }
            let positions = Dictionary(lower.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            // The first of these names that the header has, if any.
            func first(_ names: String...) -> Int? { names.lazy.compactMap { positions[$0] }.first }
            name = first("name", "display name")
            givenName = first("first name", "given name")
            additionalName = first("middle name", "additional name")
            familyName = first("last name", "family name")
            nameParts = [givenName, additionalName, familyName].compactMap { $0 }
            organization = first("organization name", "organization 1 - name", "company", "organization")
            title = first("organization title", "organization 1 - title", "job title", "position")
            birthday = first("birthday")
            let birth = [first("birth year"), first("birth month"), first("birth day")].compactMap { $0 }
            birthParts = birth.count == 3 ? birth : []
            connectedOn = first("connected on")
            notes = first("notes")
            topics = [first("labels"), first("group membership"), first("categories"), first("hobby")].compactMap { $0 }
            nickname = first("nickname")
            let linkedIn = lower.contains("connected on")
            websiteColumns = Self.websiteColumns(lower).map { column in
                (
                    column.value, column.label,
                    linkedIn && lower[column.value] == "url" ? "LinkedIn" : Self.websiteLabel(header[column.value])
                )
            }
            addressGroups = Self.addressGroups(lower, header)
            var used = Set(
                [name, organization, title, birthday, connectedOn, notes, nickname].compactMap { $0 } + nameParts
                    + birthParts + topics)
            for columns in [emailColumns, phoneColumns, websiteColumns] {
                for column in columns {
                    used.insert(column.value)
                    if let label = column.label { used.insert(label) }
                }
            }
            for group in addressGroups {
                used.formUnion(group.parts.values.flatMap { $0 })
                if let label = group.label { used.insert(label) }
            }
            // Google's one-line form of an address it also gives in parts.
            used.formUnion(lower.indices.filter { lower[$0].hasSuffix(" - formatted") })
            self.used = used
        }

        static func websiteColumns(_ lower: [String]) -> [(value: Int, label: Int?)] {
            lower.indices.compactMap { i in
                let name = lower[i]
                if name.hasPrefix("website ") && name.hasSuffix(" - value") {
                    let prefix = name.dropLast(" - value".count)
                    return (i, lower.firstIndex(of: prefix + " - label") ?? lower.firstIndex(of: prefix + " - type"))
                }
                let isWebsite =
                    name == "url" || name == "homepage" || name.hasPrefix("website") || name.contains("web page")
                return isWebsite && !name.contains(" - ") ? (i, nil) : nil
            }
        }

        /// The part of an address a header names ("Home Street" → street), by ADR's order.
        private static let addressParts: [(suffix: String, part: Int)] = [
            ("po box", 0), ("p.o. box", 0), ("extended address", 1), ("street", 2), ("street 2", 2), ("street 3", 2),
            ("address", 2),
            ("city", 3), ("state", 4), ("region", 4), ("zip", 5), ("zipcode", 5), ("postal code", 5), ("country", 6),
            ("country/region", 6),
        ]

        /// Google's "Address 1 - Street", "Address 1 - City"… and Outlook's "Home Street",
        /// "Business City"…, gathered into one address per prefix.
        static func addressGroups(_ lower: [String], _ header: [String]) -> [(
            parts: [Int: [Int]], label: Int?, headerLabel: String?
        )] {
            var groups: [(prefix: String, parts: [Int: [Int]])] = []
            for (i, name) in lower.enumerated() {
                let google = name.hasPrefix("address ") && name.contains(" - ")
                let split: (prefix: String, rest: String)? =
                    google
                    ? name.range(of: " - ").map { (String(name[..<$0.lowerBound]), String(name[$0.upperBound...])) }
                    : addressParts.lazy.compactMap { entry -> (String, String)? in
                        guard name.hasSuffix(" " + entry.suffix), !name.contains("mail") else { return nil }
                        return (String(name.dropLast(entry.suffix.count + 1)), entry.suffix)
                    }.first
                guard let (prefix, rest) = split, let part = addressParts.first(where: { $0.suffix == rest })?.part
                else { continue }
                if let index = groups.firstIndex(where: { $0.prefix == prefix }) {
                    groups[index].parts[part, default: []].append(i)
                } else {
                    groups.append((prefix, [part: [i]]))
                }
            }
            return groups.map { group in
                let label =
                    lower.firstIndex(of: group.prefix + " - type") ?? lower.firstIndex(of: group.prefix + " - label")
                let headerLabel =
                    group.prefix.hasPrefix("address ")
                    ? nil : header[group.parts.values.first![0]].split(separator: " ").first.map(String.init)
                return (group.parts, label, headerLabel)
            }
        }

        var format: Format {
            if lower.contains("connected on") { return .linkedin }
            if lower.contains(where: { $0.hasSuffix(" - value") }) { return .google }
            return .outlook
        }

        var isContacts: Bool {
            lower.contains {
                ["first name", "last name", "name", "display name", "given name", "family name"].contains($0)
            }
                || !emailColumns.isEmpty || !phoneColumns.isEmpty
        }

        static func emailColumns(_ lower: [String]) -> [(value: Int, label: Int?)] {
            lower.indices.compactMap { i in
                let name = lower[i]
                guard name.contains("mail") else { return nil }
                if name.hasSuffix(" - value") {
                    let prefix = name.dropLast(" - value".count)
                    return (i, lower.firstIndex(of: prefix + " - label") ?? lower.firstIndex(of: prefix + " - type"))
                }
                let isAddress =
                    name.hasSuffix("address") || name.hasPrefix("email ") || name.hasSuffix(" email") || name == "email"
                return isAddress && !name.contains("display") ? (i, nil) : nil
            }
        }

        static func phoneColumns(_ lower: [String]) -> [(value: Int, label: Int?)] {
            lower.indices.compactMap { i in
                let name = lower[i]
                if name.hasPrefix("phone ") && name.hasSuffix(" - value") {
                    let prefix = name.dropLast(" - value".count)
                    return (i, lower.firstIndex(of: prefix + " - label") ?? lower.firstIndex(of: prefix + " - type"))
                }
                let words = ["phone", "mobile", "fax", "pager"]
                return words.contains(where: name.contains) && !name.contains(" - ") ? (i, nil) : nil
            }
        }

        func contact(_ fields: [String]) -> Contact {
            func value(_ index: Int?) -> String? {
                guard let index, index < fields.count else { return nil }
                let value = fields[index].withoutSurroundingWhitespace
                return value.isEmpty ? nil : value
            }
            var contact = Contact()
            contact.name = value(name) ?? nameParts.compactMap(value).joined(separator: " ")
            if let family = value(familyName) {
                // vCard's N: family; given; additional; prefix; suffix.
                contact.structuredName = [family, value(givenName) ?? "", value(additionalName) ?? "", "", ""]
            }
            for (column, label, headerLabel) in emailColumns {
                for address in Self.values(value(column)) {
                    contact.emails.append(
                        EmailAddress(address, label: value(label).map(Self.cleanLabel) ?? headerLabel))
                }
            }
            for (column, label, headerLabel) in phoneColumns {
                for number in Self.values(value(column)) {
                    contact.phones.append(PhoneNumber(number, label: value(label).map(Self.cleanLabel) ?? headerLabel))
                }
            }
            for (column, label, headerLabel) in websiteColumns {
                for url in Self.values(value(column)) {
                    contact.websites.append(Website(url, label: value(label).map(Self.cleanLabel) ?? headerLabel))
                }
            }
            contact.nicknames = Self.values(value(nickname))
            for group in addressGroups {
                func part(_ index: Int) -> String? {
                    let lines = (group.parts[index] ?? []).compactMap(value)
                    return lines.isEmpty ? nil : lines.joined(separator: "\n")
                }
                let address = PostalAddress(
                    label: value(group.label).map(Self.cleanLabel) ?? group.headerLabel, poBox: part(0),
                    extended: part(1), street: part(2),
                    locality: part(3), region: part(4), postalCode: part(5), country: part(6))
                if address.parts.contains(where: { $0 != nil }) { contact.addresses.append(address) }
            }
            contact.organization = value(organization)
            contact.title = value(title)
            if let text = value(birthday) {
                contact.birthday = Self.birthday(text)
            } else if birthParts.count == 3, let year = value(birthParts[0]), let month = value(birthParts[1]),
                let day = value(birthParts[2])
            {
                contact.birthday = try? Birthday(year: Int(year), month: Int(month) ?? 0, day: Int(day) ?? 0)
            }
            if let connected = value(connectedOn) {
                contact.metOn = Self.day(connected)
                contact.howWeMet = "Connected on LinkedIn"
            }
            contact.notes = [value(notes)].compactMap { $0 }
            let names: [String] = topics.compactMap(value).flatMap { (cell: String) -> [String] in
                Self.values(cell).flatMap { $0.split(separator: ";") }.map(\.withoutSurroundingWhitespace)
            }
            contact.topics = names.filter { !$0.isEmpty && !$0.hasPrefix("*") && $0.lowercased() != "mycontacts" }
            return contact
        }

        /// The values of a cell that holds several, as Google writes them ("a ::: b"); splitting
        /// only when there is a ':' to split on, since most cells hold one.
        static func values(_ cell: String?) -> [String] {
            guard let cell, !cell.isEmpty else { return [] }
            guard cell.utf8.contains(UInt8(ascii: ":")) else { return [cell] }
            // As bytes: `split(separator:)` with a string costs about 20,000 instructions a cell.
            let bytes = Array(cell.utf8)
            let separator = Array(" ::: ".utf8)
            var parts: [String] = []
            var start = 0
            var index = 0
            while index + separator.count <= bytes.count {
                guard bytes[index..<(index + separator.count)].elementsEqual(separator) else {
                    index += 1
                    continue
                }
                if index > start { parts.append(String(decoding: bytes[start..<index], as: UTF8.self)) }
                index += separator.count
                start = index
            }
            if start < bytes.count { parts.append(String(decoding: bytes[start...], as: UTF8.self)) }
            return parts
        }

        /// Google's "* Home" (the star marks the primary one) → "Home".
        static func cleanLabel(_ label: String) -> String {
            label.hasPrefix("* ") ? String(label.dropFirst(2)) : label
        }

        /// "Website Blog" → "Blog", "Personal Web Page" → "Personal"; nil for a plain "Web Page 1".
        static func websiteLabel(_ header: String) -> String? {
            let words = header.split(separator: " ").filter {
                !["website", "web", "page", "url"].contains($0.lowercased()) && Int($0) == nil
            }
            return words.isEmpty ? nil : words.joined(separator: " ")
        }

        /// "Email Home" → "Home", "Business Phone 2" → "Business"; nil for a plain "E-mail Address".
        static func labelFromHeader(_ header: String) -> String? {
            let words = header.split(separator: " ").filter { word in
                !["email", "e-mail", "phone", "address", "number", "primary"].contains(word.lowercased())
                    && Int(word) == nil
            }
            return words.isEmpty ? nil : words.joined(separator: " ")
        }

        /// 1980-03-22, --06-09, 22/03/1980 (day first, as these exports write it), 12 Mar 2021.
        static func birthday(_ text: String) -> Birthday? {
            if let birthday = try? Birthday(text) { return birthday }
            return day(text).flatMap { try? Birthday($0.description) }
        }

        static func day(_ text: String) -> Day? {
            if let day = try? Day(text) { return day }
            let parts = text.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == "." }).map(String.init)
            guard parts.count == 3, let day = Int(parts[0]), let year = Int(parts[2]) else { return nil }
            let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            guard
                let month = Int(parts[1])
                    ?? months.firstIndex(of: String(parts[1].lowercased().prefix(3))).map({ $0 + 1 })
            else { return nil }
            return try? Day(year: year, month: month, day: day)
        }
    }
}
