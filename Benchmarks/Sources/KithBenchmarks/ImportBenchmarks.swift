import Foundation
import Kith

/// Importing 100,000 contacts, as a vCard file and as a Google CSV export, into a new
/// database: each in one transaction, through Kith's public importers.
struct ImportBenchmarks {
    let contacts: Int

    func run() throws {
        let scratch = try Scratch()
        var vcards = ""
        var csv =
            "First Name,Last Name,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Organization Name,Birthday,Notes\n"
        var phoneOnly = "First Name,Last Name,Phone 1 - Value\n"  // no email: each row is matched by name
        for i in 0..<contacts {
            vcards +=
                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person \(i);Ann;;;\r\nFN:Ann Person \(i)\r\nitem1.EMAIL;TYPE=INTERNET:ann\(i)@example.org\r\n"
                + "item1.X-ABLabel:_$!<Work>!$_\r\nTEL;TYPE=CELL:+1 555 \(100_000 + i)\r\nORG:Company \(i % 500)\r\nBDAY:1980-03-\(10 + i % 18)\r\n"
                + "CATEGORIES:topic \(i % 300),topic \((i * 7) % 300)\r\nNOTE:Met at event \(i % 40)\\, talked about gardens\r\nEND:VCARD\r\n"
            phoneOnly += "Bo,Person \(i),+1 555 \(100_000 + i)\n"
            csv +=
                "Ann,Person \(i),* myContacts ::: topic \(i % 300),Work,ann\(i)@example.org,Mobile,+1 555 \(100_000 + i),Company \(i % 500),1980-03-\(10 + i % 18),\"Met at event \(i % 40), talked about gardens\"\n"
        }
        print("| import | contacts | seconds | contacts per second | peak memory (MB) |")
        print("|---|---:|---:|---:|---:|")
        let parse = try measure(runs: 1, warmUp: false) { _ = try VCardParser.parse(Data(vcards.utf8)) }
        let csvParse = try measure(runs: 1, warmUp: false) { _ = try CSVReader.records(csv) }
        print(
            "| (parsing only: vCard \(format(parse.median / 1000)) s, CSV \(format(csvParse.median / 1000)) s) | | | | |"
        )
        let vcardDatabase = try Database.openKith(at: .file(scratch.path("vcard.sqlite")))
        let vcard = try measure(runs: 1, warmUp: false) {
            let summary = try vcardDatabase.write {
                try VCardImporter.import(Data(vcards.utf8), file: "bench.vcf", into: $0)
            }
            precondition(summary.added == contacts)
        }
        print(
            "| vCard 3.0 | \(contacts) | \(format(vcard.median / 1000)) | \(format(Double(contacts) / vcard.median * 1000, 0)) | \(format(peakMemoryMB(), 0)) |"
        )
        let csvDatabase = try Database.openKith(at: .file(scratch.path("csv.sqlite")))
        let google = try measure(runs: 1, warmUp: false) {
            let report = try csvDatabase.write {
                try ContactsCSVImporter.import(Data(csv.utf8), format: .google, file: "bench.csv", into: $0)
            }
            precondition(report.added == contacts)
        }
        print(
            "| Google CSV | \(contacts) | \(format(google.median / 1000)) | \(format(Double(contacts) / google.median * 1000, 0)) | \(format(peakMemoryMB(), 0)) |"
        )
        let phonesDatabase = try Database.openKith(at: .file(scratch.path("phones.sqlite")))
        let phones = try measure(runs: 1, warmUp: false) {
            let report = try phonesDatabase.write {
                try ContactsCSVImporter.import(Data(phoneOnly.utf8), format: .google, file: "phones.csv", into: $0)
            }
            precondition(report.added == contacts)
        }
        print(
            "| Google CSV, phones only | \(contacts) | \(format(phones.median / 1000)) | \(format(Double(contacts) / phones.median * 1000, 0)) | \(format(peakMemoryMB(), 0)) |"
        )
    }
}
