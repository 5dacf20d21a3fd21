/// The container shell's patterns: pathname expansion, `case` and `${VAR#pattern}`.
enum ShellPattern {
    /// Whether text is a pattern at all: `*`, `?`, or a `[` closed by a later `]`. A lone `[` (the
    /// `test` command) is an ordinary word, and globbing it would list a whole folder for nothing.
    static func hasWildcard(_ text: String) -> Bool {
        if text.contains(where: { $0 == "*" || $0 == "?" }) { return true }
        guard let open = text.firstIndex(of: "[") else { return false }
        return text[text.index(after: open)...].dropFirst().contains("]")
    }

    /// Text with its `*`, `?`, `[` and `\` escaped, so that as a pattern it matches itself.
    static func escaping(_ text: String) -> String {
        text.reduce(into: "") { out, c in
            if "*?[\\".contains(c) { out.append("\\") }
            out.append(c)
        }
    }

    /// `${VAR#pattern}` and its kin: the value without the shortest or longest start or end the
    /// pattern matches.
    static func trim(_ value: String, pattern: String, fromStart: Bool, longest: Bool) -> String {
        let chars = Array(value)
        let lengths = longest ? Array((0...chars.count).reversed()) : Array(0...chars.count)
        for length in lengths {
            let candidate = fromStart ? String(chars[..<length]) : String(chars[(chars.count - length)...])
            if fnmatch(pattern, matches: candidate) {
                return fromStart ? String(chars[length...]) : String(chars[..<(chars.count - length)])
            }
        }
        return value
    }

    /// fnmatch(3) without flags: `*`, `?`, `[…]` (with `!` or `^` to negate) and `\` escapes. This is
    /// the container shell's pattern (pathname expansion, `case`), POSIX sh's; Docker's own Go code
    /// matches file names with Go's `filepath.Match` instead (`GoFilepath.match`), which negates
    /// with `^` only and refuses a malformed pattern, so the two are kept apart.
    static func fnmatch(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (t.count + 1) + j
            if let known = memo[key] { return known }
            var result: Bool
            if i == p.count {
                result = j == t.count
            } else if p[i] == "*" {
                result = match(i + 1, j) || (j < t.count && match(i, j + 1))
            } else if j == t.count {
                result = false
            } else if p[i] == "?" {
                result = match(i + 1, j + 1)
            } else if p[i] == "[", let close = p[(i + 1)...].firstIndex(of: "]"), close > i + 1 {
                var set = Array(p[(i + 1)..<close])
                let negated = set.first == "!" || set.first == "^"
                if negated { set.removeFirst() }
                var found = false
                var k = 0
                while k < set.count {
                    if k + 2 < set.count, set[k + 1] == "-" {
                        if set[k] <= t[j] && t[j] <= set[k + 2] { found = true }
                        k += 3
                    } else {
                        if set[k] == t[j] { found = true }
                        k += 1
                    }
                }
                result = found != negated && match(close + 1, j + 1)
            } else if p[i] == "\\", i + 1 < p.count {
                result = p[i + 1] == t[j] && match(i + 2, j + 1)
            } else {
                result = p[i] == t[j] && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }
}
