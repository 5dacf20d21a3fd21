import Foundation

/// A POSIX regular expression as sed and find take them, basic (BRE, the default) or extended (ERE,
/// `sed -E`), with GNU's extensions (`\+`, `\?`, `\|`, `\n`, `\t`, `\r`, `\w`, `\s`, `\<`, `\>`), run by
/// ICU's NSRegularExpression. The pattern is translated, not passed on: in a BRE `\(…\)` groups and
/// `(` is a letter, in a bracket `\` is a letter and `]` first is one, and `^`/`$` anchor the whole
/// text (sed's pattern space) unless `M` asks for lines. One difference stays: ICU picks the first
/// alternative that matches where POSIX picks the longest (`a|ab` on `ab`).
struct PosixRegex {
    enum Syntax {
        case basic, extended
    }

    let expression: NSRegularExpression

    init(_ pattern: String, syntax: Syntax, ignoreCase: Bool = false, multiline: Bool = false) throws(PosixRegexError) {
        let translated = try Self.translate(pattern, syntax: syntax, multiline: multiline)
        var options: NSRegularExpression.Options = [.dotMatchesLineSeparators]
        if ignoreCase { options.insert(.caseInsensitive) }
        do {
            expression = try NSRegularExpression(pattern: translated, options: options)
        } catch {
            throw PosixRegexError(message: "Invalid regular expression")
        }
    }

    /// The number of `\(…\)` groups, for `\1`…`\9` in a replacement.
    var groupCount: Int { expression.numberOfCaptureGroups }

    func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// Every match, left to right, as ICU finds them (empty matches included).
    func allMatches(_ text: String) -> [NSTextCheckingResult] {
        expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
    }

