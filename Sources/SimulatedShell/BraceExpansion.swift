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
            let found: (open: Int, close: Int, alternatives: [String])?
            do {
                found = try group(in: chars, limit: limit)
            } catch {
                return nil
            }
            guard let (open, close, alternatives) = found else { continue }
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
    private static func group(in chars: [Character], limit: Int) throws(TooMany) -> (open: Int, close: Int, alternatives: [String])? {
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
            if chars[i] == "{", let (close, items) = try alternatives(in: chars, from: i, limit: limit) {
                return (i, close, items)
            }
            i += 1
        }
        return nil
    }

    /// For the `{` at `open`: its `}` and what it stands for, when it holds a comma at its own level
    /// or is a sequence; nil otherwise (`{}` and `{a}` stay as they are).
    private static func alternatives(in chars: [Character], from open: Int, limit: Int) throws(TooMany) -> (close: Int, alternatives: [String])? {
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
                guard let items = try sequence(current, limit: limit) else { return nil }
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

    /// A sequence of more items than the expansion may make.
    struct TooMany: Error {}

    /// `1..5`, `10..0..2`, `a..e`, `01..10`: the items of a sequence; nil for anything else. Counted
    /// before they are made, so `{1..100000000000}` is refused rather than filling memory. As bash, a
    /// step's sign is ignored, a step of 0 is 1, and a number written with leading zeros pads them all.
    private static func sequence(_ text: String, limit: Int) throws(TooMany) -> [String]? {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let stepValue = parts.count == 3 ? Int(parts[2]) : 1, stepValue != .min else { return nil }
        let step = max(1, abs(stepValue))
        let first: Int, last: Int, letters: Bool
        if let number = Int(parts[0]), let end = Int(parts[1]) {
            (first, last, letters) = (number, end, false)
        } else if parts[0].count == 1, parts[1].count == 1, let from = parts[0].unicodeScalars.first?.value,
                  let to = parts[1].unicodeScalars.first?.value, from < 128, to < 128 {
            (first, last, letters) = (Int(from), Int(to), true)
        } else {
            return nil
        }
        let (span, overflow) = first <= last ? last.subtractingReportingOverflow(first) : first.subtractingReportingOverflow(last)
        guard !overflow, span / step < limit else { throw TooMany() }
        let values = Swift.stride(from: first, through: last, by: first <= last ? step : -step)
        if letters { return values.compactMap { Unicode.Scalar(UInt32($0)).map { String(Character($0)) } } }
        let padded = [parts[0], parts[1]].contains { $0.count > 1 && ($0.hasPrefix("0") || $0.hasPrefix("-0")) }
        let width = padded ? max(parts[0].count, parts[1].count) : 0
        return values.map { value in
            let digits = String(value.magnitude)
            let sign = value < 0 ? "-" : ""
            return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
        }
    }
}
