extension GoTemplate {
    /// Runs parsed nodes over a value, keeping the template's variables.
    struct Evaluator {
        let structName: String?
        let functions: [String: Function]
        let types: GoTypes
        /// The template's variables; `$` is the value it runs over.
        var variables: [String: Value] = [:]

        init(root: Value, structName: String?, functions: [String: Function], types: GoTypes) {
            self.structName = structName
            self.functions = functions
            self.types = types
            variables["$"] = root
        }

        mutating func run(_ nodes: [Node], dot: Value) throws(TemplateError) -> String {
            var out = ""
            for node in nodes {
                switch node {
                case .text(let text):
                    out += text
                case .action(let pipeline):
                    let value = try evaluate(pipeline, dot: dot)
                    if pipeline.declaration == nil { out += types.format(value) }
                case .conditional(let pipeline, let then, let otherwise):
                    out += try run(types.isTrue(try evaluate(pipeline, dot: dot)) ? then : otherwise, dot: dot)
                case .with(let pipeline, let body, let otherwise):
                    let value = try evaluate(pipeline, dot: dot)
                    out += types.isTrue(value) ? try run(body, dot: value) : try run(otherwise, dot: dot)
                case .loop(let pipeline, let keyVariable, let elementVariable, let body, let otherwise):
                    let value = try evaluate(pipeline, dot: dot)
                    var items: [(key: Value, element: Value)] = []
                    switch value.json {
                    case .array(let elements)?:
                        items = elements.enumerated().map { (Value(.number(Int64($0.offset))), Value($0.element)) }
                    case .object(let members)?:
                        items = members.sorted { $0.0 < $1.0 }.map { (Value(.string($0.0)), Value($0.1, field: $0.0)) }
                    case nil, .null?:
                        items = []
                    default:
                        throw TemplateError(message: "template: :1: range can't iterate over \(types.format(value))")
                    }
                    if items.isEmpty { out += try run(otherwise, dot: dot) }
                    for item in items {
                        if let keyVariable { variables[keyVariable] = item.key }
                        if let elementVariable { variables[elementVariable] = item.element }
                        out += try run(body, dot: item.element)
                    }
                }
            }
            return out
        }

        mutating func evaluate(_ pipeline: Pipeline, dot: Value) throws(TemplateError) -> Value {
            var result: Value?
            for command in pipeline.commands {
                result = try call(command, dot: dot, piped: result)
            }
            let value = result ?? Value(nil)
            if let declaration = pipeline.declaration { variables[declaration] = value }
            return value
        }

        mutating func call(_ command: [Operand], dot: Value, piped: Value?) throws(TemplateError) -> Value {
            guard case .function(let name) = command[0] else {
                guard command.count == 1, piped == nil else {
                    throw TemplateError(message: "template: :1: can't give argument to non-function \(command.count > 1 ? "operand" : "value")")
                }
                return try value(of: command[0], dot: dot)
            }
            var arguments: [Value] = []
            for operand in command.dropFirst() { arguments.append(try value(of: operand, dot: dot)) }
            if let piped { arguments.append(piped) }
            return try apply(name, arguments)
        }

        /// The program's function of that name, else Go's built-in.
        func apply(_ name: String, _ arguments: [Value]) throws(TemplateError) -> Value {
            if let function = functions[name] { return try function(arguments, types) }
            return try GoTemplate.builtIn(name, arguments, types: types)
        }

        mutating func value(of operand: Operand, dot: Value) throws(TemplateError) -> Value {
            switch operand {
            case .dot(let fields, let offset):
                return try GoTemplate.follow(fields, from: dot, at: offset, structName: dot.field == nil ? structName : nil, types: types)
            case .variable(let name, let fields):
                guard let value = variables[name] else { throw TemplateError(message: "template: :1: undefined variable \"\(name)\"") }
                return try GoTemplate.follow(fields, from: value, types: types)
            case .string(let text): return Value(.string(text))
            case .number(let number): return Value(.number(number))
            case .bool(let flag): return Value(.bool(flag))
            case .function(let name): return try apply(name, [])
            case .parenthesized(let pipeline, let fields): return try GoTemplate.follow(fields, from: try evaluate(pipeline, dot: dot), types: types)
            }
        }
    }

    /// `offset`: where the chain is in the template, for the error; `structName`: the Go type of `start`.
    static func follow(_ fields: [String], from start: Value, at offset: Int = 0, structName: String? = nil, types: GoTypes) throws(TemplateError) -> Value {
        var current = start
        let context = "template: :1:\(offset): executing \"\" at <.\(fields.joined(separator: "."))>"
        for (position, field) in fields.enumerated() {
            switch current.json {
            case .object(let members)?:
                // A field the JSON leaves out when empty is still in the struct; any other name fails
                // as a missing key of a map does.
                let member = members.first { $0.0 == field }?.1
                guard member != nil || types.hasField(field) else {
                    if position == 0, let structName {
                        throw TemplateError(message: "\(context): can't evaluate field \(field) in type \(structName)")
                    }
                    throw TemplateError(message: "\(context): map has no entry for key \"\(field)\"")
                }
                current = Value(member, field: field)
            case nil, .null?:
                throw TemplateError(message: "\(context): nil pointer evaluating \(current.field.map { "." + $0 } ?? "value").\(field)")
            default:
                throw TemplateError(message: "\(context): can't evaluate field \(field) in type \(typeName(current))")
            }
        }
        return current
    }

    static func typeName(_ value: Value) -> String {
        switch value.json {
        case .string?: "string"
        case .number?: "int"
        case .bool?: "bool"
        case .array?: "[]interface {}"
        default: "interface {}"
        }
    }
}
