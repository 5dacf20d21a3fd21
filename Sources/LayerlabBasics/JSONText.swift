/// JSON string literals, written the ways the tools layerlab imitates write them.
public enum JSONText {
    /// A JSON string literal. `asciiOnly` escapes everything outside printable ASCII as `\uXXXX` (as
    /// Python's `json.dumps` does); `htmlSafe` escapes `<`, `>` and `&` (as Go's `encoding/json` does).
    /// A JSON array of strings, compact, as `docker inspect` shows `Cmd` in its Go template form.
    public static func array(_ items: [String]) -> String {
        "[" + items.map { quoted($0) }.joined(separator: ",") + "]"
    }

    public static func quoted(_ text: String, asciiOnly: Bool = false, htmlSafe: Bool = false) -> String {
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
            case "<" where htmlSafe, ">" where htmlSafe, "&" where htmlSafe:
                out += unicodeEscape(UInt16(scalar.value))
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
