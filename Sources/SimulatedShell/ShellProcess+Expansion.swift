import LayerStore
import ShellSyntax

/// Word expansion (POSIX XCU 2.6): tilde, parameters, command substitution, arithmetic, field
/// splitting of unquoted results, and pathname expansion against the container's files.
extension ShellProcess {
    /// A piece of an expanded word and what may still happen to it.
    struct Piece {
        var text: String
        var splits: Bool
        var globs: Bool
    }

    /// The fields a word becomes.
    func expand(_ word: ShellWord) -> [String] {
        // "$@" is one field per positional parameter (none when there are none), as entrypoint
        // scripts' `exec "$@"` relies on.
        if word.segments.count == 1, word.segments[0].quoting == .double, ["$@", "${@}"].contains(word.segments[0].text) {
            return positional
        }
        var pieces: [Piece] = []
        for (index, segment) in word.segments.enumerated() {
            switch segment.quoting {
            case .literal:
                pieces.append(Piece(text: segment.text, splits: false, globs: false))
            case .double:
                pieces.append(Piece(text: expandText(segment.text).map(\.text).joined(), splits: false, globs: false))
            case .none:
                var text = segment.text
                if index == 0, text == "~" || text.hasPrefix("~/") {
                    text = (variable("HOME") ?? "/") + text.dropFirst()
                }
                pieces += expandText(text, unquoted: true)
            }
        }
        let fields = split(pieces, keepEmpty: word.isQuoted)
        return fields.flatMap { field -> [String] in
            let text = field.map(\.text).joined()
            guard field.contains(where: { $0.globs && Self.hasWildcard($0.text) }) else { return [text] }
            let matches = glob(text)
            return matches.isEmpty ? [text] : matches
        }
    }

    /// A word expanded to one string (assignments, redirection targets, `case` words).
    func expandSingle(_ word: ShellWord) -> String {
        word.segments.map { segment in
            segment.quoting == .literal ? segment.text : expandText(segment.text).map(\.text).joined()
        }.joined()
    }

    /// A `case` pattern: expanded, with the quoted parts' `*`, `?`, `[` and `\` escaped so they
    /// match themselves.
    func casePattern(_ word: ShellWord) -> String {
        word.segments.map { segment in
            switch segment.quoting {
            case .none: return expandText(segment.text).map(\.text).joined()
            case .double: return Self.escapingGlob(expandText(segment.text).map(\.text).joined())
            case .literal: return Self.escapingGlob(segment.text)
            }
        }.joined()
    }

    static func escapingGlob(_ text: String) -> String {
        text.reduce(into: "") { out, c in
            if "*?[\\".contains(c) { out.append("\\") }
            out.append(c)
        }
    }

    /// A heredoc body with `$` expansions and `\` escapes applied (an unquoted delimiter).
    func expandHeredoc(_ body: String) -> String {
        expandText(body).map(\.text).joined()
    }

