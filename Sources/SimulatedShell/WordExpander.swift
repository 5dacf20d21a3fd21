import LayerStore
import ShellSyntax

/// Word expansion (POSIX XCU 2.6) in a running shell: tilde, parameters, command substitution,
/// arithmetic, field splitting of unquoted results, and pathname expansion against the container's
/// files. It reads the shell's variables and parameters, and runs command substitutions in it.
struct WordExpander {
    /// A piece of an expanded word and what may still happen to it.
    private struct Piece {
        var text: String
        var splits: Bool
        var globs: Bool
    }

    let shell: ShellProcess

    /// The fields a word becomes.
    func fields(_ word: ShellWord) -> [String] {
        // "$@" is one field per positional parameter (none when there are none), as entrypoint
        // scripts' `exec "$@"` relies on.
        if word.segments.count == 1, word.segments[0].quoting == .double, ["$@", "${@}"].contains(word.segments[0].text) {
            return shell.positional
        }
        var pieces: [Piece] = []
        for (index, segment) in word.segments.enumerated() {
            switch segment.quoting {
            case .literal:
                pieces.append(Piece(text: segment.text, splits: false, globs: false))
            case .double:
                pieces.append(Piece(text: joined(segment.text), splits: false, globs: false))
            case .none:
                var text = segment.text
                if index == 0, text == "~" || text.hasPrefix("~/") {
                    text = (shell.variable("HOME") ?? "/") + text.dropFirst()
                }
                pieces += expandText(text, unquoted: true)
            }
        }
        let fields = split(pieces, keepEmpty: word.isQuoted)
        return fields.flatMap { field -> [String] in
            let text = field.map(\.text).joined()
            guard field.contains(where: { $0.globs && ShellPattern.hasWildcard($0.text) }) else { return [text] }
            let matches = glob(text)
            return matches.isEmpty ? [text] : matches
        }
    }

    /// A word expanded to one string (assignments, redirection targets, `case` words).
    func string(_ word: ShellWord) -> String {
        word.segments.map { segment in
            segment.quoting == .literal ? segment.text : joined(segment.text)
        }.joined()
    }

    /// A `case` pattern: expanded, with the quoted parts' `*`, `?`, `[` and `\` escaped so they
    /// match themselves.
    func casePattern(_ word: ShellWord) -> String {
        word.segments.map { segment in
            switch segment.quoting {
            case .none: return joined(segment.text)
            case .double: return ShellPattern.escaping(joined(segment.text))
            case .literal: return ShellPattern.escaping(segment.text)
            }
        }.joined()
    }

    /// A heredoc body with `$` expansions and `\` escapes applied (an unquoted delimiter).
    func heredoc(_ body: String) -> String {
        joined(body)
    }

    /// Text with its expansions done, as one string: quoted, so nothing is split or globbed.
    private func joined(_ text: String) -> String {
        expandText(text).map(\.text).joined()
    }

    /// Expands `$…` and backquotes in text; unquoted results may be split and globbed.
    private func expandText(_ text: String, unquoted: Bool = false) -> [Piece] {
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
                pieces.append(Piece(text: shell.commandSubstitution(String(chars[(i + 1)..<end])), splits: unquoted, globs: unquoted))
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
                        value = String(ShellArithmetic(variable: shell.variable).evaluate(String(inner.dropFirst().dropLast())))
                    } else {
                        value = shell.commandSubstitution(inner)
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
    private func parameter(_ expression: String) -> String {
        switch expression {
        case "?": return String(shell.lastStatus)
        case "#": return String(shell.positional.count)
        case "@", "*": return shell.positional.joined(separator: " ")
        case "$": return "1"
        case "!": return ""
        case "0": return shell.argumentZero ?? shell.shellPath
        case "-": return (shell.errexit ? "e" : "") + (shell.xtrace ? "x" : "")
        default: break
        }
        if let number = Int(expression) { return number >= 1 && number <= shell.positional.count ? shell.positional[number - 1] : "" }
        if expression.hasPrefix("#") { return String(parameter(String(expression.dropFirst())).count) }
        let name = String(expression.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        let rest = String(expression.dropFirst(name.count))
        // `${1#-}`, `${2:-x}`: a number names a positional parameter.
        let value: String?
        if let number = Int(name) {
            value = number == 0 ? shell.argumentZero ?? shell.shellPath : number <= shell.positional.count ? shell.positional[number - 1] : nil
        } else {
            value = shell.variable(name)
        }
        guard !rest.isEmpty else { return value ?? "" }
        let colon = rest.hasPrefix(":")
        let op = colon ? rest.dropFirst().first : rest.first
        let argument = String(rest.dropFirst(colon ? 2 : 1))
        let unset = value == nil || (colon && value == "")
        switch op {
        case "-": return unset ? joined(argument) : value!
        case "=":
            if unset {
                let assigned = joined(argument)
                shell.setVariable(name, assigned)
                return assigned
            }
            return value!
        case "+": return unset ? "" : joined(argument)
        case "?":
            if unset {
                shell.writeError("\(shell.shellPath): 1: \(name): \(argument.isEmpty ? "parameter not set" : argument)\n")
                shell.exitRequest = 2
                return ""
            }
            return value!
        case "#", "%":
            let longest = argument.hasPrefix(String(op!))
            let pattern = longest ? String(argument.dropFirst()) : argument
            return ShellPattern.trim(value ?? "", pattern: joined(pattern), fromStart: op == "#", longest: longest)
        default:
            return value ?? ""
        }
    }

    /// Field splitting on spaces, tabs and newlines, applied to unquoted expansion results only.
    private func split(_ pieces: [Piece], keepEmpty: Bool) -> [[Piece]] {
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

    /// Pathname expansion: the existing paths the pattern matches, sorted.
    private func glob(_ pattern: String) -> [String] {
        let fileSystem = shell.fileSystem
        let absolutePattern = pattern.hasPrefix("/")
        let parts = pattern.split(separator: "/").map(String.init)
        var candidates = [absolutePattern ? "/" : shell.workingDirectory]
        var prefixes = [absolutePattern ? "/" : ""]
        for part in parts {
            var nextCandidates: [String] = []
            var nextPrefixes: [String] = []
            for (directory, prefix) in zip(candidates, prefixes) {
                let names: [String]
                if ShellPattern.hasWildcard(part) {
                    // A folder the user may not read has no names to match.
                    names = shell.denial(.read, directory) != nil ? [] : fileSystem.children(of: fileSystem.resolvingSymlinks(directory))
                        .filter { !$0.hasPrefix(".") || part.hasPrefix(".") }
                        .filter { ShellPattern.fnmatch(part, matches: $0) }
                } else {
                    names = [part]
                }
                for name in names {
                    let path = directory == "/" ? "/" + name : directory + "/" + name
                    guard fileSystem.entry(at: path) != nil || !ShellPattern.hasWildcard(part) else { continue }
                    nextCandidates.append(path)
                    nextPrefixes.append(prefix.isEmpty ? name : (prefix == "/" ? "/" + name : prefix + "/" + name))
                }
            }
            candidates = nextCandidates
            prefixes = nextPrefixes
        }
        return zip(candidates, prefixes).filter { fileSystem.entry(at: $0.0) != nil }.map(\.1).sorted()
    }
}
