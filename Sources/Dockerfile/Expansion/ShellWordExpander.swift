import GoSemantics

/// BuildKit's shell lexer (`frontend/dockerfile/shell`): splits a Dockerfile argument into words and
/// expands `$VAR`, `${VAR}`, `${VAR:-word}`, `${VAR-word}`, `${VAR:+word}`, `${VAR+word}` and
/// `${VAR:?message}`, with single and double quotes and the escape character as BuildKit treats them.
public struct ShellWordExpander: Sendable {
    public var escapeToken: Unicode.Scalar
    /// Keep quote characters in the result.
    public var keepsQuotes = false
    /// Keep escape characters in the result.
    public var keepsEscapes = false
    /// Leave references to unset variables as written instead of expanding them to nothing.
    public var leavesUnsetVariables = false
    /// Treat quotes as ordinary characters.
    public var ignoresQuotes = false

    public init(escapeToken: Unicode.Scalar = "\\") {
        self.escapeToken = escapeToken
    }

    /// The result of processing one argument.
    public struct Result: Equatable, Sendable {
        /// The whole text after expansion and quote removal, spaces kept.
        public var word: String
        /// The text split into words after expansion; quoted spaces do not split.
        public var words: [String]
        /// The names of the variables the text referred to that were set.
        public var usedVariables: Set<String>
        /// The names of the variables it referred to that were not set, each once, in the order BuildKit's
        /// lexer looked them up (its `Unmatched`, which the build checks report).
        public var unsetVariables: [String]
    }

    /// A Dockerfile word's value at most. Values double when a line like `ENV A=${A}${A}` repeats, and
    /// every later step carries the environment along; layerlab stops there with a clear error.
    public static let longestResult = 1 << 20

    public func process(_ text: String, environment: [String: String] = [:]) throws(ShellExpansionError) -> Result {
        var scanner = Scanner(options: self, scalars: Array(text.unicodeScalars), environment: environment)
        do throws(ShellExpansionError) {
            let (word, words) = try scanner.processStopOn(nil)
            guard word.utf8.count <= Self.longestResult else {
                throw ShellExpansionError(message: "it expands to \(word.utf8.count) bytes, over layerlab's limit of \(Self.longestResult) for one word")
            }
            return Result(word: word, words: words, usedVariables: scanner.used, unsetVariables: scanner.unset)
        } catch {
            throw ShellExpansionError(message: "failed to process \"\(text)\": \(error.message)")
        }
    }

    private struct Scanner {
        let options: ShellWordExpander
        let scalars: [Unicode.Scalar]
        let environment: [String: String]
        var index = 0
        var used: Set<String> = []
        var unset: [String] = []

        init(options: ShellWordExpander, scalars: [Unicode.Scalar], environment: [String: String]) {
            self.options = options
            self.scalars = scalars
            self.environment = environment
        }

        func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func next() -> Unicode.Scalar? {
            guard index < scalars.count else { return nil }
            defer { index += 1 }
            return scalars[index]
        }

        mutating func processStopOn(_ stop: Unicode.Scalar?, keepingEscapes: Bool? = nil) throws(ShellExpansionError) -> (String, [String]) {
            let keepsEscapes = keepingEscapes ?? options.keepsEscapes
            var result = String.UnicodeScalarView()
            var words = WordCollector()
            while let ch = peek() {
                if let stop, ch == stop {
                    _ = next()
                    return (String(result), words.finish())
                }
                if ch == "$" {
                    let value = try processDollar()
                    result.append(contentsOf: value.unicodeScalars)
                    words.add(value)
                } else if !options.ignoresQuotes && (ch == "'" || ch == "\"") {
                    let value = ch == "'" ? try processSingleQuote() : try processDoubleQuote()
                    result.append(contentsOf: value.unicodeScalars)
                    words.addRaw(value)
                } else {
                    var ch = next()!
                    if ch == options.escapeToken {
                        if keepsEscapes {
                            words.addRaw(ch)
                            result.append(ch)
                        }
                        guard let escaped = next() else { break }
                        ch = escaped
                        words.addRaw(ch)
                    } else {
                        words.add(ch)
                    }
                    result.append(ch)
                }
            }
            if let stop {
                throw ShellExpansionError(message: "unexpected end of statement while looking for matching \(stop)")
            }
            return (String(result), words.finish())
        }

        mutating func processSingleQuote() throws(ShellExpansionError) -> String {
            var result = String.UnicodeScalarView()
            let open = next()!
            if options.keepsQuotes { result.append(open) }
            while true {
                guard let ch = next() else {
                    throw ShellExpansionError(message: "unexpected end of statement while looking for matching single-quote")
                }
                if ch == "'" {
                    if options.keepsQuotes { result.append(ch) }
                    return String(result)
                }
                result.append(ch)
            }
        }

        mutating func processDoubleQuote() throws(ShellExpansionError) -> String {
            var result = String.UnicodeScalarView()
            let open = next()!
            if options.keepsQuotes { result.append(open) }
            while true {
                guard let peeked = peek() else {
                    throw ShellExpansionError(message: "unexpected end of statement while looking for matching double-quote")
                }
                switch peeked {
                case "\"":
                    let close = next()!
                    if options.keepsQuotes { result.append(close) }
                    return String(result)
                case "$":
                    result.append(contentsOf: try processDollar().unicodeScalars)
                default:
                    var ch = next()!
                    if ch == options.escapeToken {
                        if options.keepsEscapes { result.append(ch) }
                        guard let following = peek() else { continue }
                        if following == "\"" || following == "$" || following == options.escapeToken {
                            ch = next()!
                        }
                    }
                    result.append(ch)
                }
            }
        }

