import CSQLite
import Foundation

/// One of a connection's FTS5 tokenizers: reads a text into the tokens a full-text index
/// with that tokenizer stores for it.
///
/// A query that cares about a few rows only can tokenize their texts itself, with the very
/// code FTS5 runs, to learn which of them hold a word, instead of reading the index's list
/// of every row in the file that does:
/// ```swift
/// let tokenizer = try FullTextTokenizer("porter unicode61 remove_diacritics 2", on: connection)
/// tokenizer.tokens(of: "Gardens in Zürich")  // ["garden", "in", "zurich"]
/// ```
/// It must not outlive the connection (a question makes one and lets it go).
final class FullTextTokenizer {
    private let methods: fts5_tokenizer
    private let instance: OpaquePointer

    /// The tokenizer `spec` names, as a table's `tokenize` option writes it: a tokenizer's
    /// name, then its arguments (another tokenizer's, for a wrapper such as `porter`).
    init(_ spec: String, on connection: Connection) throws {
        let failed = { (why: String) in DatabaseError(code: .error, message: "FTS5 tokenizer '\(spec)': \(why)") }
        guard let api = kith_fts5_api(connection.handle), let find = api.pointee.xFindTokenizer else {
            throw failed("this SQLite has no FTS5")
        }
        let words = spec.split(separator: " ").map(String.init)
        var context: UnsafeMutableRawPointer?
        var methods = fts5_tokenizer()
        guard let name = words.first, find(api, name, &context, &methods) == SQLITE_OK,
            let create = methods.xCreate, methods.xTokenize != nil
        else { throw failed("no such tokenizer") }
        let arguments = words.dropFirst().map { strdup($0) }
        defer { arguments.forEach { free($0) } }
        var argv = arguments.map { UnsafePointer($0) }
        var instance: OpaquePointer?
        let code = create(context, &argv, Int32(argv.count), &instance)
        guard code == SQLITE_OK, let instance else {
            throw failed("its arguments were refused (\(String(cString: sqlite3_errstr(code))))")
        }
        self.methods = methods
        self.instance = instance
    }

    deinit { methods.xDelete?(instance) }

    /// The tokens of `text`, in order, as the index stores them for a document.
    func tokens(of text: String) -> [String] {
        var tokens: [String] = []
        var text = text
        text.withUTF8 { bytes in
            withUnsafeMutablePointer(to: &tokens) { tokens in
                _ = methods.xTokenize?(
                    instance, tokens, FTS5_TOKENIZE_DOCUMENT,
                    bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                    Int32(bytes.count)
                ) { tokens, _, token, length, _, _ in
                    let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                    tokens?.assumingMemoryBound(to: [String].self).pointee.append(
                        String(decoding: bytes, as: UTF8.self))
                    return SQLITE_OK
                }
            }
        }
        return tokens
    }
}
