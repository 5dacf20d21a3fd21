/// The Go types behind the JSON a template runs over, as far as printing needs them. JSON cannot say
/// whether an object was a struct (`%v` prints `{v1 v2}`) or a map (`map[k:v]`, sorted by key), nor
/// what a field it leaves out was: the field is still in the struct, and prints as its type's zero
/// value. Fields are known by name.
public struct GoTypes: Sendable {
    /// Fields that are Go maps; other objects are structs.
    public var mapFields: Set<String>
    /// Fields that are Go slices, printed `[]` when absent.
    public var sliceFields: Set<String>
    /// Other fields the JSON leaves out when they are empty, with how their zero value prints.
    public var zeroValues: [String: String]

    public init(mapFields: Set<String> = [], sliceFields: Set<String> = [], zeroValues: [String: String] = [:]) {
        self.mapFields = mapFields
        self.sliceFields = sliceFields
        self.zeroValues = zeroValues
    }

    /// Whether a struct has this field even where the JSON leaves it out.
    func hasField(_ name: String) -> Bool {
        sliceFields.contains(name) || mapFields.contains(name) || zeroValues[name] != nil
    }

    /// Go's `%v` of the value: lists as `[a b]`, maps as `map[k:v]`, structs as `{v1 v2}`, a missing
    /// slice, map or pointer as `[]`, `map[]` or `<nil>`, a missing map key as `<no value>`.
    public func format(_ value: GoTemplate.Value) -> String {
        switch value.json {
        case nil, .null?:
            if let field = value.field, sliceFields.contains(field) { return "[]" }
            if let field = value.field, mapFields.contains(field) { return "map[]" }
            if let field = value.field, let zero = zeroValues[field] { return zero }
            return value.field == nil ? "<no value>" : "<nil>"
        case .string(let text)?: return text
        case .number(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array(let items)?: return "[" + items.map { format(GoTemplate.Value($0)) }.joined(separator: " ") + "]"
        case .object(let members)?:
            if mapFields.contains(value.field ?? "") {
                return "map[" + members.sorted { $0.0 < $1.0 }.map { "\($0.0):\(format(GoTemplate.Value($0.1, field: $0.0)))" }.joined(separator: " ") + "]"
            }
            return "{" + members.map { format(GoTemplate.Value($0.1, field: $0.0)) }.joined(separator: " ") + "}"
        }
    }

    /// text/template's truth: false for a zero value, an empty slice, map or string; a struct is true.
    public func isTrue(_ value: GoTemplate.Value) -> Bool {
        switch value.json {
        case nil, .null?: false
        case .bool(let flag)?: flag
        case .number(let number)?: number != 0
        case .string(let text)?: !text.isEmpty
        case .array(let items)?: !items.isEmpty
        case .object(let members)?: !members.isEmpty || !mapFields.contains(value.field ?? "")
        }
    }
}
