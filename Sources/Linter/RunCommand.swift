import ShellSyntax

/// The commands a RUN's shell script runs, flattened: what the rules look at. Read from the shell
/// tokens rather than a full parse, so `case`, functions and other syntax the simulated shell does not
/// run still yield their commands, and commands inside `$(…)` count too, as hadolint counts them.
struct RunCommand: Equatable {
    var name: String
    var arguments: [String]
    /// Whether this command is one stage of a pipeline.
    var inPipeline: Bool
    /// Whether it was found behind `sudo`, `env` and the like (and so is not a command of its own).
    var viaWrapper = false

    var operands: [String] { arguments.filter { !$0.hasPrefix("-") } }

    func has(_ flag: String) -> Bool {
        arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") }
    }

    /// Short options may be bundled: `-yq` has `y`.
    func hasShort(_ letter: Character) -> Bool {
        arguments.contains { $0.hasPrefix("-") && !$0.hasPrefix("--") && $0.dropFirst().contains(letter) }
    }

    static let reservedWords: Set<String> = ["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "{", "}", "!", "esac"]

    /// The commands of a shell script, in order; nil when it cannot even be split into words.
    static func commands(in script: String) -> [RunCommand]? {
        guard case .success(let tokens) = ShellLexer().tokenize(script) else { return nil }
        var result: [RunCommand] = []
        var words: [ShellWord] = []
        var pipelineStart: Int?
        var skipUntil: String?
        var caseDepth = 0
        var expectPattern = false

        func finish(pipe: Bool) {
            defer { words = [] }
            guard let first = words.first else { return }
            let texts = words.map(\.text)
            let inPipeline = pipe || pipelineStart != nil
            if pipe, pipelineStart == nil { pipelineStart = result.count }
            var command = RunCommand(name: first.text, arguments: Array(texts.dropFirst()), inPipeline: inPipeline)
            result.append(command)
            // `sudo apt-get …`, `env X=1 cmd`: the program run counts as well.
            while ["sudo", "env", "exec", "nohup", "time", "xargs"].contains(command.name),
                  let next = command.arguments.firstIndex(where: { !$0.hasPrefix("-") && !$0.contains("=") }) {
                command = RunCommand(name: command.arguments[next], arguments: Array(command.arguments[(next + 1)...]), inPipeline: inPipeline, viaWrapper: true)
                result.append(command)
            }
            if !pipe { pipelineStart = nil }
        }

        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token {
            case .word(let word):
                for inner in substitutions(in: word) {
                    result += commands(in: inner) ?? []
                }
                if let target = skipUntil {
                    if word.text == target, !word.isQuoted { skipUntil = nil; if target == "in" { expectPattern = true } }
                    continue
                }
                if words.isEmpty, !word.isQuoted {
                    if caseDepth > 0, word.text == "esac" { caseDepth -= 1; expectPattern = false; continue }
                    if expectPattern {
                        // A `case` pattern runs to its `)`.
                        while index < tokens.count, tokens[index] != .operator(.closeParen) { index += 1 }
                        index += 1
                        expectPattern = false
                        continue
                    }
                    if word.text == "for" { skipUntil = "do"; continue }
                    if word.text == "case" { caseDepth += 1; skipUntil = "in"; continue }
                    if reservedWords.contains(word.text) { continue }
                }
                words.append(word)
            case .operator(let op):
                switch op {
                case .pipe:
                    finish(pipe: true)
                case .semicolon:
                    if caseDepth > 0, index < tokens.count, tokens[index] == .operator(.semicolon) {
                        index += 1
                        expectPattern = true
                    }
                    finish(pipe: false)
                case .openParen:
                    // `name() {` defines a function: the name is not a command.
                    if words.count == 1, index < tokens.count, tokens[index] == .operator(.closeParen) {
                        words = []
                        index += 1
                    } else {
                        finish(pipe: false)
                    }
                default:
                    finish(pipe: false)
                }
            case .newline:
                finish(pipe: false)
            case .redirection:
                continue
            }
        }
        finish(pipe: false)
        return result
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
