import GoSemantics

/// Parser directives (`# escape=`` ` ``, `# syntax=…`, `# check=…`): comment lines at the very top of a
/// Dockerfile.
///
/// As in BuildKit, every line the parser reads is offered here until the first one that is not a
/// directive; from then on nothing is a directive, even if it looks like one.
struct ParserDirectives {
    static let defaultEscape: Unicode.Scalar = "\\"
    /// The directives BuildKit knows; any other name ends the directives.
    static let names: Set<String> = ["syntax", "escape", "check"]

    private(set) var escapeToken: Unicode.Scalar = defaultEscape
    private(set) var found: [String: String] = [:]
    private var done = false

    /// Looks at one line (trailing newline removed). Throws for a repeated or invalid directive.
    mutating func consider(_ line: String) throws(DockerfileSyntaxFailure) {
        guard !done else { return }
        guard let (key, value) = Self.match(line) else {
            done = true
            return
        }
        let name = key.lowercased()
        guard Self.names.contains(name) else {
            done = true
            return
        }
        guard found[name] == nil else { throw .init("only one \(name) parser directive can be used") }
        found[name] = value
        if name == "escape" {
            guard value == "`" || value == "\\" else {
                throw .init("invalid escape token '\(value)' does not match ` or \\")
            }
            escapeToken = value.unicodeScalars.first!
        }
    }

    /// `#`, any Unicode space, then `^([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` with Go's `\s` (`[\t\n\f\r ]`).
    static func match(_ line: String) -> (String, String)? {
        let scalars = Array(line.unicodeScalars)
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\n" || s == "\u{0C}" || s == "\r" }
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        guard scalars.first == "#" else { return nil }
        var index = 1
        while index < scalars.count, GoText.isSpace(scalars[index]) { index += 1 }
        guard index < scalars.count, isLetter(scalars[index]) else { return nil }
        let keyStart = index
        while index < scalars.count, isLetter(scalars[index]) || isDigit(scalars[index]) { index += 1 }
        let key = String(scalars: scalars[keyStart..<index])
        while index < scalars.count, isSpace(scalars[index]) { index += 1 }
        guard index < scalars.count, scalars[index] == "=" else { return nil }
        index += 1
        while index < scalars.count, isSpace(scalars[index]) { index += 1 }
        var end = scalars.count
        while end > index, isSpace(scalars[end - 1]) { end -= 1 }
        // `.+?` needs at least one character, and `.` does not match a newline.
        guard end > index, !scalars[index..<end].contains("\n") else { return nil }
        return (key, String(scalars: scalars[index..<end]))
    }
}
