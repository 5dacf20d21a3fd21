/// Text as the line tools see it: lines end at each newline byte. Swift's characters would not do:
/// `"\r\n"` is one Character, so a file with Windows line endings would read as a single line, and
/// `tr -d '\r'` or `sed 's/\r$//'` (the usual fix for such a file) would find no `\r` at all.
struct TextLines {
    var lines: [String]
    /// Whether the last line ended with a newline (empty text counts as ending with one).
    var endsWithNewline: Bool

    init(_ text: String) {
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        endsWithNewline = text.isEmpty || text.unicodeScalars.last == "\n"
        if endsWithNewline { lines.removeLast() }
        self.lines = lines
    }

    /// The lines back as text, each ended by a newline.
    static func joined(_ lines: [String]) -> String {
        lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    /// The text before the first newline byte and what follows it, or nil when there is none.
    var splitAtFirstNewline: (head: String, rest: String)? {
        guard let newline = unicodeScalars.firstIndex(of: "\n") else { return nil }
        return (String(unicodeScalars[..<newline]), String(unicodeScalars[unicodeScalars.index(after: newline)...]))
    }
}
