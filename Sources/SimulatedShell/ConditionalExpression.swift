import Foundation
import ShellSyntax

/// Bash's `[[ … ]]`: `test`'s primaries with `&&`, `||`, `!` and parentheses, its words expanded
/// without splitting or globbing. The right side of `==` and `!=` is a pattern (its quoted parts
/// match themselves), of `=~` an extended regular expression whose groups go to `BASH_REMATCH`.
struct ConditionalExpression {
    let shell: ShellProcess

    /// 0 when the expression holds, 1 when not, 2 (with bash's message) when it is malformed.
    func evaluate(_ words: [ShellWord]) -> Int32 {
        var parser = Parser(words: words, shell: shell)
        guard let result = parser.or(), parser.index == words.count else {
            let near = parser.index < words.count ? words[parser.index].text : "]]"
            shell.writeError("\(shell.scriptFile ?? "bash"): syntax error in conditional expression near `\(near)'\n")
            return 2
        }
        return result ? 0 : 1
    }

    private struct Parser {
        let words: [ShellWord]
        let shell: ShellProcess
        var index = 0

        init(words: [ShellWord], shell: ShellProcess) {
            self.words = words
            self.shell = shell
        }

        private var expander: WordExpander { shell.expander }

        /// Whether the next word is the unquoted operator `text`.
        private func next(is text: String) -> Bool {
            index < words.count && !words[index].isQuoted && words[index].text == text
        }

        mutating func or() -> Bool? {
            guard var result = and() else { return nil }
            while next(is: "||") {
                index += 1
                // Both sides are parsed; the right one only matters when the left does not decide.
                guard let right = and() else { return nil }
                result = result || right
            }
            return result
        }

        mutating func and() -> Bool? {
            guard var result = not() else { return nil }
            while next(is: "&&") {
                index += 1
                guard let right = not() else { return nil }
                result = result && right
            }
            return result
        }

        mutating func not() -> Bool? {
            if next(is: "!") {
                index += 1
                return not().map { !$0 }
            }
            return primary()
        }

        mutating func primary() -> Bool? {
            guard index < words.count else { return nil }
            if next(is: "(") {
                index += 1
                let result = or()
                guard next(is: ")") else { return nil }
                index += 1
                return result
            }
            let first = words[index]
            if index + 2 < words.count, !words[index + 1].isQuoted, let result = binary(first, words[index + 1].text, words[index + 2]) {
                index += 3
                return result
            }
            if index + 1 < words.count, !first.isQuoted, first.text.hasPrefix("-"), let result = unary(first.text, words[index + 1]) {
                index += 2
                return result
            }
            index += 1
            return !expander.string(first).isEmpty
        }

        private func unary(_ op: String, _ operand: ShellWord) -> Bool? {
            let value = expander.string(operand)
            if op == "-v" { return shell.variable(value) != nil || shell.arrays[value] != nil }
            return TestExpression.unary(op, value, shell)
        }

        private func binary(_ left: ShellWord, _ op: String, _ right: ShellWord) -> Bool? {
            switch op {
            case "==", "=", "!=":
                let matches = ShellPattern.fnmatch(expander.casePattern(right), matches: expander.string(left))
                return op == "!=" ? !matches : matches
            case "=~":
                return matchesRegex(expander.string(left), right)
            case "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
                return TestExpression.binary(expander.string(left), op, expander.string(right))
            default:
                return nil
            }
        }

        /// `=~`: the unquoted parts are the regular expression, the quoted ones literal text. A match
        /// sets `BASH_REMATCH` to it and its groups.
        private func matchesRegex(_ text: String, _ word: ShellWord) -> Bool {
            let pattern = word.segments.map { segment in
                segment.quoting == .none ? expander.string(ShellWord(segments: [segment])) : NSRegularExpression.escapedPattern(for: expander.string(ShellWord(segments: [segment])))
            }.joined()
            guard let regex = try? PosixRegex(pattern, syntax: .extended), let match = regex.allMatches(text).first else {
                shell.arrays["BASH_REMATCH"] = ShellArray(associative: false)
                return false
            }
            let groups = (0..<match.numberOfRanges).map { number -> String in
                Range(match.range(at: number), in: text).map { String(text[$0]) } ?? ""
            }
            shell.arrays["BASH_REMATCH"] = ShellArray(associative: false, elements: groups)
            return true
        }
    }
}
