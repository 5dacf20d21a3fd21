import Foundation
import LayerlabBasics
import Shell

/// The part of Go's text/template that `--format` uses in Docker's CLI: field chains (`.Config.Env`),
/// variables, pipelines, parentheses, `if`/`else`/`range`/`with`, Go's built-in functions (`index`,
/// `len`, `eq`, `not`, `and`, `or`, `print`, `printf`, `println`) and Docker's own (`json`, `join`,
/// `split`, `upper`, `lower`, `title`, `pad`, `truncate`). Values print as Go's `%v` prints the
/// inspect structs: lists as `[a b]`, maps as `map[k:v]`, structs as `{v1 v2}`, and a missing list,
/// map or pointer as `[]`, `map[]` or `<nil>`.
struct GoTemplate {
    indirect enum Node {
        case text(String)
        case action(Pipeline)
        case conditional(Pipeline, then: [Node], otherwise: [Node])
        case loop(Pipeline, keyVariable: String?, elementVariable: String?, body: [Node], otherwise: [Node])
        case with(Pipeline, body: [Node], otherwise: [Node])
    }

    struct Pipeline {
        var declaration: String?
        var commands: [[Operand]]
    }

    indirect enum Operand {
        /// A field chain from dot, and where it starts in the template (Go's error column).
        case dot([String], at: Int)
        case variable(String, [String])
        case string(String)
        case number(Int64)
        case bool(Bool)
        case function(String)
        case parenthesized(Pipeline, [String])
    }

    /// A value as templates see it: the JSON of an inspect object, or nothing (a field the JSON leaves
    /// out), with the name of the field it came from, which decides how nothing prints.
    struct Value {
        var json: JSONValue?
        var field: String?

        init(_ json: JSONValue?, field: String? = nil) {
            self.json = json
            self.field = field
        }
    }

    /// Why a template cannot run, in the words of Docker's CLI.
    struct TemplateError: Error {
        var message: String
    }

    let nodes: [Node]

    init(_ text: String) throws(TemplateError) {
        var parser = Parser(text: text)
        nodes = try parser.parseNodes(until: [])
        if let stray = parser.stray {
            throw TemplateError(message: "template parsing error: template: :1: unexpected {{\(stray)}}")
        }
    }

    /// Runs the template over `value`; `structName` names the Go type a listing's rows are (its
    /// unknown fields fail as fields of that type, not as missing map keys).
    func render(_ value: JSONValue, structName: String? = nil) throws(TemplateError) -> String {
        var evaluator = Evaluator(root: Value(value), structName: structName)
        do {
            return try evaluator.run(nodes, dot: Value(value))
        } catch {
            // The CLI wraps every failure of a template the same way.
            let prefix = "template parsing error: "
            throw error.message.hasPrefix(prefix) ? error : TemplateError(message: prefix + error.message)
        }
    }
}

// MARK: Parsing

extension GoTemplate {
    private struct Parser {
        let chars: [Character]
        var index = 0
        /// An `{{end}}` or `{{else}}` with no block open.
        var stray: String?
        /// The keyword that closed the last block (`end` or `else`), and what followed it (`else if …`).
        var closer: String?
        var closerPipeline: String?

        init(text: String) {
            chars = Array(text)
        }

