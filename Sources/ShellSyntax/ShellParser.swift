/// Builds a `ShellScript` from the lexer's tokens, in the dialect of the shell that reads it.
public struct ShellParser {
    public let dialect: ShellDialect

    public init(dialect: ShellDialect = .posix) {
        self.dialect = dialect
    }

    public func parse(_ text: String) throws(ShellParseError) -> ShellScript {
        let tokens: [ShellToken]
        switch ShellLexer(dialect: dialect).tokenize(text) {
        case .success(let result): tokens = result
        case .failure(let error): throw ShellParseError(message: error.description)
        }
        var state = State(tokens: tokens, dialect: dialect)
        let script = try state.parseList(until: [])
        if let token = state.peek() { throw State.unexpected(token) }
        return script
    }

    private struct State {
        let tokens: [ShellToken]
        let dialect: ShellDialect
        var index = 0

        init(tokens: [ShellToken], dialect: ShellDialect) {
            self.tokens = tokens
            self.dialect = dialect
        }

        func peek() -> ShellToken? { index < tokens.count ? tokens[index] : nil }

        func peek(ahead offset: Int) -> ShellToken? { index + offset < tokens.count ? tokens[index + offset] : nil }

        /// The reserved word at the current position, when the token is an unquoted word that is one.
        func reservedWord() -> String? {
            guard case .word(let word)? = peek(), !word.isQuoted else { return nil }
            let reserved: Set<String> = ["if", "then", "elif", "else", "fi", "for", "in", "do", "done", "while", "until", "case", "esac", "{", "}", "!"]
            if reserved.contains(word.text) { return word.text }
            return dialect == .bash && ["[[", "function"].contains(word.text) ? word.text : nil
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

        /// A compound command with the redirections after it, a function definition, or a simple command.
        mutating func parseCommand() throws(ShellParseError) -> ShellScript {
            if let compound = try parseCompound() {
                var redirections: [ShellRedirection] = []
                while case .redirection(let redirection)? = peek() {
                    redirections.append(redirection)
                    index += 1
                }
                return redirections.isEmpty ? compound : .redirected(compound, redirections)
            }
            if let definition = try parseFunctionDefinition() { return definition }
            return .simple(try parseSimple())
        }

        /// The compound command starting here; nil when none does.
        mutating func parseCompound() throws(ShellParseError) -> ShellScript? {
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
            case "[[":
                index += 1
                return .conditional(try parseConditionalWords())
            default:
                guard case .operator(.openParen)? = peek() else { return nil }
                index += 1
                let body = try parseList(until: [])
                guard case .operator(.closeParen)? = peek() else { throw Self.unexpected(peek()) }
                index += 1
                return .subshell(body)
            }
        }

        /// The words of `[[ … ]]` up to its `]]`: the lexer made `&&`, `||`, parentheses, `<` and
        /// `>` into operators and redirections, which here are words of the expression again.
        mutating func parseConditionalWords() throws(ShellParseError) -> [ShellWord] {
            var words: [ShellWord] = []
            while let token = peek() {
                index += 1
                switch token {
                case .word(let word):
                    if !word.isQuoted && word.text == "]]" { return words }
                    words.append(word)
                    if !word.isQuoted && word.text == "=~" { words.append(try parseRegexWord()) }
                case .operator(let op):
                    guard [.and, .or, .openParen, .closeParen].contains(op) else { throw Self.unexpected(token) }
                    words.append(ShellWord(op.rawValue))
                case .redirection(.input(0, let target)):
                    words += [ShellWord("<"), target]
                case .redirection(.output(1, let target, false)):
                    words += [ShellWord(">"), target]
                default:
                    throw Self.unexpected(token)
                }
            }
            throw Self.unexpected(nil)
        }

