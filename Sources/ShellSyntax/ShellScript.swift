/// A parsed shell script (POSIX XCU 2.9): lists, pipelines, `&&`/`||`, subshells, brace groups,
/// `if`, `for`, `while`/`until`, `case`, and simple commands with assignments and redirections.
public indirect enum ShellScript: Equatable, Sendable {
    case simple(SimpleCommand)
    case pipeline([ShellScript], negated: Bool)
    case and(ShellScript, ShellScript)
    case or(ShellScript, ShellScript)
    case sequence([ShellScript])
    case subshell(ShellScript)
    case group(ShellScript)
    case ifClause(branches: [IfBranch], elseBody: ShellScript?)
    case forLoop(variable: String, words: [ShellWord]?, body: ShellScript)
    case whileLoop(condition: ShellScript, body: ShellScript, until: Bool)
    case caseClause(word: ShellWord, items: [CaseItem])
    /// `cmd &`: layerlab runs it in the foreground (it simulates no concurrency) and says so.
    case background(ShellScript)

    public struct IfBranch: Equatable, Sendable {
        public var condition: ShellScript
        public var body: ShellScript
    }

    /// `pattern | pattern) commands ;;`
    public struct CaseItem: Equatable, Sendable {
        public var patterns: [ShellWord]
        /// Nil for an item with no commands.
        public var body: ShellScript?
    }
}

/// `NAME=value … word… redirection…`
public struct SimpleCommand: Equatable, Sendable {
    public var assignments: [(name: String, value: ShellWord)]
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]

    public init(assignments: [(name: String, value: ShellWord)], words: [ShellWord], redirections: [ShellRedirection]) {
        self.assignments = assignments
        self.words = words
        self.redirections = redirections
    }

    public static func == (lhs: SimpleCommand, rhs: SimpleCommand) -> Bool {
        lhs.assignments.map(\.name) == rhs.assignments.map(\.name) && lhs.assignments.map(\.value) == rhs.assignments.map(\.value)
            && lhs.words == rhs.words && lhs.redirections == rhs.redirections
    }
}

/// Builds a `ShellScript` from the lexer's tokens.
public struct ShellParser {
    public init() {}

    public func parse(_ text: String) throws(ShellParseError) -> ShellScript {
        let tokens: [ShellToken]
        switch ShellLexer().tokenize(text) {
        case .success(let result): tokens = result
        case .failure(let error): throw ShellParseError(message: error.description)
        }
        var state = State(tokens: tokens)
        let script = try state.parseList(until: [])
        if let token = state.peek() { throw State.unexpected(token) }
        return script
    }

    private struct State {
        let tokens: [ShellToken]
        var index = 0

        init(tokens: [ShellToken]) {
            self.tokens = tokens
        }

        func peek() -> ShellToken? { index < tokens.count ? tokens[index] : nil }

        /// The reserved word at the current position, when the token is an unquoted word that is one.
        func reservedWord() -> String? {
            guard case .word(let word)? = peek(), !word.isQuoted else { return nil }
            let reserved: Set<String> = ["if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until", "case", "esac", "{", "}", "!"]
            return reserved.contains(word.text) ? word.text : nil
        }

        mutating func skipNewlines() {
            while case .newline? = peek() { index += 1 }
        }

        static func unexpected(_ token: ShellToken?) -> ShellParseError {
            let text: String
            switch token {
            case .word(let word)?: text = word.text
            case .operator(let op)?: text = op.rawValue
            case .newline?: text = "newline"
            case .redirection?: text = "redirection"
            case nil: text = "end of file"
            }
            return ShellParseError(message: "syntax error near unexpected token `\(text)'")
        }

        mutating func expect(_ word: String) throws(ShellParseError) {
            skipNewlines()
            guard reservedWord() == word else { throw Self.unexpected(peek()) }
            index += 1
        }

