/// JSON string literals for JSON that Go does not write (Go's encoding/json is `GoJSON`, in GoSemantics):
/// layerlab's own files, hadolint's report, and Python's `json.dumps` for `layerlab parse --json`.
public enum JSONText {
    /// A JSON string literal with the escapes JSON requires. `asciiOnly` also escapes everything
    /// outside printable ASCII as `\uXXXX`, with `\b` and `\f`, as Python's `json.dumps` does.
    public static func quoted(_ text: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}" where asciiOnly: out += "\\b"
            case "\u{0C}" where asciiOnly: out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value >= 0x7F) {
                    for unit in String(scalar).utf16 { out += unicodeEscape(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func unicodeEscape(_ unit: UInt16) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