        /// Nodes until one of the keywords in `closers` (consumed and remembered in `closer`).
        mutating func parseNodes(until closers: Set<String>) throws(TemplateError) -> [Node] {
            var nodes: [Node] = []
            var text = ""
            while index < chars.count {
                if chars[index] == "{", index + 1 < chars.count, chars[index + 1] == "{" {
                    var start = index + 2
                    if start < chars.count, chars[start] == "-", start + 1 < chars.count, chars[start + 1] == " " {
                        while text.last?.isWhitespace == true { text.removeLast() }
                        start += 1
                    }
                    guard let close = findClose(from: start) else {
                        throw TemplateError(message: "template parsing error: template: :1: unclosed action")
                    }
                    let raw = String(chars[start..<close.contentEnd])
                    var body = raw.trimmingCharacters(in: .whitespaces)
                    var base = start + raw.prefix { $0 == " " }.count
                    index = close.after
                    if close.trimsAfter { while index < chars.count, chars[index].isWhitespace { index += 1 } }
                    if !text.isEmpty { nodes.append(.text(text)); text = "" }
                    if body.hasPrefix("/*") { continue }
                    let keyword = body.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
                    switch keyword {
                    case "end", "else":
                        guard closers.contains(keyword) else {
                            stray = body
                            return nodes
                        }
                        closer = keyword
                        closerPipeline = String(body.dropFirst(keyword.count)).trimmingCharacters(in: .whitespaces)
                        return nodes
                    case "if", "with":
                        body = String(body.dropFirst(keyword.count))
                        base += keyword.count
                        let pipeline = try parsePipeline(body, base: base)
                        let (then, otherwise) = try parseBlock()
                        nodes.append(keyword == "if" ? .conditional(pipeline, then: then, otherwise: otherwise) : .with(pipeline, body: then, otherwise: otherwise))
                    case "range":
                        base += keyword.count
                        body = String(body.dropFirst(keyword.count))
                        var keyVariable: String?
                        var elementVariable: String?
                        if let assign = body.range(of: ":=") {
                            let names = body[..<assign.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                            if names.count == 2 { keyVariable = names[0]; elementVariable = names[1] } else { elementVariable = names.first }
                            base += body.distance(from: body.startIndex, to: assign.upperBound)
                            body = String(body[assign.upperBound...])
                        }
                        let pipeline = try parsePipeline(body, base: base)
                        let (loopBody, otherwise) = try parseBlock()
                        nodes.append(.loop(pipeline, keyVariable: keyVariable, elementVariable: elementVariable, body: loopBody, otherwise: otherwise))
                    case "define", "template", "block", "break", "continue":
                        throw TemplateError(message: "template parsing error: layerlab's templates have no {{\(keyword)}}")
                    default:
                        nodes.append(.action(try parsePipeline(body, base: base)))
                    }
                } else {
                    text.append(chars[index])
                    index += 1
                }
            }
            if !text.isEmpty { nodes.append(.text(text)) }
            if !closers.isEmpty { throw TemplateError(message: "template parsing error: template: :1: unexpected EOF") }
            return nodes
        }

        /// The body of an if/with/range up to `{{end}}`, and its `{{else}}` part (`else if` nests).
        mutating func parseBlock() throws(TemplateError) -> ([Node], [Node]) {
            let body = try parseNodes(until: ["end", "else"])
            guard closer == "else" else { return (body, []) }
            let rest = closerPipeline ?? ""
            if rest.hasPrefix("if ") || rest.hasPrefix("with ") {
                let isIf = rest.hasPrefix("if ")
                let pipeline = try parsePipeline(String(rest.dropFirst(isIf ? 3 : 5)), base: 0)
                let (then, otherwise) = try parseBlock()
                return (body, [isIf ? .conditional(pipeline, then: then, otherwise: otherwise) : .with(pipeline, body: then, otherwise: otherwise)])
            }
            let otherwise = try parseNodes(until: ["end"])
            return (body, otherwise)
        }

        /// Where an action that starts at `start` ends, skipping `}}` inside quotes.
        func findClose(from start: Int) -> (contentEnd: Int, after: Int, trimsAfter: Bool)? {
            var i = start
            var quote: Character?
            while i + 1 < chars.count {
                let c = chars[i]
                if let open = quote {
                    if c == "\\" && open == "\"" { i += 2; continue }
                    if c == open { quote = nil }
                } else if c == "\"" || c == "`" {
                    quote = c
                } else if c == "}" && chars[i + 1] == "}" {
                    let trims = i >= 2 && chars[i - 1] == "-" && chars[i - 2] == " "
                    return (trims ? i - 1 : i, i + 2, trims)
                }
                i += 1
            }
            return nil
        }

        /// `base`: where `text` starts in the template.
        func parsePipeline(_ text: String, base: Int) throws(TemplateError) -> Pipeline {
            var tokens = try Self.tokens(of: text).map { Token(text: $0.text, offset: base + $0.offset) }
            var declaration: String?
            if tokens.count >= 2, tokens[0].text.hasPrefix("$"), tokens[1].text == ":=" || tokens[1].text == "=" {
                declaration = tokens[0].text
                tokens.removeFirst(2)
            }
            var position = 0
            let pipeline = try Self.pipeline(tokens, &position, declaration: declaration)
            guard position == tokens.count else {
                throw TemplateError(message: "template parsing error: template: :1: unexpected \"\(tokens[position].text)\" in operand")
            }
            return pipeline
        }

        static func pipeline(_ tokens: [Token], _ position: inout Int, declaration: String?) throws(TemplateError) -> Pipeline {
            var commands: [[Operand]] = [[]]
            while position < tokens.count, tokens[position].text != ")" {
                let token = tokens[position]
                position += 1
                if token.text == "|" {
                    guard !(commands.last?.isEmpty ?? true) else { throw TemplateError(message: "template parsing error: template: :1: missing command") }
                    commands.append([])
                    continue
                }
                commands[commands.count - 1].append(try operand(token, tokens, &position))
            }
            guard commands.allSatisfy({ !$0.isEmpty }) else { throw TemplateError(message: "template parsing error: template: :1: missing value for command") }
            return Pipeline(declaration: declaration, commands: commands)
        }

        static func operand(_ located: Token, _ tokens: [Token], _ position: inout Int) throws(TemplateError) -> Operand {
            let token = located.text
            if token == "(" {
                let inner = try pipeline(tokens, &position, declaration: nil)
                guard position < tokens.count, tokens[position].text == ")" else { throw TemplateError(message: "template parsing error: template: :1: unclosed left paren") }
                position += 1
                var fields: [String] = []
                while position < tokens.count, tokens[position].text.hasPrefix("."), tokens[position].text != "." {
                    fields += fieldNames(tokens[position].text)
                    position += 1
                }
                return .parenthesized(inner, fields)
            }
            if token == "." { return .dot([], at: located.offset) }
            if token.hasPrefix(".") { return .dot(fieldNames(token), at: located.offset) }
            if token.hasPrefix("$") {
                let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                return .variable(parts[0], Array(parts.dropFirst()))
            }
            if token.hasPrefix("\"") { return .string(unquote(token)) }
            if token.hasPrefix("`") { return .string(String(token.dropFirst().dropLast())) }
            if token == "true" || token == "false" { return .bool(token == "true") }
            if let number = Int64(token) { return .number(number) }
            // Go checks function names when it parses, before anything runs.
            guard GoTemplate.functions.contains(token) else {
                throw TemplateError(message: "template parsing error: template: :1: function \"\(token)\" not defined")
            }
            return .function(token)
        }

        static func fieldNames(_ token: String) -> [String] {
            token.split(separator: ".").map(String.init)
        }

        /// A Go interpreted string literal's value.
        static func unquote(_ token: String) -> String {
            var out = ""
            var chars = Array(token.dropFirst().dropLast()).makeIterator()
            while let c = chars.next() {
                guard c == "\\", let escaped = chars.next() else { out.append(c); continue }
                switch escaped {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(escaped)
                }
            }
            return out
        }

        struct Token {
            var text: String
            var offset: Int
        }

        /// Words, quoted strings, `|`, `(`, `)`, `:=` and `,`, with where each starts in `text`.
        static func tokens(of text: String) throws(TemplateError) -> [Token] {
            var tokens: [Token] = []
            let chars = Array(text)
            var i = 0
            while i < chars.count {
                let c = chars[i]
                if c.isWhitespace { i += 1; continue }
                if c == "\"" || c == "`" {
                    var j = i + 1
                    while j < chars.count, chars[j] != c { j += (c == "\"" && chars[j] == "\\") ? 2 : 1 }
                    guard j < chars.count else { throw TemplateError(message: "template parsing error: template: :1: unterminated quoted string") }
                    tokens.append(Token(text: String(chars[i...j]), offset: i))
                    i = j + 1
                    continue
                }
                if "|(),".contains(c) {
                    tokens.append(Token(text: String(c), offset: i))
                    i += 1
                    continue
                }
                if c == ":", i + 1 < chars.count, chars[i + 1] == "=" {
                    tokens.append(Token(text: ":=", offset: i))
                    i += 2
                    continue
                }
                var j = i
                while j < chars.count, !chars[j].isWhitespace, !"|(),".contains(chars[j]), !(chars[j] == ":" && j + 1 < chars.count && chars[j + 1] == "=") { j += 1 }
                tokens.append(Token(text: String(chars[i..<j]), offset: i))
                i = j
            }
            return tokens
        }
    }
}

// MARK: Running

extension GoTemplate {
    private struct Evaluator {
        let root: Value
        let structName: String?
        var variables: [String: Value] = [:]

