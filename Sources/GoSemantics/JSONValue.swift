/// A JSON value with its object members in order, as Go's encoding/json writes a struct's fields in
/// the order they are declared (`GoJSON` writes it).
public indirect enum JSONValue: Equatable, Sendable {
    case string(String)
    case number(Int64)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { GoJSON.marshal(lhs) == GoJSON.marshal(rhs) }

    /// A list of strings, `null` when there is none (a nil Go slice).
    public static func strings(_ list: [String]?) -> JSONValue {
        list.map { .array($0.map(JSONValue.string)) } ?? .null
    }
}
