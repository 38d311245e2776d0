import Foundation

/// What one vCard gives Kith, read from the card alone: no database, so that an import
/// prepares the next cards on another thread while it writes these (``Parallel``).
struct ImportedCard: Sendable {
    /// The card's UID, or for a card without one, `kith:card:` and a hash of its lines.
    let uid: String
    /// FN, else the name parts of N, else the organization, an email or a phone.
    let name: String
    let organization: String?
    let title: String?
    let birthday: Birthday?
    /// Each address once (ignoring case), with its label; the first label wins.
    let emails: [EmailAddress]
    /// Each number once, with its label; the first label wins.
    let phones: [PhoneNumber]
    /// The NOTE values that say something, with CRLF made LF.
    let notes: [String]
    /// CATEGORIES, each as a topic.
    let topics: [String]
    /// URL, with its label.
    let websites: [Website]
    /// NICKNAME, each value.
    let nicknames: [String]
    /// ADR, in its parts, with its label.
    let addresses: [PostalAddress]
    /// Every property Kith does not model (and a BDAY it cannot read), as its unfolded
    /// lines joined by line feeds, to be kept verbatim.
    let kept: String
    /// The RELATED (and Apple's X-ABRELATEDNAMES) values, to record as who knows whom once
    /// every card is in.
    let related: [String]
    /// The card's version: 4 for 4.0, else 3 (3.0, and 2.1, which Kith reads as 3.0).
    let version: Int

    /// Properties Kith models; any other is kept verbatim.
    static let modeled: Set<String> = [
        "VERSION", "FN", "UID", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "CATEGORIES", "BDAY", "URL", "NICKNAME", "ADR",
    ]
    // RELATED is both recorded (as an acquaintance) and kept, since a text relation ("spouse: Jenny") says more than Kith models.

    init(_ card: VCard) {
        uid =
            card.first("UID")?.text.withoutSurroundingWhitespace
            ?? "kith:card:" + String(Self.fnv1a(card.properties.map(\.line)), radix: 16)
        let birthday = card.first("BDAY").flatMap { Self.birthdayValue($0.text) }
        self.birthday = birthday
        kept = card.properties.filter { !Self.modeled.contains($0.name) || ($0.name == "BDAY" && birthday == nil) }
            .map(\.line).joined(separator: "\n")
        let allEmails = card.all("EMAIL").filter { !$0.text.isEmpty }.map {
            EmailAddress($0.text, label: Self.label(of: $0, in: card))
        }
        let allPhones = card.all("TEL").filter { !$0.text.isEmpty }.map { property in
            PhoneNumber(
                property.text.hasPrefix("tel:") ? String(property.text.dropFirst(4)) : property.text,
                label: Self.label(of: property, in: card))
        }
        var seenEmails = Set<String>()
        var seenPhones = Set<String>()
        emails = allEmails.filter { seenEmails.insert($0.address.lowercased()).inserted }
        phones = allPhones.filter { seenPhones.insert($0.number).inserted }
        organization = card.first("ORG")?.components.first { !$0.withoutSurroundingWhitespace.isEmpty }
        name = Self.displayName(card, organization: organization, emails: emails, phones: phones)
        title = card.first("TITLE")?.text
        notes = card.all("NOTE").map { note in
            // `replacing` costs about 20,000 instructions even when there is nothing to replace.
            note.text.utf8.contains(13) ? note.text.replacing("\r\n", with: "\n") : note.text
        }.filter { !$0.withoutSurroundingWhitespace.isEmpty }
        topics = card.all("CATEGORIES").flatMap(\.list)
        websites = card.all("URL").filter { !$0.text.withoutSurroundingWhitespace.isEmpty }
            .map { Website($0.text.withoutSurroundingWhitespace, label: Self.label(of: $0, in: card)) }
        nicknames = card.all("NICKNAME").flatMap(\.list)
        addresses = card.all("ADR").compactMap { property in
            let parts = property.components.map { $0.withoutSurroundingWhitespace }.map { $0.isEmpty ? nil : $0 }
            func part(_ index: Int) -> String? { index < parts.count ? parts[index] : nil }
            let address = PostalAddress(
                label: Self.label(of: property, in: card), poBox: part(0), extended: part(1), street: part(2),
                locality: part(3),
                region: part(4), postalCode: part(5), country: part(6))
            return address.parts.contains { $0 != nil } ? address : nil
        }
        related = (card.all("RELATED") + card.all("X-ABRELATEDNAMES")).map(\.text)
        version = card.first("VERSION")?.text.hasPrefix("4") == true ? 4 : 3
    }

    /// The card as someone to add, or to merge into someone already there.
    var contact: NewPerson {
        NewPerson(
            name: name, organization: organization, title: title, birthday: birthday, emails: emails, phones: phones,
            websites: websites, nicknames: nicknames, addresses: addresses,
            interests: topics.map { NewInterest(topic: $0) }, notes: notes)
    }

