/// Splits shell text into words, operators and redirections the way a POSIX shell does (XCU 2.3):
/// quotes, backslashes, `#` comments, line continuations and here-documents.
///
/// It does no expansion: `$NAME` stays as written, so the REPL can show it back and the simulated
/// shell of the builder can expand it against the image's environment. Read as bash, it also takes
/// `$'…'`, `<<<`, `&>` and `<(…)`, which POSIX shells read otherwise.
public struct ShellLexer {
    public let dialect: ShellDialect

    public init(dialect: ShellDialect = .posix) {
        self.dialect = dialect
    }

    /// The tokens of `text`, or why the text is not yet a whole command (an open quote, a trailing
    /// backslash, a heredoc still waiting for its delimiter), so an interactive reader can ask for more.
    public func tokenize(_ text: String) -> Result<[ShellToken], ShellLexerError> {
        var scanner = Scanner(Array(text), dialect: dialect)
        return scanner.run()
    }
}

extension ShellLexer {
    /// Where a `$…` or backquote construct starting at `start` ends: `${…}`, `$(…)`, `$((…))` and
    /// `` `…` `` are kept whole (with any quotes and spaces inside) for the expander; nil when unclosed.
    public static func substitutionEnd(in chars: [Character], from start: Int) -> Int? {
        if chars[start] == "`" {
            var i = start + 1
            while i < chars.count {
                if chars[i] == "\\" { i += 2; continue }
                if chars[i] == "`" { return i + 1 }
                i += 1
            }
            return nil
        }
        guard start + 1 < chars.count, chars[start + 1] == "{" || chars[start + 1] == "(" else { return start + 1 }
        let open = chars[start + 1]
        let close: Character = open == "{" ? "}" : ")"
        var depth = 0
        var i = start + 1
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\": i += 2; continue
            case "'" where open == "(":
                guard let end = chars[(i + 1)...].firstIndex(of: "'") else { return nil }
                i = end + 1
                continue
            case "\"":
                var j = i + 1
                while j < chars.count, chars[j] != "\"" { j += chars[j] == "\\" ? 2 : 1 }
                guard j < chars.count else { return nil }
                i = j + 1
                continue
            case open: depth += 1
            case close:
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return nil
    }
}

/// Why a command line cannot be tokenized yet.
public enum ShellLexerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unterminatedSingleQuote
    case unterminatedDoubleQuote
    case trailingBackslash
    case unterminatedHeredoc(delimiter: String)
    case unterminatedSubstitution
    case missingRedirectionTarget(String)

    /// True when more input lines could complete the command.
    public var needsMoreInput: Bool {
        switch self {
        case .missingRedirectionTarget: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .unterminatedSingleQuote: "unexpected end of input while looking for matching `''"
        case .unterminatedDoubleQuote: "unexpected end of input while looking for matching `\"'"
        case .trailingBackslash: "unexpected end of input after `\\'"
        case .unterminatedHeredoc(let delimiter): "here-document delimited by end of input (wanted `\(delimiter)')"
        case .unterminatedSubstitution: "unexpected end of input while looking for the end of a `$(', `${' or backquote"
        case .missingRedirectionTarget(let op): "syntax error near unexpected token `\(op)'"
        }
    }
}

private struct Scanner {
    let chars: [Character]
    let dialect: ShellDialect
    var index = 0
    var tokens: [ShellToken] = []
    var pendingHeredocs: [(fd: Int, stripsTabs: Bool, tokenIndex: Int)] = []
    // The word being built, as quoted segments; nil between words.
    var word: [ShellWord.Segment]?
    // Set after a redirection operator: the next word is its target.
    var pendingRedirection: (fd: Int, op: String)?

    init(_ chars: [Character], dialect: ShellDialect) {
        self.chars = chars
        self.dialect = dialect
    }

