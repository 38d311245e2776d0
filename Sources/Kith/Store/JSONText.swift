/// Lists written as JSON text to bind them to SQL as one value (`json_each(?)`), by hand:
/// Foundation's encoders spend more on each value than SQLite spends on the rows.
enum JSONText {
    /// `["a","b"]`: the strings as a JSON array.
    static func array(_ strings: some Sequence<String>) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, string) in strings.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            append(string, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// Appends `string` as a JSON string, quotes included, to the UTF-8 bytes of `json`: every
    /// character JSON escapes is ASCII, and any other byte is copied.
    static func append(_ string: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                json.append(UInt8(ascii: "\\"))
                json.append(byte)
            case 0..<0x20:
                json.append(contentsOf: "\\u00".utf8)
                json.append(hexDigits[Int(byte >> 4)])
                json.append(hexDigits[Int(byte & 0xF)])
            default:
                json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
