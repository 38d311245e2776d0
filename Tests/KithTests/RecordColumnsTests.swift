import Testing

@testable import Kith

/// Every record reads itself from the columns it lists (`RowDecodable`); those lists must name
/// columns the schema has, or a query would fail at run time on a path a test might miss.
@Suite("Record columns")
struct RecordColumnsTests {
    static var records: [any RowDecodable.Type] {
        [
            Person.self, EmailAddress.self, PhoneNumber.self, Website.self, PostalAddress.self, Note.self,
            Resource.self,
            Share.self, Ask.self, Interaction.self, Topic.self, Interest.self, Commitment.self, AddressBook.self,
            AddressBookCard.self,
        ]
    }

    @Test(arguments: Self.records.indices)
    func eachRecordsColumnsAreColumnsOfItsTable(index: Int) throws {
        let record = Self.records[index]
        let database = try Database.openKith(at: .inMemory)
        for column in record.columns {
            let parts = column.split(separator: ".").map(String.init)
            let (table, name) = parts.count == 2 ? (parts[0], parts[1]) : (record.table, column)
            let found: Int? = try database.read {
                try $0.fetchValue(
                    sql: "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", arguments: [table, name])
            }
            #expect(found == 1, "\(record).columns names \(column), which \(table) does not have")
        }
    }

    @Test func theColumnsAPersonIsWrittenToAreTheOnesItIsReadFrom() throws {
        let database = try Database.openKith(at: .inMemory)
        let ann = try database.write { connection in
            try connection.people.add(
                NewPerson(
                    name: "Ann Lee", organization: "River Runners", title: "Coach", howWeMet: "River 10K",
                    metOn: Day.on("2024-05-12"), birthday: try Birthday("--07-14"), contactEveryDays: 30,
                    emails: [EmailAddress("ann@example.org", label: "work")], phones: [PhoneNumber("+1 555 0100")]))
        }
        var edited = ann
        (edited.title, edited.contactEveryDays, edited.isArchived) = ("Head coach", 14, true)
        let updated = try database.write { try $0.people.update(edited) }
        #expect(updated.title == "Head coach" && updated.contactEveryDays == 14 && updated.isArchived)
        #expect(updated.name == ann.name && updated.howWeMet == ann.howWeMet && updated.birthday == ann.birthday)
        #expect(updated.emails == ann.emails && updated.phones == ann.phones)
    }
}