    /// Expands `$…` and backquotes in text; unquoted results may be split and globbed.
    func expandText(_ text: String, unquoted: Bool = false) -> [Piece] {
        let chars = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { pieces.append(Piece(text: literal, splits: false, globs: unquoted)) }
            literal = ""
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                flush()
                pieces.append(Piece(text: commandSubstitution(String(chars[(i + 1)..<end])), splits: unquoted, globs: unquoted))
                i = end + 1
                continue
            }
            guard c == "$", i + 1 < chars.count else {
                literal.append(c)
                i += 1
                continue
            }
            let next = chars[i + 1]
            if next == "(" || next == "{" {
                // The same end the lexer found: quotes inside may hold parentheses or braces.
                guard let end = ShellLexer.substitutionEnd(in: chars, from: i) else {
                    literal.append(c)
                    i += 1
                    continue
                }
                let j = end - 1
                let inner = String(chars[(i + 2)..<j])
                flush()
                let value: String
                if next == "(" {
                    if inner.hasPrefix("(") && inner.hasSuffix(")") {
                        value = arithmetic(String(inner.dropFirst().dropLast()))
                    } else {
                        value = commandSubstitution(inner)
                    }
                } else {
                    value = parameter(inner)
                }
                pieces.append(Piece(text: value, splits: unquoted, globs: unquoted))
                i = j + 1
                continue
            }
            var j = i + 1
            if "?#@*$!0-".contains(next) || next.isNumber {
                j = i + 2
            } else {
                while j < chars.count, chars[j] == "_" || (chars[j].isASCII && (chars[j].isLetter || chars[j].isNumber)) { j += 1 }
            }
            if j == i + 1 {
                literal.append(c)
                i += 1
                continue
            }
            flush()
            pieces.append(Piece(text: parameter(String(chars[(i + 1)..<j])), splits: unquoted, globs: unquoted))
            i = j
        }
        flush()
        return pieces
    }

    /// The value of `$NAME`, `$?`, `$1`, or a `${…}` expression.
    func parameter(_ expression: String) -> String {
        switch expression {
        case "?": return String(lastStatus)
        case "#": return String(positional.count)
        case "@", "*": return positional.joined(separator: " ")
        case "$": return "1"
        case "!": return ""
        case "0": return argumentZero ?? shellPath
        case "-": return (errexit ? "e" : "") + (xtrace ? "x" : "")
        default: break
        }
        if let number = Int(expression) { return number >= 1 && number <= positional.count ? positional[number - 1] : "" }
        if expression.hasPrefix("#") { return String(parameter(String(expression.dropFirst())).count) }
        let name = String(expression.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        let rest = String(expression.dropFirst(name.count))
        // `${1#-}`, `${2:-x}`: a number names a positional parameter.
        let value: String?
        if let number = Int(name) {
            value = number == 0 ? argumentZero ?? shellPath : number <= positional.count ? positional[number - 1] : nil
        } else {
            value = variable(name)
        }
        guard !rest.isEmpty else { return value ?? "" }
        let colon = rest.hasPrefix(":")
        let op = colon ? rest.dropFirst().first : rest.first
        let argument = String(rest.dropFirst(colon ? 2 : 1))
        let unset = value == nil || (colon && value == "")
        switch op {
        case "-": return unset ? expandText(argument).map(\.text).joined() : value!
        case "=":
            if unset {
                let assigned = expandText(argument).map(\.text).joined()
                setVariable(name, assigned)
                return assigned
            }
            return value!
        case "+": return unset ? "" : expandText(argument).map(\.text).joined()
        case "?":
            if unset {
                output.error("\(shellPath): 1: \(name): \(argument.isEmpty ? "parameter not set" : argument)\n")
                exitRequest = 2
                return ""
            }
            return value!
        case "#", "%":
            let longest = argument.hasPrefix(String(op!))
            let pattern = longest ? String(argument.dropFirst()) : argument
            return trim(value ?? "", pattern: expandText(pattern).map(\.text).joined(), fromStart: op == "#", longest: longest)
        default:
            return value ?? ""
        }
    }

    func trim(_ value: String, pattern: String, fromStart: Bool, longest: Bool) -> String {
        let chars = Array(value)
        let lengths = longest ? Array((0...chars.count).reversed()) : Array(0...chars.count)
        for length in lengths {
            let candidate = fromStart ? String(chars[..<length]) : String(chars[(chars.count - length)...])
            if Self.fnmatch(pattern, matches: candidate) {
                return fromStart ? String(chars[length...]) : String(chars[..<(chars.count - length)])
            }
        }
        return value
    }

    /// `$(…)`: runs the commands in a subshell and returns their output without trailing newlines.
    func commandSubstitution(_ script: String) -> String {
        let saved = output
        let savedDirectory = workingDirectory
        let savedVariables = shellVariables
        output = OutputBuffers()
        if let parsed = try? ShellParser().parse(script) { _ = execute(parsed, input: "") }
        let produced = output
        output = saved
        output.error(produced.standardError)
        workingDirectory = savedDirectory
        shellVariables = savedVariables
        exitRequest = nil
        var text = produced.standardOutput
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `$((…))` with integers, variables and `+ - * / %`, left to right with the usual precedence.
    func arithmetic(_ expression: String) -> String {
        var tokens: [String] = []
        var current = ""
        for c in expression {
            if "+-*/%()".contains(c) {
                if !current.isEmpty { tokens.append(current) }
                tokens.append(String(c))
                current = ""
            } else if c != " " {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        var index = 0
        func value(_ token: String) -> Int {
            if let number = Int(token) { return number }
            let name = token.hasPrefix("$") ? String(token.dropFirst()) : token
            return Int(variable(name) ?? "0") ?? 0
        }
        func primary() -> Int {
            guard index < tokens.count else { return 0 }
            let token = tokens[index]
            index += 1
            if token == "(" {
                let result = sum()
                index += 1
                return result
            }
            if token == "-" { return -primary() }
            return value(token)
        }
        func product() -> Int {
            var result = primary()
            while index < tokens.count, ["*", "/", "%"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = primary()
                result = op == "*" ? result * right : right == 0 ? 0 : op == "/" ? result / right : result % right
            }
            return result
        }
        func sum() -> Int {
            var result = product()
            while index < tokens.count, ["+", "-"].contains(tokens[index]) {
                let op = tokens[index]
                index += 1
                let right = product()
                result = op == "+" ? result + right : result - right
            }
            return result
        }
        return String(sum())
    }

    /// Field splitting on spaces, tabs and newlines, applied to unquoted expansion results only.
    func split(_ pieces: [Piece], keepEmpty: Bool) -> [[Piece]] {
        var fields: [[Piece]] = []
        var current: [Piece] = []
        var hasContent = false
        for piece in pieces {
            guard piece.splits else {
                current.append(piece)
                hasContent = true
                continue
            }
            var part = ""
            for c in piece.text {
                if c == " " || c == "\t" || c == "\n" {
                    if !part.isEmpty { current.append(Piece(text: part, splits: false, globs: piece.globs)); part = ""; hasContent = true }
                    if hasContent { fields.append(current) }
                    current = []
                    hasContent = false
                } else {
                    part.append(c)
                }
            }
            if !part.isEmpty {
                current.append(Piece(text: part, splits: false, globs: piece.globs))
                hasContent = true
            }
        }
        if hasContent || (fields.isEmpty && keepEmpty) { fields.append(current) }
        return fields.filter { field in keepEmpty || field.contains { !$0.text.isEmpty } }
    }

    /// Whether text is a pattern at all: `*`, `?`, or a `[` closed by a later `]`. A lone `[` (the
    /// `test` command) is an ordinary word, and globbing it would list a whole folder for nothing.
    static func hasWildcard(_ text: String) -> Bool {
        if text.contains(where: { $0 == "*" || $0 == "?" }) { return true }
        guard let open = text.firstIndex(of: "[") else { return false }
        return text[text.index(after: open)...].dropFirst().contains("]")
    }

    /// Pathname expansion: the existing paths the pattern matches, sorted.
    func glob(_ pattern: String) -> [String] {
        let absolutePattern = pattern.hasPrefix("/")
        let parts = pattern.split(separator: "/").map(String.init)
        var candidates = [absolutePattern ? "/" : workingDirectory]
        var prefixes = [absolutePattern ? "/" : ""]
        for part in parts {
            var nextCandidates: [String] = []
            var nextPrefixes: [String] = []
            for (directory, prefix) in zip(candidates, prefixes) {
                let names: [String]
                if Self.hasWildcard(part) {
                    names = fileSystem.children(of: fileSystem.resolvingSymlinks(directory))
                        .filter { !$0.hasPrefix(".") || part.hasPrefix(".") }
                        .filter { Self.fnmatch(part, matches: $0) }
                } else {
                    names = [part]
                }
                for name in names {
                    let path = directory == "/" ? "/" + name : directory + "/" + name
                    guard fileSystem.entry(at: path) != nil || !Self.hasWildcard(part) else { continue }
                    nextCandidates.append(path)
                    nextPrefixes.append(prefix.isEmpty ? name : (prefix == "/" ? "/" + name : prefix + "/" + name))
                }
            }
            candidates = nextCandidates
            prefixes = nextPrefixes
        }
        return zip(candidates, prefixes).filter { fileSystem.entry(at: $0.0) != nil }.map(\.1).sorted()
    }

    /// fnmatch(3) without flags: `*`, `?`, `[…]` (with `!` or `^` to negate) and `\` escapes. This is
    /// the container shell's pattern (pathname expansion, `case`), POSIX sh's; Docker's own Go code
    /// matches file names with Go's `filepath.Match` instead (`GoFilepath.match`), which negates
    /// with `^` only and refuses a malformed pattern, so the two are kept apart.
    static func fnmatch(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (t.count + 1) + j
            if let known = memo[key] { return known }
            var result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                result = match(i + 1, j) || (j < t.count && match(i, j + 1))
            } else if j == t.count {
                result = false
            } else if p[i] == "?" {
                result = match(i + 1, j + 1)
            } else if p[i] == "[", let close = p[(i + 1)...].firstIndex(of: "]"), close > i + 1 {
                var set = Array(p[(i + 1)..<close])
                let negated = set.first == "!" || set.first == "^"
                if negated { set.removeFirst() }
                var found = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k] <= t[j] && t[j] <= set[k + 2] { found = true }
                        k += 3
                    } else {
                        if set[k] == t[j] { found = true }
                        k += 1
                    }
                }
                result = found != negated && match(close + 1, j + 1)
            } else if p[i] == "\\", i + 1 < p.count {
                result = p[i + 1] == t[j] && match(i + 2, j + 1)
            } else {
                result = p[i] == t[j] && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
