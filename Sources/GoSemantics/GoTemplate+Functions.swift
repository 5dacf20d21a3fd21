/// Go's built-in template functions (text/template `builtins`), the ones Docker's templates use.
extension GoTemplate {
    static let builtIns: Set<String> = ["len", "index", "not", "and", "or", "eq", "ne", "print", "println", "printf"]

    /// Checks a function's argument count, with Go's message.
    public static func expectArguments(_ wanted: Int, of name: String, _ arguments: [Value]) throws(TemplateError) {
        guard arguments.count == wanted else {
            throw TemplateError(message: "template: :1: wrong number of args for \(name): want \(wanted) got \(arguments.count)")
        }
    }

    static func builtIn(_ name: String, _ arguments: [Value], types: GoTypes) throws(TemplateError) -> Value {
        switch name {
        case "len":
            try expectArguments(1, of: name, arguments)
            switch arguments[0].json {
            case .array(let items)?: return Value(.number(Int64(items.count)))
            case .object(let members)?: return Value(.number(Int64(members.count)))
            case .string(let string)?: return Value(.number(Int64(string.utf8.count)))
            case nil, .null?: return Value(.number(0))
            default: throw TemplateError(message: "template: :1: error calling len: len of type \(typeName(arguments[0]))")
            }
        case "index":
            guard var current = arguments.first else {
                try expectArguments(2, of: name, arguments)
                return Value(nil)
            }
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
        case "not":
            try expectArguments(1, of: name, arguments)
            return Value(.bool(!types.isTrue(arguments[0])))
        case "and":
            return arguments.first { !types.isTrue($0) } ?? arguments.last ?? Value(nil)
        case "or":
            return arguments.first { types.isTrue($0) } ?? arguments.last ?? Value(nil)
        case "eq", "ne":
            try expectArguments(2, of: name, arguments)
            let same = types.format(arguments[0]) == types.format(arguments[1])
            return Value(.bool(name == "eq" ? same : !same))
        case "print": return Value(.string(arguments.map { types.format($0) }.joined()))
        case "println": return Value(.string(arguments.map { types.format($0) }.joined(separator: " ") + "\n"))
        case "printf":
            let format = arguments.first.map { types.format($0) } ?? ""
            return Value(.string(printf(format, Array(arguments.dropFirst()), types: types)))
        default:
            throw TemplateError(message: "template: :1: function \"\(name)\" not defined")
        }
    }

    /// `printf` with the verbs templates use: `%s`, `%v`, `%d`, `%q` (`strconv.Quote`), `%%`.
    static func printf(_ format: String, _ arguments: [Value], types: GoTypes) -> String {
        var out = ""
        var remaining = arguments.makeIterator()
        var chars = Array(format).makeIterator()
        while let c = chars.next() {
            guard c == "%", let verb = chars.next() else { out.append(c); continue }
            switch verb {
            case "%": out.append("%")
            case "q": out += remaining.next().map { GoQuote.string(types.format($0)) } ?? "%!q(MISSING)"
            default: out += remaining.next().map { types.format($0) } ?? "%!\(verb)(MISSING)"
            }
        }
        return out
    }
}