    mutating func run() -> Result<[ShellToken], ShellLexerError> {
        while index < chars.count {
            let c = chars[index]
            switch c {
            case "\\":
                if index + 1 == chars.count { return .failure(.trailingBackslash) }
                let next = chars[index + 1]
                index += 2
                if next == "\n" { continue }
                append(next, .literal)
            case "'":
                guard let close = chars[(index + 1)...].firstIndex(of: "'") else {
                    return .failure(.unterminatedSingleQuote)
                }
                startWord()
                appendText(String(chars[(index + 1)..<close]), .literal)
                index = close + 1
            case "\"":
                if let error = scanDoubleQuoted() { return .failure(error) }
            case " ", "\t":
                if let error = finishWord() { return .failure(error) }
                index += 1
            case "\n":
                if let error = finishWord() { return .failure(error) }
                index += 1
                if pendingRedirection != nil { return .failure(.missingRedirectionTarget("newline")) }
                if let error = readHeredocBodies() { return .failure(error) }
                tokens.append(.newline)
            case "#" where word == nil:
                while index < chars.count, chars[index] != "\n" { index += 1 }
            case "$" where dialect == .bash && index + 1 < chars.count && chars[index + 1] == "'":
                if let error = scanANSIQuoted() { return .failure(error) }
            case "<" where startsProcessSubstitution, ">" where startsProcessSubstitution:
                // `<(…)` and `>(…)`: a process substitution, part of the word it stands in.
                guard let end = substitutionEnd(from: index) else { return .failure(.unterminatedSubstitution) }
                appendText(String(chars[index..<end]), .none)
                index = end
            case "&", "|", ";", "(", ")", "<", ">":
                if let error = scanOperator() { return .failure(error) }
            case "$", "`":
                guard let end = substitutionEnd(from: index) else { return .failure(.unterminatedSubstitution) }
                appendText(String(chars[index..<end]), .none)
                index = end
            default:
                append(c, .none)
                index += 1
            }
        }
        if let error = finishWord() { return .failure(error) }
        if let pending = pendingRedirection { return .failure(.missingRedirectionTarget(pending.op)) }
        if let first = pendingHeredocs.first, case .redirection(.heredoc(let doc)) = tokens[first.tokenIndex] {
            return .failure(.unterminatedHeredoc(delimiter: doc.delimiter.text))
        }
        return .success(tokens)
    }

    mutating func startWord() {
        if word == nil { word = [] }
    }

    mutating func append(_ c: Character, _ quoting: ShellWord.Segment.Quoting) {
        appendText(String(c), quoting)
    }

    /// Adds text to the current word, merging it into the last segment when quoted the same way.
    mutating func appendText(_ text: String, _ quoting: ShellWord.Segment.Quoting) {
        startWord()
        if let last = word!.last, last.quoting == quoting {
            word![word!.count - 1].text += text
        } else {
            word!.append(ShellWord.Segment(text, quoting))
        }
    }

    /// Inside double quotes a backslash escapes only `$`, backquote, `"`, `\` and newline.
    mutating func scanDoubleQuoted() -> ShellLexerError? {
        startWord()
        // An empty "" still makes a (quoted) word.
        appendText("", .double)
        var i = index + 1
        while i < chars.count {
            let c = chars[i]
            if c == "\"" {
                index = i + 1
                return nil
            }
            if c == "\\", i + 1 < chars.count {
                let next = chars[i + 1]
                if next == "\n" {
                    i += 2
                    continue
                }
                if "$`\"\\".contains(next) {
                    append(next, .literal)
                    i += 2
                    continue
                }
            }
            if c == "$" || c == "`" {
                guard let end = substitutionEnd(from: i) else { return .unterminatedSubstitution }
                appendText(String(chars[i..<end]), .double)
                i = end
                continue
            }
            append(c, .double)
            i += 1
        }
        return .unterminatedDoubleQuote
    }

    /// Bash's `<(` or `>(` at the current character.
    var startsProcessSubstitution: Bool {
        dialect == .bash && index + 1 < chars.count && chars[index + 1] == "("
    }

    func substitutionEnd(from start: Int) -> Int? {
        ShellLexer.substitutionEnd(in: chars, from: start)
    }

