// The checks every repository makes on what it is given, and the text clean-up they share;
// each failure is a ``StoreError`` that names the field.

/// Throws ``StoreError/invalid(field:reason:)`` unless `condition` holds.
func check(_ condition: Bool, field: String, _ reason: @autoclosure () -> String) throws {
    if !condition { throw StoreError.invalid(field: field, reason: reason()) }
}

/// The text trimmed of surrounding white space, or nil when nothing is left.
func trimmed(_ text: String?) -> String? {
    guard let text = text?.withoutSurroundingWhitespace, !text.isEmpty else { return nil }
    return text
}

/// The text trimmed, or a ``StoreError`` when it is empty or holds a NUL character (SQLite's
/// text functions, and so the schema's CHECKs, stop at the first NUL).
func requiredText(_ text: String, field: String) throws -> String {
    guard let text = trimmed(text) else { throw StoreError.invalid(field: field, reason: "must not be empty") }
    try check(!text.utf8.contains(0), field: field, "must not contain a NUL character")
    return text
}

extension StringProtocol {
    /// The text without the white space and line breaks around it. Swift's own: on Linux,
    /// Foundation's `trimmingCharacters(in:)` goes through NSString and was a third of the
    /// time of an import.
    var withoutSurroundingWhitespace: String {
        // Most text starts and ends with a printable ASCII byte: nothing to trim, and no
        // Character needs its Unicode properties looked up.
        let text = String(self)
        if let first = text.utf8.first, let last = text.utf8.last, (0x21..<0x7F).contains(first),
            (0x21..<0x7F).contains(last)
        {
            return text
        }
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
