/// The patterns of `${VAR#pattern}`, `${VAR%pattern}` and `${VAR/pattern/replacement}` in a Dockerfile:
/// `*`, `?` and the escapes `\*`, `\?`, `\\` (an escaped `}` or `/` is that character), as BuildKit
/// reads them. BuildKit turns the pattern into a Go regular expression (`convertShellPatternToRegex`:
/// `*` is `.*`, `?` is `.`, every other character literal, `[` included), so neither wildcard takes a
/// new line. This is not a file name glob: those are Go's `filepath.Match` (`GoFilepath.match`) in
/// Docker's code and fnmatch in the container shell.
struct SubstitutionPattern {
    enum Token: Equatable {
        case literal(Unicode.Scalar)
        case any
        case star
    }

    let tokens: [Token]

    init(_ pattern: String) throws(ShellExpansionError) {
        var tokens: [Token] = []
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let ch = scalars[index]
            index += 1
            switch ch {
            case "*": tokens.append(.star)
            case "?": tokens.append(.any)
            case "\\":
                guard index < scalars.count else {
                    throw ShellExpansionError(message: "invalid pattern (\(pattern)) in substitution: invalid escape '\\'")
                }
                let escaped = scalars[index]
                index += 1
                guard "*?\\}/".unicodeScalars.contains(escaped) else {
                    throw ShellExpansionError(message: "invalid pattern (\(pattern)) in substitution: invalid escape '\\\(escaped)'")
                }
                tokens.append(.literal(escaped))
            default: tokens.append(.literal(ch))
            }
        }
        self.tokens = tokens
    }

    /// Whether the pattern matches all of `text`.
    func matches(_ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var memo: [Int: Bool] = [:]
        func match(_ t: Int, _ i: Int) -> Bool {
            let key = t * (text.count + 1) + i
            if let known = memo[key] { return known }
            let result: Bool
            if t == tokens.count {
                result = i == text.count
            } else {
                switch tokens[t] {
                case .star: result = match(t + 1, i) || (i < text.count && text[text.startIndex + i] != "\n" && match(t, i + 1))
                case .any: result = i < text.count && text[text.startIndex + i] != "\n" && match(t + 1, i + 1)
                case .literal(let c): result = i < text.count && text[text.startIndex + i] == c && match(t + 1, i + 1)
                }
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    func trimmingPrefix(of value: String, longest: Bool) -> String {
        let scalars = Array(value.unicodeScalars)
        let lengths = longest ? Array((0...scalars.count).reversed()) : Array(0...scalars.count)
        for length in lengths where matches(scalars[..<length]) {
            return String(scalars: scalars[length...])
        }
        return value
    }

    func trimmingSuffix(of value: String, longest: Bool) -> String {
        let scalars = Array(value.unicodeScalars)
        let starts = longest ? Array(0...scalars.count) : Array((0...scalars.count).reversed())
        for start in starts where matches(scalars[start...]) {
            return String(scalars: scalars[..<start])
        }
        return value
    }

    /// Replaces the leftmost (longest) match, or every non-overlapping match.
    func replacing(in value: String, with replacement: String, all: Bool) -> String {
        let scalars = Array(value.unicodeScalars)
        var result = String.UnicodeScalarView()
        var position = 0
        var replaced = false
        while position <= scalars.count {
            if !replaced || all, let length = longestMatch(in: scalars, at: position) {
                result.append(contentsOf: replacement.unicodeScalars)
                replaced = true
                if length > 0 {
                    position += length
                    continue
                }
            }
            guard position < scalars.count else { break }
            result.append(scalars[position])
            position += 1
        }
        return String(result)
    }

    private func longestMatch(in scalars: [Unicode.Scalar], at start: Int) -> Int? {
        for end in stride(from: scalars.count, through: start, by: -1) where matches(scalars[start..<end]) {
            return end - start
        }
        return nil
    }
}