    /// `$'…'` (bash's ANSI-C quoting): the text between the quotes, its backslash escapes decoded,
    /// taken literally.
    mutating func scanANSIQuoted() -> ShellLexerError? {
        var i = index + 2
        var text = ""
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                startWord()
                appendText(text, .literal)
                index = i + 1
                return nil
            }
            guard c == "\\", i + 1 < chars.count else {
                text.append(c)
                i += 1
                continue
            }
            let escape = chars[i + 1]
            i += 2
            switch escape {
            case "a": text.append("\u{07}")
            case "b": text.append("\u{08}")
            case "e", "E": text.append("\u{1B}")
            case "f": text.append("\u{0C}")
            case "n": text.append("\n")
            case "r": text.append("\r")
            case "t": text.append("\t")
            case "v": text.append("\u{0B}")
            case "\\", "'", "\"", "?": text.append(escape)
            case "0"..."7", "x", "u", "U":
                // Up to three octal digits, or two, four or eight hexadecimal ones after x, u or U.
                let octal = escape.isNumber
                let limit = octal ? 3 : escape == "x" ? 2 : escape == "u" ? 4 : 8
                var digits = octal ? String(escape) : ""
                while digits.count < limit, i < chars.count, chars[i].isHexDigit, !octal || ("0"..."7").contains(chars[i]) {
                    digits.append(chars[i])
                    i += 1
                }
                if let value = UInt32(digits, radix: octal ? 8 : 16), let scalar = Unicode.Scalar(value), !digits.isEmpty {
                    text.unicodeScalars.append(scalar)
                } else {
                    text += "\\" + String(escape)
                }
            case "c" where i < chars.count:
                // A control character: `\cA` is 0x01.
                let letter = chars[i].uppercased().unicodeScalars.first?.value ?? 0
                text.unicodeScalars.append(Unicode.Scalar(UInt8(letter & 0x1F)))
                i += 1
            default:
                text += "\\" + String(escape)
            }
        }
        return .unterminatedSingleQuote
    }

    mutating func scanOperator() -> ShellLexerError? {
        let c = chars[index]
        let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
        // A word of digits right before `<` or `>` is the file descriptor (`2>&1`).
        var fd: Int?
        if c == "<" || c == ">", let current = word, current.count == 1, current[0].quoting == .none,
           !current[0].text.isEmpty, current[0].text.allSatisfy(\.isASCII), let number = Int(current[0].text)
        {
            fd = number
            word = nil
        }
        if let error = finishWord() { return error }
        switch (c, next) {
        case ("&", ">") where dialect == .bash:
            // `&>FILE` and `&>>FILE`: standard output and error both to the file.
            let appends = index + 2 < chars.count && chars[index + 2] == ">"
            index += appends ? 3 : 2
            return expectTarget(fd: 1, op: appends ? "&>>" : "&>")
        case ("<", "<") where dialect == .bash && index + 2 < chars.count && chars[index + 2] == "<":
            index += 3
            return expectTarget(fd: fd ?? 0, op: "<<<")
        case ("&", "&"), ("|", "|"), (";", ";"):
            return emitOperator(length: 2)
        case ("&", _), ("|", _), (";", _), ("(", _), (")", _):
            return emitOperator(length: 1)
        case ("<", "<"):
            let strips = index + 2 < chars.count && chars[index + 2] == "-"
            index += strips ? 3 : 2
            return expectTarget(fd: fd ?? 0, op: strips ? "<<-" : "<<")
        case ("<", "&"):
            index += 2
            return expectTarget(fd: fd ?? 0, op: "<&")
        case ("<", _):
            index += 1
            return expectTarget(fd: fd ?? 0, op: "<")
        case (">", ">"):
            index += 2
            return expectTarget(fd: fd ?? 1, op: ">>")
        case (">", "&"):
            index += 2
            return expectTarget(fd: fd ?? 1, op: ">&")
        case (">", "|"):
            index += 2
            return expectTarget(fd: fd ?? 1, op: ">")
        default:
            index += 1
            return expectTarget(fd: fd ?? 1, op: ">")
        }
    }

    mutating func emitOperator(length: Int) -> ShellLexerError? {
        let text = String(chars[index..<(index + length)])
        if pendingRedirection != nil { return .missingRedirectionTarget(text) }
        index += length
        tokens.append(.operator(ShellOperator(rawValue: text)!))
        return nil
    }

    mutating func expectTarget(fd: Int, op: String) -> ShellLexerError? {
        if pendingRedirection != nil { return .missingRedirectionTarget(op) }
        pendingRedirection = (fd, op)
        return nil
    }

    /// Ends the current word, turning it into a redirection target when one is awaited.
    mutating func finishWord() -> ShellLexerError? {
        guard let segments = word else { return nil }
        let shellWord = ShellWord(segments: segments)
        word = nil
        guard let (fd, op) = pendingRedirection else {
            tokens.append(.word(shellWord))
            return nil
        }
        pendingRedirection = nil
        switch op {
        case "<<<":
            tokens.append(.redirection(.hereString(fd: fd, word: shellWord)))
        case "&>", "&>>":
            tokens.append(.redirection(.output(fd: 1, target: shellWord, append: op == "&>>")))
            tokens.append(.redirection(.duplicate(fd: 2, target: ShellWord("1"))))
        case "<<", "<<-":
            pendingHeredocs.append((fd, op == "<<-", tokens.count))
            let doc = Heredoc(fd: fd, delimiter: shellWord, stripsTabs: op == "<<-", body: "")
            tokens.append(.redirection(.heredoc(doc)))
        case "<":
            tokens.append(.redirection(.input(fd: fd, target: shellWord)))
        case "<&", ">&":
            tokens.append(.redirection(.duplicate(fd: fd, target: shellWord)))
        default:
            tokens.append(.redirection(.output(fd: fd, target: shellWord, append: op == ">>")))
        }
        return nil
    }

    /// After a newline, each pending heredoc takes the lines up to its delimiter.
    mutating func readHeredocBodies() -> ShellLexerError? {
        for pending in pendingHeredocs {
            guard case .redirection(.heredoc(var doc)) = tokens[pending.tokenIndex] else { continue }
            var body = ""
            var found = false
            while index < chars.count {
                var end = index
                while end < chars.count, chars[end] != "\n" { end += 1 }
                var line = String(chars[index..<end])
                index = min(end + 1, chars.count)
                if pending.stripsTabs {
                    line = String(line.drop(while: { $0 == "\t" }))
                }
                if line == doc.delimiter.text {
                    found = true
                    break
                }
                body += line + "\n"
            }
            if !found { return .unterminatedHeredoc(delimiter: doc.delimiter.text) }
            doc.body = body
            tokens[pending.tokenIndex] = .redirection(.heredoc(doc))
        }
        pendingHeredocs.removeAll()
        return nil
    }
}