        init(root: Value, structName: String?) {
            self.root = root
            self.structName = structName
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
                    if pipeline.declaration == nil { out += GoTemplate.format(value) }
                case .conditional(let pipeline, let then, let otherwise):
                    out += try run(GoTemplate.isTrue(try evaluate(pipeline, dot: dot)) ? then : otherwise, dot: dot)
                case .with(let pipeline, let body, let otherwise):
                    let value = try evaluate(pipeline, dot: dot)
                    out += GoTemplate.isTrue(value) ? try run(body, dot: value) : try run(otherwise, dot: dot)
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
                        throw TemplateError(message: "template: :1: range can't iterate over \(GoTemplate.format(value))")
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
            return try GoTemplate.apply(name, arguments)
        }

        mutating func value(of operand: Operand, dot: Value) throws(TemplateError) -> Value {
            switch operand {
            case .dot(let fields, let offset):
                return try GoTemplate.follow(fields, from: dot, at: offset, structName: dot.field == nil ? structName : nil)
            case .variable(let name, let fields):
                guard let value = variables[name] else { throw TemplateError(message: "template parsing error: template: :1: undefined variable \"\(name)\"") }
                return try GoTemplate.follow(fields, from: value)
            case .string(let text): return Value(.string(text))
            case .number(let number): return Value(.number(number))
            case .bool(let flag): return Value(.bool(flag))
            case .function(let name): return try GoTemplate.apply(name, [])
            case .parenthesized(let pipeline, let fields): return try GoTemplate.follow(fields, from: try evaluate(pipeline, dot: dot))
            }
        }
    }

