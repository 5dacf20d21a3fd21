import GoSemantics

/// One `.dockerignore` pattern as moby/patternmatcher compiles it: an exact name, a prefix (`dir/**`), a
/// suffix (`**/name`) or a Go regular expression. The regular expression is built lazily, on first use,
/// as moby does, so a pattern Go cannot compile fails only when it is first consulted.
struct IgnorePattern: Sendable {
    enum Kind: Sendable {
        case exact, prefix, suffix
        case regexp(GoRegexp)
        case invalid
    }

    let text: String
    let isExclusion: Bool
    let directories: [Substring]
    let kind: Kind

    init(text: String, isExclusion: Bool) {
        self.text = text
        self.isExclusion = isExclusion
        directories = text.split(separator: "/", omittingEmptySubsequences: false)
        kind = Self.compile(text)
    }

    func matches(_ path: String) throws(DockerignoreError) -> Bool {
        switch kind {
        case .exact:
            return path == text
        case .prefix:
            return path.hasPrefix(String(text.dropLast(2)))
        case .suffix:
            let suffix = String(text.dropFirst(2))
            if path.hasSuffix(suffix) { return true }
            return suffix.hasPrefix("/") && path == suffix.dropFirst()
        case .regexp(let regexp):
            return regexp.matches(path)
        case .invalid:
            throw .syntax
        }
    }

    /// moby's `Pattern.compile`: how the pattern turns into a regular expression, and which of the
    /// cheaper kinds of match it needs instead.
    private static func compile(_ pattern: String) -> Kind {
        enum Detected { case exact, prefix, suffix, regexp }
        var expression = "^"
        var detected = Detected.exact
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        var iteration = 0
        func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
        // The wildcard just written. The same wildcard twice in a row matches what one matches
        // (`[^/]*[^/]*` is `[^/]*`, `(.*/)?(.*/)?` is `(.*/)?`), so it is written once: the match is the
        // same, and a pattern of ten thousand stars stays a short program.
        var lastWildcard: String?
        var wroteWildcard = false
        func wildcard(_ token: String) {
            if lastWildcard != token { expression += token }
            lastWildcard = token
            wroteWildcard = true
            detected = .regexp
        }
        while index < scalars.count {
            wroteWildcard = false
            let ch = scalars[index]
            index += 1
            defer { iteration += 1 }
            switch ch {
            case "*" where peek() == "*":
                index += 1
                if peek() == "/" { index += 1 }
                if peek() == nil {
                    if detected == .exact {
                        detected = .prefix
                    } else {
                        wildcard(".*")
                    }
                } else {
                    wildcard("(.*/)?")
                }
                if iteration == 0 { detected = .suffix }
            case "*":
                wildcard("[^/]*")
            case "?":
                expression += "[^/]"
                detected = .regexp
            case ".", "+", "(", ")", "|", "{", "}", "$":
                expression += "\\" + String(ch)
            case "\\":
                if let next = peek() {
                    index += 1
                    expression += "\\" + String(next)
                    detected = .regexp
                } else {
                    expression += "\\"
                }
            case "[", "]":
                expression += String(ch)
                detected = .regexp
            default:
                expression.unicodeScalars.append(ch)
            }
            if !wroteWildcard { lastWildcard = nil }
        }
        switch detected {
        case .exact: return .exact
        case .prefix: return .prefix
        case .suffix: return .suffix
        case .regexp:
            guard let regexp = try? GoRegexp(expression + "$") else { return .invalid }
            return .regexp(regexp)
        }
    }
}