    /// What to keep of this card for someone it updates, given what is kept for them
    /// already: our own export read back (the stored lines said again in the card's version,
    /// and a structured N the export made from `name`) keeps the stored lines as they are, so
    /// that a round trip changes nothing; any other card replaces them. Nil: keep no card.
    func keptLines(replacing stored: String?, name: String) -> String? {
        let storedLines = stored.map { $0.split(separator: "\n").map(String.init) } ?? []
        let generatedName = "N:" + VCardProperties.structuredName(name)
        var incoming = kept.isEmpty ? [] : kept.split(separator: "\n").map(String.init)
        if !storedLines.contains(where: { VCardParser.property($0)?.name == "N" }) {
            incoming.removeAll { line in
                VCardParser.property(line).flatMap { VCardProperties.serialize($0, version: version) } == generatedName
            }
        }
        let said = incoming.compactMap {
            VCardParser.property($0).flatMap { VCardProperties.serialize($0, version: version) }
        }
        if let stored, VCardProperties.lines(storedLines, version: version).lines == said { return stored }
        if stored == nil && incoming.isEmpty && uid.hasPrefix(VCardExporter.uidPrefix) { return nil }
        return incoming.joined(separator: "\n")
    }

    /// FN, else the name parts of N, else the organization, an email or a phone.
    private static func displayName(_ card: VCard, organization: String?, emails: [EmailAddress], phones: [PhoneNumber])
        -> String
    {
        if let name = card.first("FN")?.text.withoutSurroundingWhitespace, !name.isEmpty { return name }
        if let parts = card.first("N")?.components {
            let ordered = [
                parts.count > 3 ? parts[3] : "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2] : "",
                parts[0],
                parts.count > 4 ? parts[4] : "",
            ]
            let name = ordered.map { $0.withoutSurroundingWhitespace }.filter { !$0.isEmpty }.joined(separator: " ")
            if !name.isEmpty { return name }
        }
        return organization ?? emails.first?.address ?? phones.first?.number ?? "Unnamed card \(card.number)"
    }

    /// The TYPE values that say something (not `internet`), with a preference as `pref`, or the group's X-ABLabel.
    private static func label(of property: VCard.Property, in card: VCard) -> String? {
        if let group = property.group,
            let label = card.properties.first(where: { $0.group == group && $0.name == "X-ABLABEL" })?.text
        {
            return appleLabel(label)
        }
        let values = (property.parameters["TYPE"] ?? []).flatMap { $0.split(separator: ",") }
        // A preference (2.1's PREF, 3.0's TYPE=pref, 4.0's PREF=n) is written "pref", last.
        let preferred = property.parameters["PREF"] != nil || values.contains { $0.lowercased() == "pref" }
        let types =
            values.filter { !unsaidTypes.contains($0.lowercased()) && $0.lowercased() != "pref" }.map(String.init)
            + (preferred ? ["pref"] : [])
        return types.isEmpty ? nil : types.joined(separator: ",")
    }

    /// Apple's `_$!<Work>!$_` → "Work"; any other label as it is. The usual whole form is
    /// cut without `replacing`, which costs about 20,000 instructions a call.
    static func appleLabel(_ label: String) -> String {
        let (open, close) = ("_$!<", ">!$_")
        if label.hasPrefix(open), label.hasSuffix(close), label.utf8.count >= 8 {
            let inner = label.dropFirst(4).dropLast(4)
            if !inner.contains("$") { return String(inner) }
        }
        return label.utf8.contains(UInt8(ascii: "$"))
            ? label.replacing(open, with: "").replacing(close, with: "") : label
    }

    /// TYPE values that say nothing a person would call a label (a preference is kept as
    /// `pref`, so that an export says it again).
    private static let unsaidTypes: Set<String> = ["internet"]

    /// `1980-03-22`, `19800322`, `--0322`, `--03-22`, `1955-07-19T00:00:00Z`; nil for anything else.
    static func birthdayValue(_ text: String) -> Birthday? {
        // Read as Unicode scalars, not Characters: the digits and separators are ASCII.
        let text = text.withoutSurroundingWhitespace.unicodeScalars
        func digits(_ scalars: some Sequence<Unicode.Scalar>) -> [Int] {
            scalars.compactMap { ("0"..."9").contains($0) ? Int($0.value) - 48 : nil }
        }
        func number(_ digits: ArraySlice<Int>) -> Int { digits.reduce(0) { $0 * 10 + $1 } }
        if text.starts(with: "--".unicodeScalars) {
            let all = digits(text)
            guard all.count == 4 else { return nil }
            return try? Birthday(month: number(all[0..<2]), day: number(all[2..<4]))
        }
        let date = text.prefix { $0 != "T" }
        let all = digits(date)
        guard all.count == 8, date.count == 8 || date.count == 10 else { return nil }
        return try? Birthday(year: number(all[0..<4]), month: number(all[4..<6]), day: number(all[6..<8]))
    }

    /// FNV-1a of the lines joined by line feeds, without joining them.
    private static func fnv1a(_ lines: [String]) -> UInt64 {
        let prime: UInt64 = 0x100_0000_01b3
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (index, line) in lines.enumerated() {
            if index > 0 { hash = (hash ^ 10) &* prime }
            for byte in line.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        }
        return hash
    }
}