        mutating func processDollar() throws(ShellExpansionError) -> String {
            _ = next()
            if peek() != "{" {
                let name = processName()
                if name.isEmpty { return "$" }
                guard let value = lookup(name) else {
                    return options.leavesUnsetVariables ? "$" + name : ""
                }
                return value
            }
            _ = next()
            switch peek() {
            case nil:
                throw ShellExpansionError(message: "syntax error: missing '}'")
            case "{", "}", ":":
                throw ShellExpansionError(message: "syntax error: bad substitution")
            default:
                break
            }
            let name = processName()
            let modifierStart = next()
            var modifier = modifierStart.map { String($0) } ?? ""
            switch modifierStart {
            case "}":
                guard let value = lookup(name) else {
                    return options.leavesUnsetVariables ? "${\(name)}" : ""
                }
                return value
            case ":", "+", "-", "?", "#", "%":
                var op = modifierStart!
                var nullIsUnset = false
                if op == ":" {
                    nullIsUnset = true
                    let second = next()
                    modifier += second.map { String($0) } ?? ""
                    op = second ?? "\u{FFFD}"
                }
                let patternModifier = op == "#" || op == "%"
                if nullIsUnset && patternModifier {
                    throw ShellExpansionError(message: "unsupported modifier (\(modifier)) in substitution")
                }
                let word = try processWordForModifier(keepingEscapes: patternModifier)
                let value = lookup(name)
                if value == nil && options.leavesUnsetVariables {
                    return "${\(name)\(modifier)\(word)}"
                }
                let isUnset = value == nil || (nullIsUnset && value == "")
                switch op {
                case "-":
                    return isUnset ? word : value!
                case "+":
                    return isUnset ? "" : word
                case "?":
                    if value == nil {
                        throw ShellExpansionError(message: "\(name): \(word.isEmpty ? "is not allowed to be unset" : word)")
                    }
                    if nullIsUnset && value == "" {
                        throw ShellExpansionError(message: "\(name): \(word.isEmpty ? "is not allowed to be empty" : word)")
                    }
                    return value!
                case "#", "%":
                    var pattern = word
                    let longest = pattern.unicodeScalars.first == op
                    if longest { pattern.unicodeScalars.removeFirst() }
                    let compiled = try SubstitutionPattern(pattern)
                    return op == "#" ? compiled.trimmingPrefix(of: value ?? "", longest: longest)
                        : compiled.trimmingSuffix(of: value ?? "", longest: longest)
                default:
                    throw ShellExpansionError(message: "unsupported modifier (\(modifier)) in substitution")
                }
            case "/":
                let replacesAll = peek() == "/"
                if replacesAll { _ = next() }
                let pattern: String
                do {
                    pattern = try processStopOn("/", keepingEscapes: true).0
                } catch {
                    if peek() == nil { throw ShellExpansionError(message: "syntax error: missing '/' in ${}") }
                    throw error
                }
                let replacement = try processWordForModifier(keepingEscapes: true)
                let value = lookup(name)
                if value == nil && options.leavesUnsetVariables {
                    return "${\(name)/\(pattern)/\(replacement)}"
                }
                return try SubstitutionPattern(pattern).replacing(in: value ?? "", with: replacement, all: replacesAll)
            default:
                throw ShellExpansionError(message: "unsupported modifier (\(modifier)) in substitution")
            }
        }

        mutating func processWordForModifier(keepingEscapes: Bool = false) throws(ShellExpansionError) -> String {
            do {
                return try processStopOn("}", keepingEscapes: keepingEscapes ? true : nil).0
            } catch {
                if peek() == nil { throw ShellExpansionError(message: "syntax error: missing '}'") }
                throw error
            }
        }

        mutating func processName() -> String {
            var name = String.UnicodeScalarView()
            while let ch = peek() {
                if name.isEmpty && ch.properties.numericType == .decimal {
                    while let digit = peek(), digit.properties.numericType == .decimal {
                        name.append(next()!)
                    }
                    return String(name)
                }
                if name.isEmpty && "@*#?-$!0".unicodeScalars.contains(ch) {
                    return String(next()!)
                }
                guard ch.properties.generalCategory.isLetter || ch.properties.numericType == .decimal || ch == "_" else {
                    break
                }
                name.append(next()!)
            }
            return String(name)
        }

        mutating func lookup(_ name: String) -> String? {
            guard let value = environment[name] else {
                if !unset.contains(name) { unset.append(name) }
                return nil
            }
            used.insert(name)
            return value
        }
    }
}

/// Collects words the way BuildKit's `wordsStruct` does: unquoted spaces split, quoted text never does.
private struct WordCollector {
    var word = String.UnicodeScalarView()
    var words: [String] = []
    var inWord = false

    mutating func add(_ ch: Unicode.Scalar) {
        if GoText.isSpace(ch) {
            if inWord && !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
                inWord = false
            }
        } else {
            addRaw(ch)
        }
    }

    mutating func add(_ text: String) {
        for ch in text.unicodeScalars { add(ch) }
    }

    mutating func addRaw(_ ch: Unicode.Scalar) {
        word.append(ch)
        inWord = true
    }

    mutating func addRaw(_ text: String) {
        word.append(contentsOf: text.unicodeScalars)
        inWord = true
    }

    mutating func finish() -> [String] {
        if !word.isEmpty {
            words.append(String(word))
            word = String.UnicodeScalarView()
            inWord = false
        }
        return words
    }
}

extension Unicode.GeneralCategory {
    var isLetter: Bool {
        switch self {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }
}

/// Why BuildKit could not expand an argument.
public struct ShellExpansionError: Error, Equatable, Sendable {
    public var message: String

    public init(message: String) {
        self.message = message
    }
}