        /// Commands separated by `;`, `&` or newlines, up to one of the `terminators` (not consumed).
        mutating func parseList(until terminators: Set<String>) throws(ShellParseError) -> ShellScript {
            var items: [ShellScript] = []
            while true {
                skipNewlines()
                guard let token = peek() else { break }
                if let word = reservedWord(), terminators.contains(word) { break }
                if case .operator(.closeParen) = token { break }
                if case .operator(.caseBreak) = token { break }
                var item = try parseAndOr()
                switch peek() {
                case .operator(.semicolon)?:
                    index += 1
                case .operator(.background)?:
                    index += 1
                    item = .background(item)
                case .newline?, nil:
                    break
                default:
                    if let word = reservedWord(), terminators.contains(word) { break }
                    if case .operator(.closeParen)? = peek() { break }
                    if case .operator(.caseBreak)? = peek() { break }
                    throw Self.unexpected(peek())
                }
                items.append(item)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func parseAndOr() throws(ShellParseError) -> ShellScript {
            var left = try parsePipeline()
            while case .operator(let op)? = peek(), op == .and || op == .or {
                index += 1
                skipNewlines()
                let right = try parsePipeline()
                left = op == .and ? .and(left, right) : .or(left, right)
            }
            return left
        }

        mutating func parsePipeline() throws(ShellParseError) -> ShellScript {
            var negated = false
            if reservedWord() == "!" {
                negated = true
                index += 1
            }
            var commands = [try parseCommand()]
            while case .operator(.pipe)? = peek() {
                index += 1
                skipNewlines()
                commands.append(try parseCommand())
            }
            return commands.count == 1 && !negated ? commands[0] : .pipeline(commands, negated: negated)
        }

        mutating func parseCommand() throws(ShellParseError) -> ShellScript {
            switch reservedWord() {
            case "if":
                index += 1
                var branches: [ShellScript.IfBranch] = []
                var elseBody: ShellScript?
                var keyword = "if"
                while keyword == "if" || keyword == "elif" {
                    let condition = try parseList(until: ["then"])
                    try expect("then")
                    let body = try parseList(until: ["elif", "else", "fi"])
                    branches.append(.init(condition: condition, body: body))
                    skipNewlines()
                    keyword = reservedWord() ?? ""
                    index += 1
                    if keyword == "else" {
                        elseBody = try parseList(until: ["fi"])
                        try expect("fi")
                    } else if keyword != "elif" && keyword != "fi" {
                        index -= 1
                        throw Self.unexpected(peek())
                    }
                }
                return .ifClause(branches: branches, elseBody: elseBody)
            case "for":
                index += 1
                guard case .word(let name)? = peek() else { throw Self.unexpected(peek()) }
                index += 1
                var words: [ShellWord]?
                skipNewlines()
                if reservedWord() == "in" {
                    index += 1
                    var list: [ShellWord] = []
                    while case .word(let word)? = peek() {
                        list.append(word)
                        index += 1
                    }
                    words = list
                }
                if case .operator(.semicolon)? = peek() { index += 1 }
                try expect("do")
                let body = try parseList(until: ["done"])
                try expect("done")
                return .forLoop(variable: name.text, words: words, body: body)
            case "while", "until":
                let until = reservedWord() == "until"
                index += 1
                let condition = try parseList(until: ["do"])
                try expect("do")
                let body = try parseList(until: ["done"])
                try expect("done")
                return .whileLoop(condition: condition, body: body, until: until)
            case "case":
                index += 1
                guard case .word(let subject)? = peek() else { throw Self.unexpected(peek()) }
                index += 1
                try expect("in")
                var items: [ShellScript.CaseItem] = []
                while true {
                    skipNewlines()
                    if reservedWord() == "esac" { break }
                    if case .operator(.openParen)? = peek() { index += 1 }
                    var patterns: [ShellWord] = []
                    while case .word(let pattern)? = peek() {
                        patterns.append(pattern)
                        index += 1
                        guard case .operator(.pipe)? = peek() else { break }
                        index += 1
                    }
                    guard !patterns.isEmpty, case .operator(.closeParen)? = peek() else { throw Self.unexpected(peek()) }
                    index += 1
                    skipNewlines()
                    var body: ShellScript?
                    if reservedWord() != "esac", peek() != .operator(.caseBreak) { body = try parseList(until: ["esac"]) }
                    items.append(.init(patterns: patterns, body: body))
                    skipNewlines()
                    if case .operator(.caseBreak)? = peek() { index += 1 } else if reservedWord() != "esac" { throw Self.unexpected(peek()) }
                }
                try expect("esac")
                return .caseClause(word: subject, items: items)
            case "{":
                index += 1
                let body = try parseList(until: ["}"])
                try expect("}")
                return .group(body)
            default:
                break
            }
            if case .operator(.openParen)? = peek() {
                index += 1
                let body = try parseList(until: [])
                guard case .operator(.closeParen)? = peek() else { throw Self.unexpected(peek()) }
                index += 1
                return .subshell(body)
            }
            return .simple(try parseSimple())
        }

        mutating func parseSimple() throws(ShellParseError) -> SimpleCommand {
            var command = SimpleCommand(assignments: [], words: [], redirections: [])
            loop: while let token = peek() {
                switch token {
                case .word(let word):
                    if command.words.isEmpty, let assignment = word.assignment {
                        command.assignments.append(assignment)
                    } else {
                        command.words.append(word)
                    }
                    index += 1
                case .redirection(let redirection):
                    command.redirections.append(redirection)
                    index += 1
                default:
                    break loop
                }
            }
            if command.words.isEmpty && command.assignments.isEmpty && command.redirections.isEmpty {
                throw Self.unexpected(peek())
            }
            return command
        }

        /// `NAME=value` with the `=` unquoted and NAME a valid name.
    }
}

/// Why a script cannot be parsed, as `sh` reports it.
public struct ShellParseError: Error, Equatable, Sendable {
    public var message: String
}