    /// `offset`: where the chain is in the template, for the error; `structName`: the Go type of `start`.
    static func follow(_ fields: [String], from start: Value, at offset: Int = 0, structName: String? = nil) throws(TemplateError) -> Value {
        var current = start
        let context = "template parsing error: template: :1:\(offset): executing \"\" at <.\(fields.joined(separator: "."))>"
        for (position, field) in fields.enumerated() {
            switch current.json {
            case .object(let members)?:
                // A field the inspect JSON leaves out when empty is still in Docker's struct; any
                // other name fails as the CLI's fallback to the raw JSON fails.
                let member = members.first { $0.0 == field }?.1
                guard member != nil || sliceFields.contains(field) || mapFields.contains(field) || zeroValues[field] != nil else {
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

    // MARK: Functions

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

    // MARK: Printing

    /// Fields that are Go maps in Docker's structs (printed `map[k:v]`, sorted by key); other objects are structs.
    static let mapFields: Set<String> = ["Labels", "ExposedPorts", "Volumes", "Ports", "PortBindings", "Networks", "Options", "Annotations", "DriverOpts", "Data"]
    /// Fields that are Go slices, printed `[]` when absent.
    static let sliceFields: Set<String> = ["Cmd", "Entrypoint", "Env", "OnBuild", "Shell", "RepoTags", "RepoDigests", "Layers", "Mounts", "Args", "Binds", "Links", "Aliases", "DiffIDs"]

    /// Fields of Docker's structs that the inspect JSON leaves out when they are empty, with how
    /// their empty value prints.
    static let zeroValues: [String: String] = [
        "User": "", "WorkingDir": "", "StopSignal": "", "Hostname": "", "Domainname": "", "Comment": "", "Author": "",
        "Variant": "", "Image": "", "Parent": "", "DockerVersion": "", "Healthcheck": "<nil>", "ArgsEscaped": "false",
    ]

    /// Go's `%v`.
    static func format(_ value: Value) -> String {
        switch value.json {
        case nil, .null?:
            if let field = value.field, sliceFields.contains(field) { return "[]" }
            if let field = value.field, mapFields.contains(field) { return "map[]" }
            if let field = value.field, let zero = zeroValues[field] { return zero }
            return value.field == nil ? "<no value>" : "<nil>"
        case .string(let text)?: return text
        case .number(let number)?: return String(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        case .array(let items)?: return "[" + items.map { format(Value($0)) }.joined(separator: " ") + "]"
        case .object(let members)?:
            if mapFields.contains(value.field ?? "") {
                return "map[" + members.sorted { $0.0 < $1.0 }.map { "\($0.0):\(format(Value($0.1, field: $0.0)))" }.joined(separator: " ") + "]"
            }
            return "{" + members.map { format(Value($0.1, field: $0.0)) }.joined(separator: " ") + "}"
        }
    }

    /// Docker's `json` function: Go's encoder without HTML escaping, on one line.
    static func compactJSON(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): JSONText.quoted(text)
        case .number(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(compactJSON).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSONText.quoted($0.0) + ":" + compactJSON($0.1) }.joined(separator: ",") + "}"
        }
    }
}
