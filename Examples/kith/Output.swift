import Foundation
import Kith

/// The version of the `--json` contract (README, "The JSON contract"; `kith-json.schema.json`).
let jsonContractVersion = 1

/// Prints one JSON document (objects with sorted keys) on standard output, with the
/// contract's `"version"` at the top.
func printJSON(_ object: [String: Any]) throws {
    var object = object
    object["version"] = jsonContractVersion
    let data = try JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
}

/// A person as every JSON answer names one: `{"id", "name"}`.
func personJSON(_ id: Person.ID, _ name: String) -> [String: Any] {
    ["id": id.rawValue, "name": name]
}

/// A reason as every JSON answer gives one: `{"kind", "detail", "points"}`.
func reasonJSON(_ reason: Reason) -> [String: Any] {
    ["kind": reason.kind.rawValue, "detail": reason.detail, "points": reason.points]
}

/// A birthday: `{"date": "1990-07-19" or "--07-19", "month", "day"}`, and `"year"` when known.
func birthdayJSON(_ birthday: Birthday) -> [String: Any] {
    var object: [String: Any] = ["date": birthday.description, "month": birthday.month, "day": birthday.day]
    object["year"] = birthday.year
    return object
}

/// A birthday for people: "July 19" or "July 19, 1990".
func formatBirthday(_ birthday: Birthday) -> String {
    let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    return "\(months[birthday.month - 1]) \(birthday.day)" + (birthday.year.map { ", \($0)" } ?? "")
}

/// A count with its noun, singular or plural: "1 day", "3 days".
func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
    "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
}

/// A score without needless decimals: 52, 7.45, 7.50.
///
/// Written out by hand rather than through `String(format:)`, whose first call costs a
/// `kith` command about a million instructions of runtime type lookups.
func formatScore(_ score: Double) -> String {
    let hundredths = Int((score * 100).rounded())
    let (whole, fraction) = (hundredths / 100, abs(hundredths % 100))
    guard fraction != 0 else { return String(whole) }
    let sign = hundredths < 0 && whole == 0 ? "-" : ""
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
}

/// A line of progress redrawn in place on a terminal; nothing when output is piped.
struct ProgressLine {
    let isTerminal = isatty(STDOUT_FILENO) == 1

    func show(_ text: String) {
        if isTerminal { print("\r\u{1B}[K" + text, terminator: "") }
    }

    /// Clears the line, so what is printed next starts clean.
    func clear() {
        if isTerminal { print("\r\u{1B}[K", terminator: "") }
    }
}

/// The contents of a file named on the command line, or a one-line error.
func readFile(_ path: String) throws -> Data {
    // Refused before reading, so a huge file is never loaded.
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= InterchangeLimits.maximumFileSize else {
        throw CommandError(
            "\(path) is larger than \(InterchangeLimits.maximumFileSize / 1024 / 1024) MiB, the most Kith imports")
    }
    guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("cannot read \(path)") }
    return data
}
