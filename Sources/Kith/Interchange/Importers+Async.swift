import Foundation

extension VCardImporter {
    /// ``import(_:file:into:progress:)`` into a database, for Swift concurrency: one write on a
    /// thread of its own (``Database/write(_:)-1a1f8``). Cancelling the calling task stops the
    /// import at its next batch and keeps nothing of it.
    ///
    /// ```swift
    /// let summary = try await VCardImporter.import(data, file: "contacts.vcf", into: database)
    /// ```
    public static func `import`(
        _ data: Data, file: String = "input", into database: Database,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportSummary {
        try await database.write { try Self.import(data, file: file, into: $0, progress: progress) }
    }
}

extension ContactsCSVImporter {
    /// ``import(_:format:file:into:progress:)`` into a database, for Swift concurrency: one write
    /// on a thread of its own. Cancelling the calling task stops the import at its next batch
    /// and keeps nothing of it.
    ///
    /// ```swift
    /// let report = try await ContactsCSVImporter.import(data, format: .google, file: "contacts.csv", into: database)
    /// ```
    public static func `import`(
        _ data: Data, format: Format = .auto, file: String = "input", into database: Database,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> Report {
        try await database.write { try Self.import(data, format: format, file: file, into: $0, progress: progress) }
    }
}
