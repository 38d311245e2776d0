/// One numbered schema change, from a `Migrations/NNNN_what.sql` file.
public struct Migration: Sendable, Hashable {
    /// The file name without `.sql`, such as `0001_initial`. Names sort in the order migrations apply.
    public let name: String
    /// The SQL script, exactly as the file holds it.
    public let sql: String

    /// Creates a migration from its name and SQL.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// A fingerprint of the SQL: 64-bit FNV-1a over its UTF-8 bytes, as 16 hex digits, with
    /// line endings normalized so a CRLF checkout of the same file matches.
    ///
    /// It detects an applied migration whose file was edited since; it is not a security hash.
    public var checksum: String {
        // Every `kith` command checks every migration, so the bytes are read in place: through
        // the string's iterator, the two passes cost some 60 instructions a byte. Only a CRLF
        // checkout has a CR (`replacingOccurrences` costs about 2 M instructions a file).
        let inPlace: UInt64?? = sql.utf8.withContiguousStorageIfAvailable { $0.contains(13) ? nil : Self.fnv1a($0) }
        let hash = inPlace.flatMap { $0 } ?? Self.fnv1a(Array(sql.replacingOccurrences(of: "\r\n", with: "\n").utf8))
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    private static func fnv1a(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