        /// The right side of `=~`: bash reads it as one word, parentheses and `|` included (the lexer
        /// made those operators), up to `]]` or a `&&` or `||` outside parentheses.
        mutating func parseRegexWord() throws(ShellParseError) -> ShellWord {
            var segments: [ShellWord.Segment] = []
            var depth = 0
            while let token = peek() {
                switch token {
                case .word(let word) where word.isQuoted || word.text != "]]":
                    segments += word.segments
                case .operator(let op) where op == .openParen || op == .pipe || (depth > 0 && (op == .closeParen || op == .and || op == .or)):
                    depth += op == .openParen ? 1 : op == .closeParen ? -1 : 0
                    segments.append(ShellWord.Segment(op.rawValue, .none))
                default:
                    guard !segments.isEmpty else { throw Self.unexpected(token) }
                    return ShellWord(segments: segments)
                }
                index += 1
            }
            throw Self.unexpected(nil)
        }

        /// `NAME() compound-command`, or bash's `function NAME [()] compound-command`; nil when no
        /// definition starts here.
        mutating func parseFunctionDefinition() throws(ShellParseError) -> ShellScript? {
            let name: ShellWord
            if reservedWord() == "function" {
                index += 1
                guard case .word(let word)? = peek(), isFunctionName(word) else { throw Self.unexpected(peek()) }
                name = word
                index += 1
                if peek() == .operator(.openParen), peek(ahead: 1) == .operator(.closeParen) { index += 2 }
            } else {
                guard case .word(let word)? = peek(), isFunctionName(word), peek(ahead: 1) == .operator(.openParen),
                      peek(ahead: 2) == .operator(.closeParen) else { return nil }
                name = word
                index += 3
            }
            skipNewlines()
            guard let body = try parseCompound() else { throw Self.unexpected(peek()) }
            var redirections: [ShellRedirection] = []
            while case .redirection(let redirection)? = peek() {
                redirections.append(redirection)
                index += 1
            }
            return .function(name: name.text, body: redirections.isEmpty ? body : .redirected(body, redirections))
        }

        /// A name a function may have: POSIX's names; bash also takes `-`, `.` and `:` in them.
        func isFunctionName(_ word: ShellWord) -> Bool {
            guard !word.isQuoted, !word.text.isEmpty else { return false }
            if dialect == .posix { return ShellAssignment.isName(word.text) }
            return !word.text.contains { "$`=\\".contains($0) }
        }

        mutating func parseSimple() throws(ShellParseError) -> SimpleCommand {
            var command = SimpleCommand(assignments: [], words: [], redirections: [])
            loop: while let token = peek() {
                switch token {
                case .word(let word):
                    index += 1
                    let declares = command.words.first.map { !$0.isQuoted && SimpleCommand.declarationBuiltins.contains($0.text) } ?? false
                    if command.words.isEmpty || declares, var assignment = word.assignment(in: dialect) {
                        if let elements = try arrayElements(after: assignment) { assignment.value = .array(elements) }
                        if command.words.isEmpty {
                            command.assignments.append(assignment)
                            continue loop
                        }
                        command.declarations[command.words.count] = assignment
                    }
                    command.words.append(word)
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

        /// Bash's `NAME=( word… )` right after an assignment with nothing after its `=`: the
        /// elements, the parentheses consumed; nil when no array follows.
        mutating func arrayElements(after assignment: ShellAssignment) throws(ShellParseError) -> [ShellWord]? {
            guard dialect == .bash, assignment.key == nil, case .word(let value) = assignment.value, value.text.isEmpty,
                  !value.isQuoted, case .operator(.openParen)? = peek() else { return nil }
            index += 1
            var elements: [ShellWord] = []
            while let token = peek() {
                index += 1
                switch token {
                case .word(let word): elements.append(word)
                case .newline: continue
                case .operator(.closeParen): return elements
                default: throw Self.unexpected(token)
                }
            }
            throw Self.unexpected(nil)
        }
    }
}

/// Why a script cannot be parsed, as `sh` reports it.
public struct ShellParseError: Error, Equatable, Sendable {
    public var message: String
}
