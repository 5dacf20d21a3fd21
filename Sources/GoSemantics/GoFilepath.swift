/// Go's `path/filepath` on Linux (where it is `path` too): what Docker's Go code does with paths and
/// file name patterns. `match` is layerlab's one `filepath.Match`: COPY and ADD sources (fsutil's
/// `ResolveWildcards`), `docker images --filter reference=` (distribution's `FamiliarMatch`) and the
/// syntax check of `.dockerignore` patterns (moby/patternmatcher) all go through it.
public enum GoFilepath {
    /// `filepath.ErrBadPattern`: a malformed pattern.
    public struct BadPattern: Error, Equatable, Sendable, CustomStringConvertible {
        public init() {}

        public var description: String { "syntax error in pattern" }
    }

    /// `filepath.Clean`: the shortest equivalent path, lexically.
    public static func clean(_ path: String) -> String {
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
    public static func dir(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return clean(String(path[...slash]))
    }

    /// `filepath.Match`: whether all of `name` matches `pattern`. `*` is any run of characters but
    /// `/`, `?` one character but `/`, `[…]` a class (`^` negates it; ranges `a-z`; `\` escapes) and
    /// `\c` the character c. A malformed pattern throws whatever the name, as Go (since 1.16) checks
    /// the rest of the pattern before it answers false.
    public static func match(_ pattern: String, _ name: String) throws(BadPattern) -> Bool {
        var pattern = Array(pattern.utf8)[...]
        var name = Array(name.utf8)[...]
        nextChunk: while !pattern.isEmpty {
            let (star, chunk, rest) = scanChunk(pattern)
            pattern = rest
            // A trailing `*` matches the rest of the name unless it has a `/`.
            if star && chunk.isEmpty { return !name.contains(slash) }
            // The chunk here; when it is the last, only if it uses up the name.
            if let after = try matchChunk(chunk, name), after.isEmpty || !pattern.isEmpty {
                name = after
                continue
            }
            if star {
                // The chunk further on, after what the star takes, which never crosses a `/`.
                var skipped = name.startIndex
                while skipped < name.endIndex, name[skipped] != slash {
                    skipped += 1
                    if let after = try matchChunk(chunk, name[skipped...]), after.isEmpty || !pattern.isEmpty {
                        name = after
                        continue nextChunk
                    }
                }
            }
            // No match; the rest of the pattern must still be well formed.
            while !pattern.isEmpty {
                let (_, chunk, rest) = scanChunk(pattern)
                pattern = rest
                _ = try matchChunk(chunk, [])
            }
            return false
        }
        return name.isEmpty
    }

    private typealias Bytes = ArraySlice<UInt8>

    private static let slash = UInt8(ascii: "/")

    /// Go's `scanChunk`: the stars that start the pattern, the chunk of single-character operators
    /// after them, and the rest.
    private static func scanChunk(_ pattern: Bytes) -> (star: Bool, chunk: Bytes, rest: Bytes) {
        var pattern = pattern
        var star = false
        while pattern.first == UInt8(ascii: "*") {
            pattern = pattern.dropFirst()
            star = true
        }
        var inRange = false
        var index = pattern.startIndex
        scan: while index < pattern.endIndex {
            switch pattern[index] {
            case UInt8(ascii: "\\"):
                // A `\` that ends the pattern is matchChunk's syntax error.
                if index + 1 < pattern.endIndex { index += 1 }
            case UInt8(ascii: "["): inRange = true
            case UInt8(ascii: "]"): inRange = false
            case UInt8(ascii: "*") where !inRange: break scan
            default: break
            }
            index += 1
        }
        return (star, pattern[..<index], pattern[index...])
    }

    /// Go's `matchChunk`: what follows in `name` when `chunk` matches its start, nil when it does not.
    /// The whole chunk is read either way, so a malformed one always throws.
    private static func matchChunk(_ chunk: Bytes, _ name: Bytes) throws(BadPattern) -> Bytes? {
        var chunk = chunk
        var name = name
        var failed = false
        while let operation = chunk.first {
            if name.isEmpty { failed = true }
            switch operation {
            case UInt8(ascii: "["):
                var rune: UInt32 = 0
                if !failed {
                    let (decoded, rest) = decodeRune(name)
                    rune = decoded
                    name = rest
                }
                chunk = chunk.dropFirst()
                let negated = chunk.first == UInt8(ascii: "^")
                if negated { chunk = chunk.dropFirst() }
                var matched = false
                var ranges = 0
                while true {
                    if chunk.first == UInt8(ascii: "]"), ranges > 0 {
                        chunk = chunk.dropFirst()
                        break
                    }
                    let (low, afterLow) = try classCharacter(chunk)
                    var high = low
                    chunk = afterLow
                    if chunk.first == UInt8(ascii: "-") {
                        let (upper, afterHigh) = try classCharacter(chunk.dropFirst())
                        high = upper
                        chunk = afterHigh
                    }
                    if low <= rune && rune <= high { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case UInt8(ascii: "?"):
                if !failed {
                    if name.first == slash { failed = true }
                    name = decodeRune(name).1
                }
                chunk = chunk.dropFirst()
            default:
                if operation == UInt8(ascii: "\\") {
                    chunk = chunk.dropFirst()
                    guard !chunk.isEmpty else { throw BadPattern() }
                }
                if !failed {
                    if chunk.first != name.first { failed = true }
                    name = name.dropFirst()
                }
                chunk = chunk.dropFirst()
            }
        }
        return failed ? nil : name
    }

    /// Go's `getEsc`: one possibly escaped character of a class, and what follows it (which a
    /// well-formed class never leaves empty: its `]` is still to come).
    private static func classCharacter(_ chunk: Bytes) throws(BadPattern) -> (UInt32, Bytes) {
        var chunk = chunk
        guard let first = chunk.first, first != UInt8(ascii: "-"), first != UInt8(ascii: "]") else { throw BadPattern() }
        if first == UInt8(ascii: "\\") {
            chunk = chunk.dropFirst()
            guard !chunk.isEmpty else { throw BadPattern() }
        }
        let (rune, rest) = decodeRune(chunk)
        guard !rest.isEmpty else { throw BadPattern() }
        return (rune, rest)
    }

    /// The first character of non-empty UTF-8 text (Go's `utf8.DecodeRune`). Text from a Swift string
    /// is valid UTF-8 and is only ever cut at ASCII operators, so decoding cannot fail.
    private static func decodeRune(_ bytes: Bytes) -> (UInt32, Bytes) {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return (0xFFFD, bytes.dropFirst()) }
        return (scalar.value, bytes.dropFirst(UTF8.width(scalar)))
    }
}
