/// Why an import or export failed: which file, where in it, and what was wrong.
///
/// Like the store's errors, messages name fields and positions, never the personal data
/// that was refused.
public struct InterchangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or "input" when the data did not come from a file.
    public let file: String
    /// Where in the file: "line 12", "card 3", "people[4]".
    public let location: String?
    /// What was wrong.
    public let reason: String

    public init(file: String, location: String? = nil, reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }

    public var description: String {
        [file, location].compactMap { $0 }.joined(separator: ": ") + ": " + reason
    }

    /// Runs one step of an import, turning a refusal by the store or the database into an
    /// error that names the file and where in it (the card, the line, the row).
    static func naming<T>(_ file: String, _ location: String?, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw InterchangeError(file: file, location: location, reason: error.description)
        } catch let error as DatabaseError {
            throw InterchangeError(file: file, location: location, reason: "the database refused it: \(error.message)")
        }
    }
}
