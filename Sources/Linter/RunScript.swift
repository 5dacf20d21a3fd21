import Dockerfile
import Foundation
import ShellSyntax

/// A RUN's script the way hadolint reads it (`Hadolint/Shell.hs`): the text its own Dockerfile parser
/// gives (exec form too, its strings joined with spaces), parsed as bash by ShellCheck, whose commands
/// and pipes the rules look at. Read from the simulated shell's tokens, so `case`, functions and
/// substitutions still yield their commands; a script bash cannot parse has no commands and no pipes,
/// as ShellCheck gives hadolint nothing for it.
struct RunScript {
    /// Every command ShellCheck names, in `$(…)` and backquotes too (`presentCommands`).
    var commands: [RunCommand] = []
    /// Whether a `|` joins two commands anywhere in the script (`hasPipes`).
    var hasPipes = false

    init(_ run: RunInstruction) {
        self.init(text: Self.text(of: run))
    }

    init(text: String) {
        guard let parsed = Self.parse(text) else { return }
        commands = parsed.commands
        hasPipes = parsed.hasPipes
    }

    /// What language-docker hands hadolint for a RUN (`Parser/Arguments.hs`): a script that starts with
    /// a heredoc is that heredoc (after the rest of its line); otherwise a heredoc and all after it are
    /// left out.
    static func text(of run: RunInstruction) -> String {
        let line = run.command.arguments.joined(separator: " ")
        guard run.command.prependsShell, let body = run.heredocs.first?.content else { return line }
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("<<") {
            let rest = trimmed.drop { !$0.isWhitespace }.trimmingCharacters(in: .whitespaces)
            // `<<EOF > file` and `<<EOF | …` redirect the heredoc: language-docker drops that part.
            return rest.isEmpty || rest.hasPrefix(">") || rest.hasPrefix("|") ? body : rest + "\n" + body
        }
        var searchFrom = trimmed.startIndex
        while let marker = trimmed.range(of: "<<", range: searchFrom..<trimmed.endIndex) {
            var delimiter = trimmed[marker.upperBound...]
            if delimiter.first == "-" { delimiter = delimiter.dropFirst() }
            if delimiter.first == "\"" || delimiter.first == "'" { delimiter = delimiter.dropFirst() }
            if run.heredocs.contains(where: { delimiter.hasPrefix($0.name) }) {
                return trimmed[..<marker.lowerBound].trimmingCharacters(in: .whitespaces)
            }
            searchFrom = marker.upperBound
        }
        return line
    }

