import GoSemantics

/// Reads a `.dockerignore` file into patterns the way moby's `ignorefile.ReadAll` does: a UTF-8 BOM
/// dropped, `#` comment lines (only when `#` is the very first character) and blank lines skipped,
/// whitespace trimmed, paths cleaned, a leading `/` removed, `!` kept.
public enum DockerignoreFile {
    public static func patterns(from text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        var patterns: [String] = []
        for (number, var line) in lines.enumerated() {
            if line.hasSuffix("\r") { line.removeLast() }
            if number == 0, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.hasPrefix("#") { continue }
            var pattern = GoText.trimSpace(line)
            if pattern.isEmpty { continue }
            let invert = pattern.hasPrefix("!")
            if invert { pattern = GoText.trimSpace(String(pattern.dropFirst())) }
            if !pattern.isEmpty {
                pattern = GoFilepath.clean(pattern)
                if pattern.count > 1 && pattern.hasPrefix("/") { pattern.removeFirst() }
            }
            patterns.append(invert ? "!" + pattern : pattern)
        }
        return patterns
    }
}

/// Why a `.dockerignore` cannot be used; BuildKit refuses to build with it.
public enum DockerignoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A pattern Go's `filepath.Match` or `regexp` rejects.
    case syntax
    /// A line that is only `!`.
    case loneExclamation
    /// A pattern longer than any path can be. Go would take it; layerlab refuses it so that matching a
    /// context stays quick (the time grows with the pattern's length times the path's).
    case patternTooLong(characters: Int)

    /// Longer than PATH_MAX, so no path could be spelled out by it.
    public static let longestPattern = 4096

    /// The message moby gives.
    public var description: String {
        switch self {
        case .syntax: "syntax error in pattern"
        case .loneExclamation: "illegal exclusion pattern: \"!\""
        case .patternTooLong(let characters):
            "a pattern of \(characters) characters is longer than layerlab matches (\(Self.longestPattern), a path's longest on Linux)"
        }
    }
}
