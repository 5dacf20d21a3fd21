import LayerStore
import ShellSyntax

/// Word expansion (POSIX XCU 2.6) in a running shell: tilde, parameters, command substitution,
/// arithmetic, field splitting of unquoted results, and pathname expansion against the container's
/// files; in bash also brace expansion, arrays and bash's parameter forms. It reads the shell's
/// variables and parameters, and runs command substitutions in it.
struct WordExpander {
    /// A piece of an expanded word and what may still happen to it.
    private struct Piece {
        var text: String
        var splits: Bool
        var globs: Bool
        /// Whether it came from quotes: a quoted empty piece still makes a field (`""`).
        var quoted: Bool
        /// `"$@"` and `"${a[@]}"`: each element a field of its own (the first and last joined to
        /// what stands before and after them); none makes no field at all.
        var elements: [String]?

        init(_ text: String, splits: Bool = false, globs: Bool = false, quoted: Bool, elements: [String]? = nil) {
            self.text = text
            self.splits = splits
            self.globs = globs
            self.quoted = quoted
            self.elements = elements
        }
    }

    /// How the text being expanded stands: unquoted (split and globbed), in double quotes, or where
    /// a word becomes one string (an assignment, a here-document, a `case` word), which joins `$@`.
    private enum Context {
        case unquoted, doubleQuoted, joined
    }

    /// A parameter's value: `$@` and `${a[@]}` keep their elements apart until quoting decides.
    private enum Value {
        case text(String)
        case elements([String])

        var joined: String {
            switch self {
            case .text(let text): text
            case .elements(let elements): elements.joined(separator: " ")
            }
        }
    }

    let shell: ShellProcess

    /// The fields the words of a command become.
    func commandWords(_ words: [ShellWord]) -> [String] {
        words.flatMap { fields($0) }
    }

    /// The fields a word becomes (in bash, brace expansion first makes it several words).
    func fields(_ word: ShellWord) -> [String] {
        guard shell.dialect == .bash else { return fieldsOf(word) }
        guard let words = BraceExpansion.expand(word, limit: shell.limits.steps) else {
            shell.stop(.steps(shell.limits.steps))
            return []
        }
        return words.flatMap { fieldsOf($0) }
    }

