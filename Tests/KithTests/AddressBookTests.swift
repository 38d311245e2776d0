import Foundation
import Testing

@testable import Kith

/// People you can correct, merge and find; cadences; promises; the data Kith holds, used (issue 16).
@Suite("An address book to live in")
struct AddressBookTests {
    let folder: TemporaryDirectory
    let database: Database
    let asOf = Day.on("2026-11-26")

    init() throws {
        folder = try TemporaryDirectory()
        database = try folder.kith()
    }

    @discardableResult
    private func add(_ new: NewPerson) throws -> Person.ID {
        try database.write { try $0.people.add(new).id }
    }

    private func count(_ table: String) throws -> Int {
        try database.read { try $0.fetchValue(sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    // MARK: No duplicates by accident

    @Test func aVCardOfSomeoneAlreadyHereJoinsTheirRecordByEmailPhoneOrName() throws {
        let tolu = try add(NewPerson(name: "Tolu Oyelaran", emails: [EmailAddress("tolu@example.com")]))
        let marcus = try add(NewPerson(name: "Marcus Webb", phones: [PhoneNumber("+1 (555) 010-0100")]))
        let grace = try add(NewPerson(name: "Grace Kim"))
        let cards = """
            BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Tolu O.\r\nEMAIL:TOLU@example.com\r\nTEL:+44 20 7946 0018\r\nEND:VCARD\r
            BEGIN:VCARD\r\nVERSION:3.0\r\nUID:b\r\nFN:M. Webb\r\nTEL;TYPE=CELL:15550100100\r\nORG:Northwind\r\nEND:VCARD\r
            BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c\r\nFN:grace kim\r\nNOTE:Spoke on the same panel\r\nEND:VCARD\r
            BEGIN:VCARD\r\nVERSION:3.0\r\nUID:d\r\nFN:Grace Kim\r\nEMAIL:another.grace@example.com\r\nEND:VCARD\r

            """
        let summary = try database.write { try VCardImporter.import(Data(cards.utf8), file: "cards.vcf", into: $0) }
        // The fourth Grace has an address nobody has: someone new, whatever the name.
        #expect(summary == ImportSummary(added: 1, matchedBy: [.email: 1, .phone: 1, .name: 1]))
        #expect(try count("people") == 4)
        let (toluNow, marcusNow, graceNow) = try database.read {
            (try $0.people.get(tolu)!, try $0.people.get(marcus)!, try $0.people.get(grace)!)
        }
        #expect(toluNow.name == "Tolu Oyelaran" && toluNow.phones.map(\.number) == ["+44 20 7946 0018"])
        #expect(marcusNow.organization == "Northwind" && marcusNow.phones.count == 1)
        #expect(
            try database.read { try $0.people.notes(about: graceNow.id).map(\.body) } == ["Spoke on the same panel"])
        // Importing the file again recognizes every card by its UID and changes nothing.
        let again = try database.write { try VCardImporter.import(Data(cards.utf8), file: "cards.vcf", into: $0) }
        #expect(again.added == 0 && again.updated == 4)
        #expect(try count("people") == 4)
    }

    @Test func theCSVImportMatchesByPhoneToo() throws {
        let marcus = try add(NewPerson(name: "Marcus Webb", phones: [PhoneNumber("+1 555 0100 100")]))
        let csv = "First Name,Last Name,Mobile Phone,Company\nMarc,Webb,1-555-0100-100,Northwind\n"
        let report = try database.write { try ContactsCSVImporter.import(Data(csv.utf8), file: "c.csv", into: $0) }
        #expect(report.added == 0 && report.matchedBy == [.phone: 1])
        #expect(try database.read { try $0.people.get(marcus)?.organization } == "Northwind")
    }

    @Test func contactsThatBelongToSomeoneAreNamed() throws {
        let ann = try add(
            NewPerson(name: "Ann Lee", emails: [EmailAddress("Ann@Example.org")], phones: [PhoneNumber("+1 555 0100")]))
        let matches = try database.read {
            try $0.people.sharingContacts(with: NewPerson(name: "Someone", emails: [EmailAddress("ann@example.org")]))
        }
        #expect(matches == [PersonMatch(personID: ann, name: "Ann Lee", key: .email)])
        let byPhone = try database.read {
            try $0.people.sharingContacts(with: NewPerson(name: "X", phones: [PhoneNumber("15550100")]))
        }
        #expect(byPhone.map(\.key) == [.phone])
        #expect(try database.read { try $0.people.sharingContacts(with: NewPerson(name: "Ann Lee")) }.isEmpty)
    }

    @Test func likelyDuplicatesSayWhy() throws {
        let ann = try add(NewPerson(name: "Ann Lee", emails: [EmailAddress("ann@example.org")]))
        let initials = try add(NewPerson(name: "A. Lee"))
        let reordered = try add(NewPerson(name: "Lee, Ann"))
        let sameMail = try add(NewPerson(name: "Annie", emails: [EmailAddress("ANN@example.org")]))
        let zoe = try add(NewPerson(name: "Zoë Martin", phones: [PhoneNumber("+33 6 12 34 56 78")]))
        let zoeAgain = try add(NewPerson(name: "zoe martin", phones: [PhoneNumber("0033 612345678")]))
        try add(NewPerson(name: "Bo Chen"))
        try add(NewPerson(name: "Bo Li"))
        let pairs = try database.read { try $0.people.likelyDuplicates() }
        func reasons(_ a: Person.ID, _ b: Person.ID) -> [String] {
            pairs.first { $0.first == min(a, b) && $0.second == max(a, b) }?.reasons ?? []
        }
        #expect(reasons(ann, initials) == ["same name but for initials"])
        #expect(reasons(ann, reordered) == ["same name in another order"])
        #expect(reasons(ann, sameMail) == ["same email ann@example.org"])
        #expect(reasons(zoe, zoeAgain).contains("same name but for accents or punctuation"))
        #expect(!pairs.contains { [$0.firstName, $0.secondName].contains("Bo Li") })
        #expect(pairs.allSatisfy { $0.first < $0.second && !$0.reasons.isEmpty })
    }

    // MARK: Merge and delete

    @Test func mergingMovesEverythingAndTheQuestionsAnswerForBoth() throws {
        let (kept, other, friend) = try database.write { connection -> (Person.ID, Person.ID, Person.ID) in
            let kept = try connection.people.add(
                NewPerson(
                    name: "Ann Lee", emails: [EmailAddress("ann@example.org")],
                    interests: [NewInterest(topic: "running", weight: 3)])
            ).id
            let other = try connection.people.add(
                NewPerson(
                    name: "A. Lee", organization: "River Runners", birthday: try Birthday("--07-14"),
                    contactEveryDays: 30,
                    emails: [EmailAddress("ANN@example.org"), EmailAddress("ann@home.example")],
                    phones: [PhoneNumber("+1 555 0100")],
                    interests: [NewInterest(topic: "running", weight: 5), NewInterest(topic: "literacy", weight: 4)],
                    notes: ["Training for a marathon"])
            ).id
            let friend = try connection.people.add(NewPerson(name: "Bo")).id
            try connection.people.recordAcquaintance(other, friend)
            let article = try connection.resources.add(title: "Hill repeats", topics: ["running"])
            try connection.resources.share(article.id, .received, with: other, on: Day.on("2026-01-02"))
            try connection.interactions.log(.coffee, with: other, on: Day.on("2026-02-03"), minutes: 30)
            try connection.asks.log(.theirs, of: other, topic: "a reference", on: Day.on("2026-03-04"), status: .helped)
            let board = try connection.commitments.add(
                Commitment(name: "Library board", kind: .board, members: [other]))
            _ = board
            return (kept, other, friend)
        }
        let before = try database.read { connection in
            (
                try connection.questions.ledger(of: kept), try connection.questions.ledger(of: other),
                try connection.questions.timeline(of: kept).count + connection.questions.timeline(of: other).count
            )
        }
        let moved = try database.write { try $0.people.merge(other, into: kept) }
        #expect(moved.emails == 2 && moved.phones == 1 && moved.notes == 1 && moved.interests == 2 && moved.shares == 1)
        #expect(moved.interactions == 1 && moved.asks == 1 && moved.commitments == 1 && moved.acquaintances == 1)
        try database.read { connection in
            #expect(try connection.people.get(other) == nil)
            let ann = try #require(try connection.people.get(kept))
            #expect(
                ann.organization == "River Runners" && ann.birthday?.description == "--07-14"
                    && ann.contactEveryDays == 30)
            #expect(ann.emails.map(\.address) == ["ann@example.org", "ann@home.example"] && ann.phones.count == 1)
            let interests = try connection.interests.interests(of: kept).map { "\($0.topicName) \($0.weight)" }.sorted()
            #expect(interests == ["literacy 4", "running 5"])  // the higher weight kept
            #expect(try connection.people.acquaintances(of: kept) == [friend])
            #expect(try connection.commitments.all().first?.members == [kept])
            let ledger = try connection.questions.ledger(of: kept)
            #expect(
                ledger.given == before.0.given + before.1.given
                    && ledger.received == before.0.received + before.1.received)
            #expect(try connection.questions.timeline(of: kept).count == before.2)
            #expect(
                try connection.questions.recommend(ResourceDraft(title: "Marathon", topics: ["running"]), asOf: asOf)
                    .first?.personID == kept)
        }
        #expect(try database.integrityReport().isHealthy)
    }

    @Test func aMergeThatCannotBeIsRefusedAndChangesNothing() throws {
        let ann = try add(NewPerson(name: "Ann"))
        let people = try count("people")
        #expect(throws: StoreError.invalid(field: "merge", reason: "a person cannot be merged into themselves")) {
            try database.write { try $0.people.merge(ann, into: ann) }
        }
        #expect(throws: StoreError.notFound(entity: "person", id: 999)) {
            try database.write { try $0.people.merge(Person.ID(rawValue: 999), into: ann) }
        }
        #expect(try count("people") == people)
    }

    @Test func deletingSaysWhatWent() throws {
        let ann = try add(
            NewPerson(
                name: "Ann", emails: [EmailAddress("a@example.org")], interests: [NewInterest(topic: "chess")],
                notes: ["one", "two"]))
        let gone = try database.write { try $0.people.delete(ann) }
        #expect(
            gone.emails == 1 && gone.interests == 1 && gone.notes == 2
                && gone.description == "1 email, 2 notes, 1 interest")
        #expect(try count("people") == 0)
        #expect(try count("notes") == 0)
    }

    // MARK: Find anything

    @Test func searchFindsPeopleByAnythingAndSaysWhere() throws {
        let zoe = try add(
            NewPerson(
                name: "Zoë Martin", organization: "Readers Trust", title: "Programme lead",
                howWeMet: "At the literacy fair",
                emails: [EmailAddress("zoe@readers.example")], phones: [PhoneNumber("+44 20 7946 0018")],
                interests: [NewInterest(topic: "adult literacy", weight: 5)],
                notes: ["Wants volunteers for the Saturday circle"]))
        let bo = try add(NewPerson(name: "Bo Chen", interests: [NewInterest(topic: "chess", weight: 4)]))
        try database.write { connection in
            try connection.interests.addAlias("ML", to: try connection.interests.addTopic(named: "machine learning").id)
            try connection.interests.add(NewInterest(topic: "machine learning", weight: 3), to: bo)
            try connection.commitments.add(
                Commitment(name: "River 10K", kind: .charityRun, cause: "Literacy", members: [bo]))
            try connection.people.archive(bo)
        }
        func search(_ text: String) throws -> [SearchHit] { try database.read { try $0.search(text) } }
        func fields(_ text: String, _ person: Person.ID) throws -> [SearchHit.Match.Field] {
            try search(text).first { $0.personID == person }?.matches.map(\.field) ?? []
        }
        #expect(try fields("zoe", zoe) == [.name, .email])  // the strongest first
        #expect(try fields("MART", zoe) == [.name])
        #expect(try fields("readers trust", zoe).contains(.organization))
        #expect(try fields("programme", zoe) == [.title])
        #expect(try fields("zoe@readers", zoe).contains(.email))
        #expect(try search("7946").first?.matches.first == SearchHit.Match(field: .phone, detail: "+44 20 7946 0018"))
        #expect(try fields("442079460018", zoe) == [.phone])
        #expect(try fields("volunteer", zoe) == [.note])
        #expect(try fields("fair", zoe) == [.howWeMet])
        #expect(try fields("ML", bo) == [.topic])
        #expect(try fields("chess", bo) == [.topic])
        #expect(try fields("machine lear", bo) == [.topic])  // the last word as the start of one
        // A topic added in the sqlite3 shell has no key yet, and is found all the same.
        try database.write { connection in
            try connection.execute(sql: "INSERT INTO topics(name) VALUES ('Origami folding')")
            try connection.execute(
                sql: "INSERT INTO interests(person_id, topic_id, weight) SELECT ?, id, 2 FROM topics WHERE key IS NULL",
                arguments: [bo])
        }
        #expect(try fields("origami", bo) == [.topic])
        // "literacy" is Zoë's topic and how we met, and the cause of Bo's commitment: Zoë first.
        let literacy = try search("literacy")
        #expect(literacy.map(\.personID) == [zoe, bo])
        #expect(
            literacy[1].isArchived
                && literacy[1].matches == [SearchHit.Match(field: .commitment, detail: "River 10K (Literacy)")])
        #expect(try search("nobody-at-all").isEmpty)
        #expect(throws: StoreError.self) { try search("  ?! ") }
    }

    // MARK: Cadences and drift

    @Test func onlyPeopleInTouchOrGivenACadenceDrift() throws {
        try database.write { connection in
            try connection.execute(
                sql: "INSERT INTO people(name, created_at) VALUES ('Imported Contact', '2025-01-01T00:00:00Z')")
            try connection.execute(
                sql:
                    "INSERT INTO people(name, created_at, contact_every_days) VALUES ('Cadenced', '2025-01-01T00:00:00Z', 60)"
            )
            let friend = try connection.people.add(NewPerson(name: "Friend")).id
            try connection.interactions.log(.coffee, with: friend, on: Day.on("2026-01-10"))
        }
        let names = try database.read { try $0.questions.reconnect(limit: 10, asOf: asOf).map(\.name) }
        #expect(names == ["Cadenced", "Friend"])
        let view = try database.read {
            try $0.fetchAll(sql: "SELECT name FROM overdue_contacts ORDER BY name") { try $0[0] as String }
        }
        #expect(view == ["Cadenced", "Friend"])
    }

    // MARK: Follow-through and what Kith holds

    @Test func givingTheSameResourceTwiceIsRefusedAndCountsOnce() throws {
        let ann = try add(NewPerson(name: "Ann"))
        let article = try database.write { try $0.resources.add(title: "Hill repeats") }
        try database.write { try $0.resources.share(article.id, .given, with: ann, on: Day.on("2026-03-02")) }
        #expect(throws: StoreError.conflict(field: "share", reason: "I already gave them this resource on 2026-03-02"))
        {
            try database.write { try $0.resources.share(article.id, .given, with: ann, on: Day.on("2026-04-01")) }
        }
        // A second gift entered in the sqlite3 shell still counts once.
        try database.write {
            try $0.execute(
                sql:
                    "INSERT INTO shares(resource_id, person_id, direction, shared_on) VALUES (?, ?, 'given', '2026-05-01')",
                arguments: [article.id, ann])
        }
        #expect(try database.read { try $0.questions.ledger(of: ann) }.sharesGiven == 1)
    }

    @Test func theWeekHasBirthdaysAndPromisesAndTheLedgerCountsThem() throws {
        let ann = try add(NewPerson(name: "Ann", birthday: try Birthday("--11-28")))
        try add(NewPerson(name: "Bo", birthday: try Birthday("1990-12-02")))
        try add(NewPerson(name: "Cy", birthday: try Birthday("--12-03")))  // 7 days on: outside the week
        try add(NewPerson(name: "Di", birthday: try Birthday("--11-25")))  // yesterday
        try database.write { connection in
            try connection.asks.log(.theirs, of: ann, topic: "a reference", on: Day.on("2026-11-01"))
            try connection.asks.log(.theirs, of: ann, topic: "an intro", on: Day.on("2026-10-01"), status: .helped)
        }
        let plan = try database.read { try $0.questions.week(asOf: asOf) }
        #expect(plan.birthdays.map(\.name) == ["Ann", "Bo"] && plan.birthdays.map(\.inDays) == [2, 6])
        #expect(plan.birthdays[1].on == Day.on("2026-12-02"))
        #expect(plan.openAsks.map(\.topic) == ["a reference"])
        let ledger = try database.read { try $0.questions.ledger(of: ann) }
        #expect(ledger.asksIHelped == 1 && ledger.promisesOpen == 1)
        // February 29th is celebrated on the 28th in other years.
        #expect(Questions.falls(try Birthday("--02-29"), on: Day.on("2027-02-28")))
        #expect(!Questions.falls(try Birthday("--02-29"), on: Day.on("2028-02-28")))
    }

    @Test func topicsOfMineShowInReconnectIntroductionsAndWhoCanHelp() throws {
        let ann = try add(
            NewPerson(
                name: "Ann", interests: [NewInterest(topic: "chess", weight: 5), NewInterest(topic: "jazz", weight: 4)])
        )
        try add(NewPerson(name: "Bo", interests: [NewInterest(topic: "chess", weight: 4)]))
        try database.write { connection in
            try connection.interests.setMine(try connection.interests.topic(named: "chess")!.id)
            try connection.interactions.log(.call, with: ann, on: Day.on("2026-01-01"))
        }
        let reconnect = try database.read { try $0.questions.reconnect(asOf: asOf) }
        #expect(reconnect.first?.sharedTopics == ["chess"])
        let intro = try database.read { try $0.questions.introductions() }.first
        #expect(intro?.reasons.first?.detail == "chess (5/5 and 4/5; you care about it too)")
        let helpers = try database.read { try $0.questions.whoCanHelp(with: "chess") }
        #expect(helpers.first?.reasons.first?.detail == "chess (5/5; you both care about it)")
    }
}