    /// The ICU pattern for a POSIX one. Errors carry glibc's regerror wording.
    static func translate(_ pattern: String, syntax: Syntax, multiline: Bool) throws(PosixRegexError) -> String {
        let p = Array(pattern)
        var out = ""
        var index = 0
        // Where a `*` has nothing to repeat (it is then a letter) and a BRE `^` anchors.
        var atStart = true
        var openGroups = 0
        var closedGroups = 0
        let extended = syntax == .extended
        func literal(_ character: Character) -> String {
            if character.isASCII && (character.isLetter || character.isNumber) { return String(character) }
            if character.isASCII, let value = character.asciiValue { return "\\x{" + String(value, radix: 16) + "}" }
            return String(character)
        }
        func openGroup() {
            out += "("
            openGroups += 1
            atStart = true
        }
        func closeGroup() throws(PosixRegexError) {
            guard openGroups > 0 else { throw PosixRegexError(message: "Unmatched ) or \\)") }
            out += ")"
            openGroups -= 1
            closedGroups += 1
            atStart = false
        }
        func alternation() {
            out += "|"
            atStart = true
        }
        /// `{m}`, `{m,}`, `{m,n}` from `index` (just after the brace); nil when the text is no interval.
        func interval(closing: String) -> (text: String, end: Int)? {
            var j = index
            var body = ""
            while j < p.count, p[j].isASCII, p[j].isNumber || p[j] == "," {
                body.append(p[j])
                j += 1
            }
            let close = Array(closing)
            guard j + close.count <= p.count, Array(p[j..<(j + close.count)]) == close, let first = body.first, first != "," else { return nil }
            let bounds = body.split(separator: ",", omittingEmptySubsequences: false)
            guard bounds.count <= 2, bounds.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return nil }
            if bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), high < low { return nil }
            return ("{" + body + "}", j + close.count)
        }
        while index < p.count {
            let character = p[index]
            index += 1
            switch character {
            case "\\":
                guard index < p.count else { throw PosixRegexError(message: "Trailing backslash") }
                let next = p[index]
                index += 1
                switch next {
                case "(" where !extended: openGroup()
                case ")" where !extended: try closeGroup()
                case "|" where !extended: alternation()
                case "{" where !extended:
                    guard !atStart else { throw PosixRegexError(message: "Invalid preceding regular expression") }
                    guard let found = interval(closing: "\\}") else { throw PosixRegexError(message: "Unmatched \\{") }
                    out += found.text
                    index = found.end
                case "+" where !extended, "?" where !extended:
                    if atStart { out += literal(next) } else { out.append(next) }
                case "1"..."9":
                    guard let number = next.wholeNumberValue, number <= closedGroups else { throw PosixRegexError(message: "Invalid back reference") }
                    out += "\\\(number)"
                    atStart = false
                case "n": out += "\\n"; atStart = false
                case "t": out += "\\t"; atStart = false
                case "r": out += "\\r"; atStart = false
                case "f": out += "\\f"; atStart = false
                case "v": out += "\\x{b}"; atStart = false
                case "w", "W", "s", "S":
                    out += "\\" + String(next)
                    atStart = false
                case "b", "B": out += "\\" + String(next)
                case "<": out += "\\b(?=\\w)"
                case ">": out += "\\b(?<=\\w)"
                case "`": out += "\\A"
                case "'": out += "\\z"
                default:
                    out += literal(next)
                    atStart = false
                }
            case "[":
                let (set, end) = try bracket(p, from: index)
                out += set
                index = end
                atStart = false
            case ".":
                out += "."
                atStart = false
            case "*":
                out += atStart ? literal("*") : "*"
            case "+" where extended, "?" where extended:
                out += atStart ? literal(character) : String(character)
            case "{" where extended:
                if !atStart, let found = interval(closing: "}") {
                    out += found.text
                    index = found.end
                } else {
                    out += literal("{")
                    atStart = false
                }
            case "(" where extended: openGroup()
            case ")" where extended: try closeGroup()
            case "|" where extended: alternation()
            case "^":
                if extended || atStart {
                    out += multiline ? "(?m:^)" : "^"
                } else {
                    out += literal("^")
                    atStart = false
                }
            case "$":
                // In a BRE, `$` anchors only at the end or before `\)` and `\|`.
                let anchors = extended || index == p.count
                    || (index + 1 < p.count && p[index] == "\\" && (p[index + 1] == ")" || p[index + 1] == "|"))
                out += anchors ? (multiline ? "(?m:$)" : "\\z") : literal("$")
                atStart = false
            default:
                out += literal(character)
                atStart = false
            }
        }
        guard openGroups == 0 else { throw PosixRegexError(message: "Unmatched ( or \\(") }
        return out
    }

    /// A bracket expression from just after its `[`: `]` first is a letter, `\` is one (but GNU's
    /// `\n` and `\t` are a newline and a tab), classes `[:digit:]` and friends, ranges. Returns the
    /// ICU set and where the expression ends.
    private static func bracket(_ p: [Character], from start: Int) throws(PosixRegexError) -> (String, Int) {
        var index = start
        var negated = false
        if index < p.count, p[index] == "^" {
            negated = true
            index += 1
        }
        var items = ""
        var first = true
        func member(_ character: Character) -> String {
            character.unicodeScalars.map { "\\x{" + String($0.value, radix: 16) + "}" }.joined()
        }
        func next() -> Character {
            var character = p[index]
            index += 1
            if character == "\\", index < p.count, p[index] == "n" || p[index] == "t" {
                character = p[index] == "n" ? "\n" : "\t"
                index += 1
            }
            return character
        }
        while true {
            guard index < p.count else { throw PosixRegexError(message: "Unmatched [, [^, [:, [., or [=") }
            if p[index] == "]" && !first {
                index += 1
                break
            }
            first = false
            if p[index] == "[", index + 1 < p.count, ":.=".contains(p[index + 1]) {
                let kind = p[index + 1]
                var end = index + 2
                while end + 1 < p.count, !(p[end] == kind && p[end + 1] == "]") { end += 1 }
                guard end + 1 < p.count else { throw PosixRegexError(message: "Unmatched [, [^, [:, [., or [=") }
                let name = String(p[(index + 2)..<end])
                index = end + 2
                if kind == ":" {
                    guard let members = characterClasses[name] else { throw PosixRegexError(message: "Invalid character class name") }
                    items += members
                } else {
                    items += name.map(member).joined()
                }
                continue
            }
            let low = next()
            if index + 1 < p.count, p[index] == "-", p[index + 1] != "]" {
                index += 1
                let high = next()
                guard low <= high else { throw PosixRegexError(message: "Invalid range end") }
                items += member(low) + "-" + member(high)
            } else {
                items += member(low)
            }
        }
        return ("[" + (negated ? "^" : "") + items + "]", index)
    }

    /// The POSIX classes in the C locale, as ICU set members.
    static let characterClasses: [String: String] = [
        "alpha": "a-zA-Z", "digit": "0-9", "alnum": "0-9a-zA-Z", "upper": "A-Z", "lower": "a-z",
        "space": "\\x{20}\\x{9}-\\x{d}", "blank": "\\x{20}\\x{9}", "punct": "\\x{21}-\\x{2f}\\x{3a}-\\x{40}\\x{5b}-\\x{60}\\x{7b}-\\x{7e}",
        "xdigit": "0-9A-Fa-f", "cntrl": "\\x{0}-\\x{1f}\\x{7f}", "print": "\\x{20}-\\x{7e}", "graph": "\\x{21}-\\x{7e}",
    ]
}

/// A regular expression regcomp would refuse, in glibc's words.
struct PosixRegexError: Error {
    var message: String
}