    private func fieldsOf(_ word: ShellWord) -> [String] {
        var pieces: [Piece] = []
        for (index, segment) in word.segments.enumerated() {
            switch segment.quoting {
            case .literal:
                pieces.append(Piece(segment.text, quoted: true))
            case .double:
                // `""` is an empty field of its own; `"$@"` with no parameters is none.
                pieces += segment.text.isEmpty ? [Piece("", quoted: true)] : expandText(segment.text, .doubleQuoted)
            case .none:
                var text = segment.text
                if index == 0, text == "~" || text.hasPrefix("~/") {
                    text = (shell.variable("HOME") ?? "/") + text.dropFirst()
                }
                pieces += expandText(text, .unquoted)
            }
        }
        let fields = split(pieces, keepEmpty: pieces.contains { $0.quoted && $0.elements == nil })
        return fields.flatMap { field -> [String] in
            let text = field.map(\.text).joined()
            guard field.contains(where: { $0.globs && ShellPattern.hasWildcard($0.text) }) else { return [text] }
            let matches = glob(text)
            // Bash's `nullglob`: a pattern that matches nothing is no field, rather than itself.
            if matches.isEmpty { return shell.shellOptions.contains("nullglob") ? [] : [text] }
            return matches
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

    /// A here-document body with `$` expansions and `\` escapes applied (an unquoted delimiter).
    func heredoc(_ body: String) -> String {
        joined(body)
    }

    /// An array subscript as the key it names: an associative array's is the expanded text, an
    /// indexed array's the arithmetic value (`a[i+1]`).
    func subscriptKey(_ word: ShellWord, associative: Bool) -> String {
        key(string(word), associative: associative)
    }

    private func key(_ text: String, associative: Bool) -> String {
        associative ? text : String(arithmetic(text))
    }

    /// The arguments of a declaration builtin (`local`, `export`, `declare`…): its assignments as
    /// written, for the builtin to carry out, and its other words expanded.
    func declarationArguments(_ command: SimpleCommand) -> [DeclarationArgument] {
        command.words.indices.dropFirst().flatMap { index -> [DeclarationArgument] in
            if let assignment = command.declarations[index] { return [.assignment(assignment)] }
            return fields(command.words[index]).map(DeclarationArgument.word)
        }
    }

    /// Text with its expansions done, as one string: quoted, so nothing is split or globbed.
    private func joined(_ text: String) -> String {
        expandText(text, .joined).map(\.text).joined()
    }

    private func arithmetic(_ expression: String) -> Int {
        ShellArithmetic(variable: shell.variable).evaluate(expression)
    }

    /// Expands `$…`, backquotes and (bash) process substitutions in text.
    private func expandText(_ text: String, _ context: Context) -> [Piece] {
        let unquoted = context == .unquoted
        let chars = Array(text)
        var pieces: [Piece] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty { pieces.append(Piece(literal, globs: unquoted, quoted: !unquoted)) }
            literal = ""
        }
        func add(_ value: Value) {
            switch (value, context) {
            case (.text(let text), _): pieces.append(Piece(text, splits: unquoted, globs: unquoted, quoted: !unquoted))
            case (.elements(let elements), .doubleQuoted): pieces.append(Piece("", quoted: true, elements: elements))
            case (.elements, .unquoted): pieces.append(Piece(value.joined, splits: true, globs: true, quoted: false))
            case (.elements, .joined): pieces.append(Piece(value.joined, quoted: true))
            }
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                flush()
                add(.text(shell.commandSubstitution(String(chars[(i + 1)..<end]))))
                i = end + 1
                continue
            }
            if unquoted, shell.dialect == .bash, c == "<" || c == ">", i + 1 < chars.count, chars[i + 1] == "(",
               let end = ShellLexer.substitutionEnd(in: chars, from: i) {
                flush()
                add(.text(processSubstitution(String(chars[i..<end]))))
                i = end
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
                if next == "(" {
                    if inner.hasPrefix("(") && inner.hasSuffix(")") {
                        add(.text(String(arithmetic(String(inner.dropFirst().dropLast())))))
                    } else {
                        add(.text(shell.commandSubstitution(inner)))
                    }
                } else {
                    add(braced(inner))
                }
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
            let name = String(chars[(i + 1)..<j])
            add(lookup(name, element: nil) ?? unset(name))
            i = j
        }
        flush()
        return pieces
    }

    /// Bash's `<(…)` and `>(…)`, which need a second process reading or writing a pipe as the first
    /// runs: not simulated, and said so. The command gets the path bash would give it.
    private func processSubstitution(_ text: String) -> String {
        shell.writeError("layerlab: process substitution `\(text)` is not simulated: its commands did not run, and /dev/fd/63 holds nothing\n")
        return "/dev/fd/63"
    }

    // MARK: Parameters

    /// The value of a parameter (`NAME`, `1`, `@`, `?`…), or an element of an array (`NAME[KEY]`,
    /// `NAME[@]`); nil when it is unset.
    private func lookup(_ name: String, element: String?) -> Value? {
        switch name {
        case "@": return .elements(shell.positional)
        case "*": return .text(shell.positional.joined(separator: " "))
        case "#": return .text(String(shell.positional.count))
        case "?": return .text(String(shell.lastStatus))
        case "$": return .text("1")
        case "!": return .text("")
        case "0": return .text(shell.argumentZero ?? shell.shellPath)
        case "-": return .text((shell.errexit ? "e" : "") + (shell.nounset ? "u" : "") + (shell.xtrace ? "x" : ""))
        default: break
        }
        if let number = Int(name) {
            return number >= 1 && number <= shell.positional.count ? .text(shell.positional[number - 1]) : nil
        }
        let array = arrayNamed(name)
        guard let element else { return (shell.variable(name) ?? array?["0"]).map(Value.text) }
        if element == "@" || element == "*" {
            // A plain variable is an array of one.
            let elements = array?.elements ?? shell.variable(name).map { [$0] } ?? []
            return element == "@" ? .elements(elements) : .text(elements.joined(separator: " "))
        }
        let elementKey = key(joined(element), associative: array?.associative ?? false)
        guard let array else { return elementKey == "0" ? shell.variable(name).map(Value.text) : nil }
        return array[elementKey].map(Value.text)
    }

    /// An array by name: one the script made, or bash's `FUNCNAME` and `BASH_SOURCE`.
    private func arrayNamed(_ name: String) -> ShellArray? {
        if let array = shell.arrays[name] { return array }
        guard shell.dialect == .bash else { return nil }
        let elements: [String]
        switch name {
        case "FUNCNAME": elements = shell.functionNames
        case "BASH_SOURCE": elements = shell.sourceFiles
        default: return nil
        }
        return elements.isEmpty ? nil : ShellArray(associative: false, elements: elements)
    }

    /// An unset parameter expands to nothing; under `set -u` it is an error that ends the shell.
    private func unset(_ name: String) -> Value {
        guard shell.nounset, name != "@", name != "*", !shell.isUnwinding else { return .text("") }
        if shell.dialect == .bash {
            shell.writeError("\(shell.scriptFile ?? "bash: line 1"): \(name): unbound variable\n")
            shell.exitRequest = 127
        } else {
            shell.writeError(shell.flavor.shellMessage("\(name): parameter not set", shell: shell.shellPath) + "\n")
            shell.exitRequest = 2
        }
        return .text("")
    }

    /// A `${…}` form the shell does not have (or layerlab does not simulate): the shell's error, which
    /// ends it.
    private func badSubstitution(_ expression: String) -> Value {
        guard !shell.isUnwinding else { return .text("") }
        if shell.dialect == .bash {
            shell.writeError("\(shell.scriptFile ?? "bash"): ${\(expression)}: bad substitution\n")
            shell.exitRequest = 1
        } else {
            shell.writeError(shell.flavor.shellMessage("Bad substitution", shell: shell.shellPath) + "\n")
            shell.exitRequest = 2
        }
        return .text("")
    }

    /// The name a `${…}` starts with, its subscript (bash's `NAME[KEY]`), and what follows them.
    private func parameterName(_ text: Substring) -> (name: String, element: String?, rest: Substring)? {
        guard let first = text.first else { return nil }
        if "@*#?$!-".contains(first) { return (String(first), nil, text.dropFirst()) }
        if first.isNumber {
            let digits = text.prefix { $0.isNumber }
            return (String(digits), nil, text.dropFirst(digits.count))
        }
        let name = text.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard ShellAssignment.isName(name) else { return nil }
        var rest = text.dropFirst(name.count)
        guard shell.dialect == .bash, rest.first == "[" else { return (String(name), nil, rest) }
        var depth = 0
        for index in rest.indices {
            if rest[index] == "[" { depth += 1 }
            if rest[index] == "]" {
                depth -= 1
                if depth == 0 {
                    let element = String(rest[rest.index(after: rest.startIndex)..<index])
                    rest = rest[rest.index(after: index)...]
                    return (String(name), element, rest)
                }
            }
        }
        return nil
    }

    /// The value of a `${…}` expression.
    private func braced(_ expression: String) -> Value {
        var text = Substring(expression)
        // `${#NAME}`: its length (`${#a[@]}`: how many elements); `${#}` alone is `$#`.
        if text.first == "#", text.count > 1, case let (name, element, rest)? = parameterName(text.dropFirst()), rest.isEmpty {
            guard let value = lookup(name, element: element) else {
                _ = unset(name)
                return .text("0")
            }
            if case .elements(let elements) = value { return .text(String(elements.count)) }
            if element == "*", let array = arrayNamed(name) { return .text(String(array.elements.count)) }
            return .text(String(value.joined.count))
        }
        // `${!NAME}`: the variable NAME names (bash); `${!a[@]}`: the array's keys.
        var indirect = false
        if shell.dialect == .bash, text.first == "!", text.count > 1 {
            indirect = true
            text = text.dropFirst()
        }
        guard case let (name, element, rest)? = parameterName(text) else { return badSubstitution(expression) }
        var value: Value?
        var valueName = name
        if indirect {
            if element == "@" || element == "*" {
                let keys = arrayNamed(name)?.keys ?? (shell.variable(name) == nil ? [] : ["0"])
                value = element == "@" ? .elements(keys) : .text(keys.joined(separator: " "))
            } else if let target = lookup(name, element: element)?.joined, !target.isEmpty {
                guard case let (targetName, targetElement, targetRest)? = parameterName(Substring(target)), targetRest.isEmpty else {
                    return badSubstitution(expression)
                }
                valueName = targetName
                value = lookup(targetName, element: targetElement)
            }
        } else {
            value = lookup(name, element: element)
        }
        return apply(rest, to: value, name: valueName, expression: expression)
    }

    /// Applies what follows the name in `${NAME…}`: `:-`, `:=`, `:+`, `:?` (and without the colon),
    /// `#`, `##`, `%`, `%%`, and bash's `:OFFSET:LENGTH`, `/PATTERN/STRING` and case changes.
    private func apply(_ operation: Substring, to value: Value?, name: String, expression: String) -> Value {
        guard let first = operation.first else { return value ?? unset(name) }
        let colon = first == ":"
        let op = colon ? operation.dropFirst().first : first
        let argument = String(operation.dropFirst(colon ? 2 : 1))
        // With a colon an empty value counts as unset.
        let missing = value == nil || (colon && value?.joined == "")
        switch op ?? " " {
        case "-": return missing ? .text(argumentValue(argument)) : value!
        case "=":
            guard missing else { return value! }
            let assigned = argumentValue(argument)
            shell.setVariable(name, assigned)
            return .text(assigned)
        case "+": return missing ? .text("") : .text(argumentValue(argument))
        case "?":
            guard missing else { return value! }
            // dash: `parameter not set or null`, ash the same, bash: `parameter null or not set` (bash 5.2,
            // dash 0.5.12, and BusyBox's ash in the reference engine's refbox).
            let said = !argument.isEmpty ? argumentValue(argument)
                : !colon ? "parameter not set" : shell.dialect == .bash ? "parameter null or not set" : "parameter not set or null"
            shell.writeError(shell.dialect == .bash ? "\(shell.scriptFile ?? "bash"): \(name): \(said)\n"
                                                     : shell.flavor.shellMessage("\(name): \(said)", shell: shell.shellPath) + "\n")
            shell.exitRequest = shell.dialect == .bash ? 1 : 2
            return .text("")
        default: break
        }
        if colon {
            guard shell.dialect == .bash, !operation.dropFirst().isEmpty else { return badSubstitution(expression) }
            return substring(value ?? unset(name), String(operation.dropFirst()), name: name)
        }
        guard let value = value ?? (shell.nounset ? nil : Value.text("")) else { return unset(name) }
        switch first {
        case "#", "%":
            let longest = argument.hasPrefix(String(first))
            let pattern = argumentPattern(longest ? String(argument.dropFirst()) : argument)
            return map(value) { ShellPattern.trim($0, pattern: pattern, fromStart: first == "#", longest: longest) }
        case "/" where shell.dialect == .bash:
            return replace(value, String(operation.dropFirst()))
        case "^" where shell.dialect == .bash, "," where shell.dialect == .bash:
            let all = argument.hasPrefix(String(first))
            guard argument.count == (all ? 1 : 0) else { return badSubstitution(expression) }
            return map(value) { text in
                let change: (String) -> String = first == "^" ? { $0.uppercased() } : { $0.lowercased() }
                return all ? change(text) : change(String(text.prefix(1))) + text.dropFirst()
            }
        default:
            return badSubstitution(expression)
        }
    }

    /// An operator's argument as the word it is (`${v#"$prefix"}`, `${v:-'a b'}`): its quotes are
    /// quotes. Nil when it is not one word (`${v:-a b}`), which is then taken as it is.
    private func argumentWord(_ text: String) -> ShellWord? {
        guard case .success(let tokens) = ShellLexer(dialect: shell.dialect).tokenize(text), tokens.count == 1,
              case .word(let word) = tokens[0] else { return nil }
        return word
    }

    /// An operator's argument as a value: expanded, its quotes removed.
    private func argumentValue(_ text: String) -> String {
        argumentWord(text).map(string) ?? joined(text)
    }

    /// An operator's argument as a pattern: what was quoted matches itself.
    private func argumentPattern(_ text: String) -> String {
        argumentWord(text).map(casePattern) ?? joined(text)
    }

    /// Applies `transform` to a value, or to each of its elements.
    private func map(_ value: Value, _ transform: (String) -> String) -> Value {
        switch value {
        case .text(let text): .text(transform(text))
        case .elements(let elements): .elements(elements.map(transform))
        }
    }

    /// `${NAME:OFFSET}` and `${NAME:OFFSET:LENGTH}` (bash): characters of a string, or elements of a
    /// list (`${@:2}` counts from `$0`). A negative offset counts from the end.
    private func substring(_ value: Value, _ range: String, name: String) -> Value {
        let parts = range.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        // As bash 5.2: an offset before the start gives nothing; a negative length counts back from the
        // end, and one that ends before the offset is an error that ends the script.
        func slice<T>(_ items: [T]) -> [T] {
            var start = arithmetic(parts[0])
            if start < 0 { start += items.count }
            guard start >= 0 else { return [] }
            start = min(start, items.count)
            guard parts.count > 1 else { return Array(items[start...]) }
            let written = arithmetic(parts[1])
            var length = min(written, items.count)
            if length < 0 {
                length = items.count + max(length, -items.count) - start
                guard length >= 0 else {
                    shell.writeError("\(shell.scriptFile ?? "bash"): \(written): substring expression < 0\n")
                    shell.exitRequest = 1
                    return []
                }
            }
            return Array(items[start..<(start + min(length, items.count - start))])
        }
        switch value {
        case .text(let text): return .text(String(slice(Array(text))))
        case .elements(let elements):
            return .elements(slice(name == "@" ? [shell.argumentZero ?? shell.shellPath] + elements : elements))
        }
    }

    /// `${NAME/PATTERN/STRING}` (bash): the first match of PATTERN replaced; `//` every one, `/#` one
    /// at the start, `/%` one at the end. A match is the longest from where it starts.
    private func replace(_ value: Value, _ operation: String) -> Value {
        var rest = Substring(operation)
        var mode: Character = " "
        if let first = rest.first, "/#%".contains(first) {
            mode = first
            rest = rest.dropFirst()
        }
        var patternText = ""
        var escaped = false
        while let c = rest.first {
            rest = rest.dropFirst()
            if c == "/" && !escaped { break }
            escaped = c == "\\" && !escaped
            patternText.append(c)
        }
        let pattern = argumentPattern(patternText)
        let replacement = argumentValue(String(rest))
        return map(value) { text in
            let chars = Array(text)
            var result = ""
            var i = 0
            var replaced = false
            while i <= chars.count {
                let canStart = !(replaced && mode != "/") && (mode != "#" || i == 0)
                let ends = mode == "%" ? [chars.count] : Array((i...chars.count).reversed())
                if canStart, !pattern.isEmpty, let end = ends.first(where: { $0 >= i && ShellPattern.fnmatch(pattern, matches: String(chars[i..<$0])) }) {
                    result += replacement
                    replaced = true
                    if end > i {
                        i = end
                        continue
                    }
                }
                if i < chars.count { result.append(chars[i]) }
                i += 1
            }
            return result
        }
    }

    /// Field splitting on spaces, tabs and newlines, applied to unquoted expansion results only;
    /// the elements of `"$@"` are fields of their own.
    private func split(_ pieces: [Piece], keepEmpty: Bool) -> [[Piece]] {
        var fields: [[Piece]] = []
        var current: [Piece] = []
        var hasContent = false
        for piece in pieces {
            if let elements = piece.elements {
                for (index, element) in elements.enumerated() {
                    if index > 0 {
                        fields.append(current)
                        current = []
                    }
                    current.append(Piece(element, quoted: true))
                    hasContent = true
                }
                continue
            }
            guard piece.splits else {
                current.append(piece)
                hasContent = true
                continue
            }
            var part = ""
            for c in piece.text {
                if c == " " || c == "\t" || c == "\n" {
                    if !part.isEmpty { current.append(Piece(part, globs: piece.globs, quoted: false)); part = ""; hasContent = true }
                    if hasContent { fields.append(current) }
                    current = []
                    hasContent = false
                } else {
                    part.append(c)
                }
            }
            if !part.isEmpty {
                current.append(Piece(part, globs: piece.globs, quoted: false))
                hasContent = true
            }
        }
        if hasContent || (fields.isEmpty && keepEmpty) { fields.append(current) }
        return fields.filter { field in keepEmpty || field.contains { !$0.text.isEmpty } || field.contains(where: \.quoted) }
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
