import Foundation
import LayerlabBasics

/// The functions templates may call: Go's built-ins and the Docker CLI's own.
extension GoTemplate {
    static let functions: Set<String> = [
        "json", "join", "split", "upper", "lower", "title", "pad", "truncate",
        "len", "index", "not", "and", "or", "eq", "ne", "print", "println", "printf",
    ]

    static func apply(_ name: String, _ arguments: [Value]) throws(TemplateError) -> Value {
        func text(_ index: Int) -> String { index < arguments.count ? format(arguments[index]) : "" }
        func count(_ wanted: Int) throws(TemplateError) {
            guard arguments.count == wanted else {
                throw TemplateError(message: "template: :1: wrong number of args for \(name): want \(wanted) got \(arguments.count)")
            }
        }
        switch name {
        case "json":
            try count(1)
            let zeroIsText = arguments[0].field.flatMap { zeroValues[$0] } == ""
            return Value(.string(arguments[0].json.map { compactJSON($0) } ?? (zeroIsText ? "\"\"" : "null")))
        case "join":
            try count(2)
            guard case .array(let items)? = arguments[0].json else { return Value(.string("")) }
            return Value(.string(items.map { format(Value($0)) }.joined(separator: text(1))))
        case "split":
            try count(2)
            return Value(.array(text(0).components(separatedBy: text(1)).map(JSONValue.string)))
        case "upper": try count(1); return Value(.string(text(0).uppercased()))
        case "lower": try count(1); return Value(.string(text(0).lowercased()))
        case "title": try count(1); return Value(.string(text(0).capitalized))
        case "pad":
            try count(3)
            guard case .number(let before)? = arguments[1].json, case .number(let after)? = arguments[2].json else { return arguments[0] }
            return Value(.string(String(repeating: " ", count: Int(max(0, before))) + text(0) + String(repeating: " ", count: Int(max(0, after)))))
        case "truncate":
            try count(2)
            guard case .number(let length)? = arguments[1].json else { return arguments[0] }
            return Value(.string(String(text(0).prefix(Int(max(0, length))))))
        case "len":
            try count(1)
            switch arguments[0].json {
            case .array(let items)?: return Value(.number(Int64(items.count)))
            case .object(let members)?: return Value(.number(Int64(members.count)))
            case .string(let string)?: return Value(.number(Int64(string.utf8.count)))
            case nil, .null?: return Value(.number(0))
            default: throw TemplateError(message: "template: :1: error calling len: len of type \(typeName(arguments[0]))")
            }
        case "index":
            guard var current = arguments.first else { try count(2); return Value(nil) }
            for key in arguments.dropFirst() {
                switch (current.json, key.json) {
                case (.array(let items)?, .number(let position)?):
                    guard position >= 0 && position < items.count else {
                        throw TemplateError(message: "template: :1: error calling index: index out of range: \(position)")
                    }
                    current = Value(items[Int(position)])
                case (.object(let members)?, .string(let name)?):
                    current = Value(members.first { $0.0 == name }?.1, field: name)
                case (nil, _), (.null?, _):
                    current = Value(nil)
                default:
                    throw TemplateError(message: "template: :1: error calling index: cannot index \(typeName(current)) with \(typeName(key))")
                }
            }
            return current
        case "not": try count(1); return Value(.bool(!isTrue(arguments[0])))
        case "and":
            return arguments.first { !isTrue($0) } ?? arguments.last ?? Value(nil)
        case "or":
            return arguments.first { isTrue($0) } ?? arguments.last ?? Value(nil)
        case "eq", "ne":
            try count(2)
            let same = format(arguments[0]) == format(arguments[1])
            return Value(.bool(name == "eq" ? same : !same))
        case "print": return Value(.string(arguments.map { format($0) }.joined()))
        case "println": return Value(.string(arguments.map { format($0) }.joined(separator: " ") + "\n"))
        case "printf": return Value(.string(printf(text(0), Array(arguments.dropFirst()))))
        default:
            throw TemplateError(message: "template parsing error: template: :1: function \"\(name)\" not defined")
        }
    }

    /// `printf` with the verbs templates use: `%s`, `%v`, `%d`, `%q`, `%%`.
    static func printf(_ format: String, _ arguments: [Value]) -> String {
        var out = ""
        var remaining = arguments.makeIterator()
        var chars = Array(format).makeIterator()
        while let c = chars.next() {
            guard c == "%", let verb = chars.next() else { out.append(c); continue }
            switch verb {
            case "%": out.append("%")
            case "q": out += remaining.next().map { JSONText.quoted(Self.format($0)) } ?? "%!q(MISSING)"
            default: out += remaining.next().map { Self.format($0) } ?? "%!\(verb)(MISSING)"
            }
        }
        return out
    }

    static func isTrue(_ value: Value) -> Bool {
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