    static let reservedWords: Set<String> = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "esac"]

    /// The commands and whether there is a pipe; nil when bash would refuse the script.
    static func parse(_ text: String) -> (commands: [RunCommand], hasPipes: Bool)? {
        guard case .success(let tokens) = ShellLexer().tokenize(lexable(text)) else { return nil }
        var commands: [RunCommand] = []
        var hasPipes = false
        var words: [ShellWord] = []
        // Commands in the current command's substitutions, which ShellCheck lists after it.
        var nested: [RunCommand] = []
        // `for … do`, `case … in`, `[[ … ]]`: words up to the target are not commands.
        var skipUntil: String?
        var caseDepth = 0
        var expectPattern = false
        var expectFunctionName = false
        var subshellDepth = 0

        func finish() {
            commands += simpleCommands(words) + nested
            words = []
            nested = []
        }
        func readSubstitutions(_ word: ShellWord) {
            for inner in substitutions(in: word) {
                guard let parsed = parse(inner) else { continue }
                nested += parsed.commands
                hasPipes = hasPipes || parsed.hasPipes
            }
        }

        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .word(let word):
                readSubstitutions(word)
                if let target = skipUntil {
                    if word.text == target, !word.isQuoted {
                        skipUntil = nil
                        if target == "in" { expectPattern = true }
                    }
                    continue
                }
                if expectFunctionName {
                    // `function name [()]`: the name is not a command.
                    expectFunctionName = false
                    if index + 1 < tokens.count, tokens[index] == .operator(.openParen), tokens[index + 1] == .operator(.closeParen) { index += 2 }
                    continue
                }
                if words.isEmpty, caseDepth > 0, word.text == "esac", !word.isQuoted {
                    caseDepth -= 1
                    expectPattern = false
                    continue
                }
                if words.isEmpty, expectPattern {
                    // A `case` pattern runs to its `)`.
                    index = skipParenthesized(tokens, from: index, depth: 1)
                    expectPattern = false
                    continue
                }
                if words.isEmpty, !word.isQuoted {
                    switch word.text {
                    case "for", "select":
                        skipUntil = "do"
                        continue
                    case "case":
                        caseDepth += 1
                        skipUntil = "in"
                        continue
                    case "[[":
                        // A test, not a command; its `||`, `<` and `(` are not the shell's.
                        skipUntil = "]]"
                        continue
                    case "function":
                        expectFunctionName = true
                        continue
                    default:
                        if reservedWords.contains(word.text) { continue }
                    }
                }
                words.append(word)
            case .operator(let op):
                if skipUntil != nil { continue }
                switch op {
                case .pipe:
                    hasPipes = true
                    finish()
                case .caseBreak:
                    finish()
                    if caseDepth > 0 { expectPattern = true }
                case .openParen:
                    if expectPattern {
                        // `(pattern)`
                        index = skipParenthesized(tokens, from: index, depth: 1)
                        expectPattern = false
                    } else if words.isEmpty, index < tokens.count, tokens[index] == .operator(.openParen) {
                        // `(( … ))` is arithmetic, not commands.
                        index = skipParenthesized(tokens, from: index + 1, depth: 2)
                    } else if words.isEmpty {
                        subshellDepth += 1
                    } else if words.count == 1, index < tokens.count, tokens[index] == .operator(.closeParen) {
                        // `name() {` defines a function: the name is not a command.
                        words = []
                        index += 1
                    } else if let last = words.last, !last.isQuoted, last.text.range(of: #"^[A-Za-z_][A-Za-z0-9_]*\+?=$"#, options: .regularExpression) != nil {
                        // `list=(a b)`, `declare -a list=(a b)`: an array, not a subshell.
                        index = skipParenthesized(tokens, from: index, depth: 1)
                    } else {
                        // bash refuses `word (` (PowerShell's `Write-Host ('…')`, `Function F() {`).
                        return nil
                    }
                case .closeParen:
                    finish()
                    subshellDepth -= 1
                    if subshellDepth < 0 { return nil }
                default:
                    finish()
                }
            case .newline:
                if skipUntil == nil { finish() }
            case .redirection(.output(_, let target, _)), .redirection(.input(_, let target)), .redirection(.duplicate(_, let target)),
                 .redirection(.hereString(_, let target)):
                // `> "$(mktemp)"` runs a command too.
                readSubstitutions(target)
            case .redirection(.heredoc):
                continue
            }
        }
        finish()
        // An unclosed `(` is as much an error to bash as a stray `)`.
        guard subshellDepth == 0 else { return nil }
        return (commands, hasPipes)
    }

    /// Bash the simulated shell's lexer does not know, as what it knows and ShellCheck reads alike: a
    /// process substitution `<(…)` or `>(…)` as `$(…)` (its commands and pipes count the same), a
    /// here-string `<<< word` as `< word`.
    static func lexable(_ text: String) -> String {
        var characters = Array(text)
        var quote: Character?
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if let open = quote {
                if character == "\\", open == "\"" {
                    index += 2
                    continue
                }
                if character == open { quote = nil }
            } else if character == "\\" {
                index += 2
                continue
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "<", index + 2 < characters.count, characters[index + 1] == "<", characters[index + 2] == "<" {
                characters[index] = " "
                characters[index + 1] = " "
                index += 3
                continue
            } else if character == "<" || character == ">", index + 1 < characters.count, characters[index + 1] == "(" {
                characters[index] = "$"
            }
            index += 1
        }
        return String(characters)
    }

    /// The index after the `)` that brings `depth` open parentheses back to none.
    static func skipParenthesized(_ tokens: [ShellToken], from start: Int, depth: Int) -> Int {
        var depth = depth
        var index = start
        while index < tokens.count, depth > 0 {
            if tokens[index] == .operator(.openParen) { depth += 1 }
            if tokens[index] == .operator(.closeParen) { depth -= 1 }
            index += 1
        }
        return index
    }

    /// ShellCheck's command for one simple command's words (`getCommandName`): leading assignments are
    /// not the command, a name that needs expanding names nothing, `exec`, `command`, `builtin`,
    /// `busybox` and `run` name the program they run, and `time` times a command of its own. `sudo`,
    /// `env`, `xargs` and `nohup` are commands like any other: what they run is only an argument.
    static func simpleCommands(_ words: [ShellWord]) -> [RunCommand] {
        guard let start = words.firstIndex(where: { $0.assignment == nil }) else { return [] }
        let first = words[start]
        let arguments = Array(words[(start + 1)...])
        // `[ … ]` is a test, not a command.
        if first.text == "[", !first.isQuoted { return [] }
        guard let name = literalText(first) else { return [] }
        if name == "time", !first.isQuoted {
            let timed = arguments.drop { $0.text.hasPrefix("-") }
            return [RunCommand(name: name, arguments: arguments.map(\.text))] + simpleCommands(Array(timed))
        }
        let runs: ShellWord?
        switch name {
        case "busybox", "builtin", "command", "run": runs = arguments.first.flatMap { $0.text.hasPrefix("-") ? nil : $0 }
        case "exec": runs = execTarget(arguments)
        default: runs = nil
        }
        guard let runs else { return [RunCommand(name: name, arguments: arguments.map(\.text))] }
        guard let program = literalText(runs) else { return [] }
        return [RunCommand(name: program, arguments: arguments.map(\.text))]
    }

    /// The program of `exec [-cl] [-a name] program …` (ShellCheck's `getBsdOpts "cla:"`); nil when
    /// there is none or an option is one exec does not have.
    static func execTarget(_ arguments: [ShellWord]) -> ShellWord? {
        var index = 0
        while index < arguments.count {
            let text = arguments[index].text
            if text == "--" { index += 1; break }
            guard text.hasPrefix("-") else { break }
            if text.hasPrefix("--") { return nil }
            index += 1
            var letters = text.dropFirst()
            while let letter = letters.popFirst() {
                switch letter {
                case "c", "l": continue
                case "a":
                    // `-a name` takes the next word unless the name is attached.
                    if letters.isEmpty { index += 1 }
                    letters = ""
                default: return nil
                }
            }
        }
        return index < arguments.count ? arguments[index] : nil
    }

    /// The word's text when ShellCheck can read it without expanding anything (`getLiteralString`):
    /// no parameter, command substitution or glob outside single quotes.
    static func literalText(_ word: ShellWord) -> String? {
        let expands = word.segments.contains { segment in
            switch segment.quoting {
            case .literal: false
            case .double: segment.text.contains { $0 == "$" || $0 == "`" }
            case .none: segment.text.contains { "$`*?[".contains($0) }
            }
        }
        return expands ? nil : word.text
    }

    /// The scripts inside a word's `$(…)` and backquotes (not in single quotes).
    static func substitutions(in word: ShellWord) -> [String] {
        var found: [String] = []
        for segment in word.segments where segment.quoting != .literal {
            let characters = Array(segment.text)
            var index = 0
            while index < characters.count {
                if characters[index] == "$", index + 1 < characters.count, characters[index + 1] == "(",
                   !(index + 2 < characters.count && characters[index + 2] == "(") {
                    var depth = 1
                    var end = index + 2
                    while end < characters.count, depth > 0 {
                        if characters[end] == "(" { depth += 1 } else if characters[end] == ")" { depth -= 1 }
                        end += 1
                    }
                    found.append(String(characters[(index + 2)..<max(index + 2, end - 1)]))
                    index = end
                } else if characters[index] == "`", let close = characters[(index + 1)...].firstIndex(of: "`") {
                    found.append(String(characters[(index + 1)..<close]))
                    index = close + 1
                } else {
                    index += 1
                }
            }
        }
        return found
    }
}
