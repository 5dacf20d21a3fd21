/// Go's `path/filepath` behaviour on Linux that `.dockerignore` handling depends on.
enum GoPath {
    /// `filepath.Clean`: the shortest equivalent path, lexically.
    static func clean(_ path: String) -> String {
        if path.isEmpty { return "." }
        let rooted = path.hasPrefix("/")
        var stack: [Substring] = []
        for element in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch element {
            case ".": continue
            case "..":
                if let last = stack.last, last != ".." {
                    stack.removeLast()
                } else if !rooted {
                    stack.append("..")
                }
            default: stack.append(element)
            }
        }
        let joined = stack.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `filepath.Dir`.
    static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }

    /// Whether `filepath.Match` accepts `pattern` as well-formed. Go checks every chunk of the pattern,
    /// whatever the name, so this depends on the pattern alone.
    static func isWellFormedGlob(_ pattern: String) -> Bool {
        var rest = Substring(pattern).utf8[...]
        while !rest.isEmpty {
            let chunk: Substring.UTF8View.SubSequence
            (chunk, rest) = scanChunk(rest)
            if !isWellFormedChunk(chunk) { return false }
        }
        return true
    }

    private static func scanChunk(_ pattern: Substring.UTF8View.SubSequence) -> (Substring.UTF8View.SubSequence, Substring.UTF8View.SubSequence) {
        var pattern = pattern
        while pattern.first == UInt8(ascii: "*") { pattern = pattern.dropFirst() }
        var inRange = false
        var index = pattern.startIndex
        scan: while index < pattern.endIndex {
            switch pattern[index] {
            case UInt8(ascii: "\\"):
                if pattern.index(after: index) < pattern.endIndex { index = pattern.index(after: index) }
            case UInt8(ascii: "["): inRange = true
            case UInt8(ascii: "]"): inRange = false
            case UInt8(ascii: "*") where !inRange: break scan
            default: break
            }
            index = pattern.index(after: index)
        }
        return (pattern[..<index], pattern[index...])
    }

    /// The syntax half of Go's `matchChunk`.
    private static func isWellFormedChunk(_ chunk: Substring.UTF8View.SubSequence) -> Bool {
        var chunk = chunk
        while let first = chunk.first {
            switch first {
            case UInt8(ascii: "["):
                chunk = chunk.dropFirst()
                if chunk.first == UInt8(ascii: "^") { chunk = chunk.dropFirst() }
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]"), ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    guard let afterLow = escapedCharacter(chunk) else { return false }
                    chunk = afterLow
                    if chunk.first == UInt8(ascii: "-") {
                        guard let afterHigh = escapedCharacter(chunk.dropFirst()) else { return false }
                        chunk = afterHigh
                    }
                    ranges += 1
                }
            case UInt8(ascii: "\\"):
                chunk = chunk.dropFirst()
                guard !chunk.isEmpty else { return false }
                chunk = chunk.dropFirst()
            default:
                chunk = chunk.dropFirst()
            }
        }
        return true
    }

    /// Go's `getEsc`: the rest after one possibly escaped class character, nil for a syntax error.
    private static func escapedCharacter(_ chunk: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence? {
        var chunk = chunk
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { return nil }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            guard !chunk.isEmpty else { return nil }
        }
        // One UTF-8 character; an invalid byte is an error.
        let lead = chunk.first!
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, chunk.count >= length else { return nil }
        let rest = chunk.dropFirst(length)
        guard !rest.isEmpty else { return nil }
        return rest
    }
}
