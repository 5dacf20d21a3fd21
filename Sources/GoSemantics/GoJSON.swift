/// Go's encoding/json output: `json.Marshal` (compact), `json.MarshalIndent`, and an Encoder with
/// `SetEscapeHTML(false)` (Docker's `json` template function). Members keep their order, as a Go
/// struct's fields do; a Go map's keys come sorted, so a map is written as an object built sorted.
public enum GoJSON {
    /// `json.Marshal`: one line, no spaces.
    public static func marshal(_ value: JSONValue, escapeHTML: Bool = true) -> String {
        switch value {
        case .string(let text): string(text, escapeHTML: escapeHTML)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map { marshal($0, escapeHTML: escapeHTML) }.joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.map { string($0.0, escapeHTML: escapeHTML) + ":" + marshal($0.1, escapeHTML: escapeHTML) }.joined(separator: ",") + "}"
        }
    }

    /// `json.MarshalIndent(value, prefix, indent)` with no prefix: a member or element per line,
    /// `"key": value`, and `[]` and `{}` when empty.
    public static func marshalIndent(_ value: JSONValue, indent: String) -> String {
        indented(value, indent: indent, depth: "")
    }

    /// `value` written at `depth`, the indentation of its own line.
    private static func indented(_ value: JSONValue, indent: String, depth: String) -> String {
        let inner = depth + indent
        switch value {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + indented($0, indent: indent, depth: inner) }.joined(separator: ",\n") + "\n" + depth + "]"
        case .object(let members) where !members.isEmpty:
            return "{\n" + members.map { inner + string($0.0) + ": " + indented($0.1, indent: indent, depth: inner) }.joined(separator: ",\n")
                + "\n" + depth + "}"
        default:
            return marshal(value)
        }
    }

    /// A string literal as encoding/json writes it (Go 1.22 and later): `\"`, `\\`, `\b`, `\f`, `\n`,
    /// `\r`, `\t`, other control characters as `\u00XX`, U+2028 and U+2029 always escaped, and with
    /// `escapeHTML` (Go's default) `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026`.
    public static func string(_ text: String, escapeHTML: Bool = true) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapeHTML, ">" where escapeHTML, "&" where escapeHTML, "\u{2028}", "\u{2029}":
                out += unicodeEscape(scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += unicodeEscape(scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `\u` and four lowercase hex digits, as Go writes them.
    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
