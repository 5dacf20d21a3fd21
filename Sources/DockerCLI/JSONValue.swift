import LayerlabBasics

/// A JSON value with ordered keys, printed as Docker's CLI prints inspect output: Go's
/// `json.MarshalIndent` with four spaces, and `<`, `>`, `&` escaped as Go escapes them.
indirect enum JSONValue: Equatable {
    case string(String)
    case number(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.prettyPrinted() == rhs.prettyPrinted() }

    func prettyPrinted(indent: String = "") -> String {
        let inner = indent + "    "
        switch self {
        case .string(let text): return Self.quote(text)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[\n" + items.map { inner + $0.prettyPrinted(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { inner + Self.quote($0.0) + ": " + $0.1.prettyPrinted(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        }
    }

    static func quote(_ text: String) -> String {
        JSONText.quoted(text, htmlSafe: true)
    }

    static func strings(_ list: [String]?) -> JSONValue {
        list.map { .array($0.map(JSONValue.string)) } ?? .null
    }
}
