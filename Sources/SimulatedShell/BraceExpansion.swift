import Foundation
import ShellSyntax

/// Bash's brace expansion, the first expansion of a word: `lib{/*,}.so` is `lib/*.so lib.so`,
/// `{1..3}` is `1 2 3`. Braces are taken in the word's unquoted parts (a brace in quotes is itself),
/// and a `${…}` or `$(…)` is never one.
enum BraceExpansion {
    /// The words `word` becomes, left to right; the word itself when it has no braces to expand. Nil
    /// when they would be more than `limit` (`{a,b}` twenty times over is a million words).
    static func expand(_ word: ShellWord, limit: Int) -> [ShellWord]? {
        for (index, segment) in word.segments.enumerated() where segment.quoting == .none {
            let chars = Array(segment.text)
            guard let (open, close, alternatives) = group(in: chars) else { continue }
            let prefix = String(chars[..<open]), suffix = String(chars[(close + 1)...])
            var words: [ShellWord] = []
            for alternative in alternatives {
                var segments = word.segments
                segments[index] = ShellWord.Segment(prefix + alternative + suffix, .none)
                guard let expanded = expand(ShellWord(segments: segments), limit: limit - words.count) else { return nil }
                words += expanded
                if words.count > limit { return nil }
            }
            return words
        }
        return [word]
    }

    /// The first brace group in `chars` that expands: where it opens and closes, and what it stands for.
    private static func group(in chars: [Character]) -> (open: Int, close: Int, alternatives: [String])? {
        var i = 0
        while i < chars.count {
            if chars[i] == "$" || chars[i] == "`", let end = ShellLexer.substitutionEnd(in: chars, from: i), end > i + 1 {
                i = end
                continue
            }
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == "{", let (close, items) = alternatives(in: chars, from: i) {
                return (i, close, items)
            }
            i += 1
        }
        return nil
    }

    /// For the `{` at `open`: its `}` and what it stands for, when it holds a comma at its own level
    /// or is a sequence; nil otherwise (`{}` and `{a}` stay as they are).
    private static func alternatives(in chars: [Character], from open: Int) -> (close: Int, alternatives: [String])? {
        var depth = 0
        var parts: [String] = []
        var current = ""
        var i = open + 1
        while i < chars.count {
            let c = chars[i]
            if c == "$" || c == "`", let end = ShellLexer.substitutionEnd(in: chars, from: i), end > i + 1 {
                current += String(chars[i..<end])
                i = end
                continue
            }
            switch c {
            case "{":
                depth += 1
            case "}" where depth == 0:
                parts.append(current)
                if parts.count > 1 { return (i, parts) }
                guard let items = sequence(current) else { return nil }
                return (i, items)
            case "}":
                depth -= 1
            case "," where depth == 0:
                parts.append(current)
                current = ""
                i += 1
                continue
            default:
                break
            }
            current.append(c)
            i += 1
        }
        return nil
    }

    /// `1..5`, `10..0..2`, `a..e`: the items of a sequence; nil for anything else.
    private static func sequence(_ text: String) -> [String]? {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 || parts.count == 3 else { return nil }
        let step = parts.count == 3 ? abs(Int(parts[2]) ?? 0) : 1
        guard step > 0 else { return nil }
        if let first = Int(parts[0]), let last = Int(parts[1]) {
            return Swift.stride(from: first, through: last, by: first <= last ? step : -step).map(String.init)
        }
        guard parts[0].count == 1, parts[1].count == 1, let first = parts[0].unicodeScalars.first?.value,
              let last = parts[1].unicodeScalars.first?.value else { return nil }
        let values = Swift.stride(from: Int(first), through: Int(last), by: first <= last ? step : -step)
        return values.compactMap { Unicode.Scalar(UInt32($0)).map { String(Character($0)) } }
    }
}
