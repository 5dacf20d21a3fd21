import Foundation

extension GoTemplate {
    /// Reads template text into nodes: text, actions and the blocks of if, range and with.
    struct Parser {
        let chars: [Character]
        /// The functions the template may call: Go's built-ins and the program's own.
        let functionNames: Set<String>
        var index = 0
        /// An `{{end}}` or `{{else}}` with no block open.
        var stray: String?
        /// The keyword that closed the last block (`end` or `else`), and what followed it (`else if …`).
        var closer: String?
        var closerPipeline: String?

        init(text: String, functionNames: Set<String>) {
            chars = Array(text)
            self.functionNames = functionNames
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
                        throw TemplateError(message: "template: :1: unclosed action")
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
                        throw TemplateError(message: "layerlab's templates have no {{\(keyword)}}")
                    default:
                        nodes.append(.action(try parsePipeline(body, base: base)))
                    }
                } else {
                    text.append(chars[index])
                    index += 1
                }
            }
            if !text.isEmpty { nodes.append(.text(text)) }
            if !closers.isEmpty { throw TemplateError(message: "template: :1: unexpected EOF") }
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
            let pipeline = try self.pipeline(tokens, &position, declaration: declaration)
            guard position == tokens.count else {
                throw TemplateError(message: "template: :1: unexpected \"\(tokens[position].text)\" in operand")
            }
            return pipeline
        }

        func pipeline(_ tokens: [Token], _ position: inout Int, declaration: String?) throws(TemplateError) -> Pipeline {
            var commands: [[Operand]] = [[]]
            while position < tokens.count, tokens[position].text != ")" {
                let token = tokens[position]
                position += 1
                if token.text == "|" {
                    guard !(commands.last?.isEmpty ?? true) else { throw TemplateError(message: "template: :1: missing command") }
                    commands.append([])
                    continue
                }
                commands[commands.count - 1].append(try operand(token, tokens, &position))
            }
            guard commands.allSatisfy({ !$0.isEmpty }) else { throw TemplateError(message: "template: :1: missing value for command") }
            return Pipeline(declaration: declaration, commands: commands)
        }

        func operand(_ located: Token, _ tokens: [Token], _ position: inout Int) throws(TemplateError) -> Operand {
            let token = located.text
            if token == "(" {
                let inner = try pipeline(tokens, &position, declaration: nil)
                guard position < tokens.count, tokens[position].text == ")" else { throw TemplateError(message: "template: :1: unclosed left paren") }
                position += 1
                var fields: [String] = []
                while position < tokens.count, tokens[position].text.hasPrefix("."), tokens[position].text != "." {
                    fields += Self.fieldNames(tokens[position].text)
                    position += 1
                }
                return .parenthesized(inner, fields)
            }
            if token == "." { return .dot([], at: located.offset) }
            if token.hasPrefix(".") { return .dot(Self.fieldNames(token), at: located.offset) }
            if token.hasPrefix("$") {
                let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                return .variable(parts[0], Array(parts.dropFirst()))
            }
            if token.hasPrefix("\"") { return .string(Self.unquote(token)) }
            if token.hasPrefix("`") { return .string(String(token.dropFirst().dropLast())) }
            if token == "true" || token == "false" { return .bool(token == "true") }
            if let number = Int64(token) { return .number(number) }
            // Go checks function names when it parses, before anything runs.
            guard functionNames.contains(token) else {
                throw TemplateError(message: "template: :1: function \"\(token)\" not defined")
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
                    guard j < chars.count else { throw TemplateError(message: "template: :1: unterminated quoted string") }
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
