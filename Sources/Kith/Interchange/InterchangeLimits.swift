import Foundation

/// The limits every importer holds to, so that one bad file cannot exhaust memory or time.
///
/// - A file may hold at most ``maximumFileSize`` bytes (an import holds the file and what
///   it parsed in memory at once: about five times the file for vCard).
/// - A vCard line (after unfolding) may be at most ``VCardParser/maximumLineLength`` bytes.
/// - A CSV record may have at most ``CSVReader/maximumFields`` fields.
/// - JSON nested deeper than Foundation's parser allows (512 levels) is refused as invalid.
///
/// Text within those limits is stored unchanged, however long (a 10 MB note is kept whole).
public enum InterchangeLimits {
    /// The largest file an importer reads: 256 MiB.
    public static let maximumFileSize = 256 * 1024 * 1024

    /// Throws ``InterchangeError`` when `data` is larger than ``maximumFileSize``.
    static func checkSize(_ data: Data, file: String) throws {
        guard data.count <= maximumFileSize else {
            throw InterchangeError(
                file: file, reason: "larger than \(maximumFileSize / 1024 / 1024) MiB, the most Kith imports")
        }
    }
}
