/// One word of a shell command line after quote removal.
public struct ShellWord: Hashable, Sendable {
    /// The word with quotes and escaping backslashes removed.
    public var text: String
    /// True when any part of the word was quoted or escaped; a quoted heredoc delimiter turns off
    /// expansion of the body, and a quoted `#` or operator character is plain text.
    public var isQuoted: Bool
    /// The word's parts with how each was quoted, which decides what expansion does to it.
    public var segments: [Segment]

    /// A run of characters quoted the same way.
    public struct Segment: Hashable, Sendable {
        public enum Quoting: Hashable, Sendable {
            /// Expanded and split into fields, and globbed.
            case none
            /// Expanded but not split or globbed.
            case double
            /// Taken literally: single quotes or a backslash escape.
            case literal
        }

        public var text: String
        public var quoting: Quoting

        public init(_ text: String, _ quoting: Quoting) {
            self.text = text
            self.quoting = quoting
        }
    }

    public init(_ text: String, isQuoted: Bool = false) {
        self.text = text
        self.isQuoted = isQuoted
        segments = [Segment(text, isQuoted ? .literal : .none)]
    }

    /// `NAME=value` with the name unquoted and valid: the name and the value's word; nil otherwise.
    public var assignment: (name: String, value: ShellWord)? {
        guard let first = segments.first, first.quoting == .none, let equals = first.text.firstIndex(of: "=") else { return nil }
        let name = String(first.text[..<equals])
        guard let lead = name.first, lead == "_" || (lead.isASCII && lead.isLetter),
              name.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        else { return nil }
        var valueSegments = segments
        valueSegments[0].text = String(first.text[first.text.index(after: equals)...])
        return (name, ShellWord(segments: valueSegments))
    }

    /// A word made of these parts (an expansion that builds words, such as bash's braces).
    public init(segments: [Segment]) {
        self.segments = segments
        text = segments.map(\.text).joined()
        isQuoted = segments.contains { $0.quoting != .none }
    }

    /// Equality is about what the word says, not how it was split into parts.
    public static func == (lhs: ShellWord, rhs: ShellWord) -> Bool {
        lhs.text == rhs.text && lhs.isQuoted == rhs.isQuoted
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(text)
        hasher.combine(isQuoted)
    }
}

/// The control operators that separate commands (`&&`, `|`, …).
public enum ShellOperator: String, Sendable, CaseIterable {
    case and = "&&"
    case or = "||"
    case pipe = "|"
    case semicolon = ";"
    /// `;;`, which ends an item of a `case`.
    case caseBreak = ";;"
    case background = "&"
    case openParen = "("
    case closeParen = ")"
}

/// A redirection such as `> file`, `2>&1` or a heredoc.
public enum ShellRedirection: Hashable, Sendable {
    /// `[n]> target` (or `>|`); `append` for `>>`.
    case output(fd: Int, target: ShellWord, append: Bool)
    /// `[n]< target`.
    case input(fd: Int, target: ShellWord)
    /// `[n]>&m` or `[n]<&m`.
    case duplicate(fd: Int, target: ShellWord)
    /// `[n]<<DELIM` or `[n]<<-DELIM` with the lines that followed.
    case heredoc(Heredoc)
    /// `[n]<<< word` (bash): the word, expanded, and a newline as standard input.
    case hereString(fd: Int, word: ShellWord)
}

/// A here-document: the delimiter and the body lines that were read for it.
public struct Heredoc: Hashable, Sendable {
    public var fd: Int
    public var delimiter: ShellWord
    /// `<<-`: leading tabs are removed from the body and the delimiter line.
    public var stripsTabs: Bool
    /// The body, each line ending in a newline, without the delimiter line.
    public var body: String

    public init(fd: Int, delimiter: ShellWord, stripsTabs: Bool, body: String) {
        self.fd = fd
        self.delimiter = delimiter
        self.stripsTabs = stripsTabs
        self.body = body
    }

    /// Whether `$` and backslashes in the body are interpreted: only when no part of the delimiter was quoted.
    public var expandsBody: Bool { !delimiter.isQuoted }
}

/// A lexical token of a shell command line.
public enum ShellToken: Hashable, Sendable {
    case word(ShellWord)
    case `operator`(ShellOperator)
    case redirection(ShellRedirection)
    case newline
}
