/// Parses Go regexp syntax (Perl flags, one-line mode) into a `RegexNode`.
struct GoRegexpParser {
    private let text: [Unicode.Scalar]
    private var index = 0

    init(_ text: [Unicode.Scalar]) {
        self.text = text
    }

    mutating func parseWhole() throws(GoRegexpError) -> RegexNode {
        let node = try parseAlternation()
        if index < text.count { throw GoRegexpError(message: "unexpected )") }
        return node
    }

    private var atEnd: Bool { index >= text.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { index + offset < text.count ? text[index + offset] : nil }

    private mutating func parseAlternation() throws(GoRegexpError) -> RegexNode {
        var branches = [try parseConcatenation()]
        while peek() == "|" {
            index += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func parseConcatenation() throws(GoRegexpError) -> RegexNode {
        var parts: [RegexNode] = []
        var lastWasRepeat = false
        while let ch = peek(), ch != "|", ch != ")" {
            switch ch {
            case "*", "+", "?":
                index += 1
                guard let last = parts.popLast() else {
                    throw GoRegexpError(message: "missing argument to repetition operator: `\(ch)`")
                }
                if lastWasRepeat { throw GoRegexpError(message: "invalid nested repetition operator") }
                if peek() == "?" { index += 1 }
                let (minimum, maximum): (Int, Int?) = ch == "*" ? (0, nil) : ch == "+" ? (1, nil) : (0, 1)
                parts.append(.repeatNode(last, minimum: minimum, maximum: maximum))
                lastWasRepeat = true
                continue
            case "{":
                if let (minimum, maximum, length) = repeatBounds() {
                    guard let last = parts.popLast() else {
                        throw GoRegexpError(message: "missing argument to repetition operator")
                    }
                    if lastWasRepeat { throw GoRegexpError(message: "invalid nested repetition operator") }
                    guard minimum <= 1000, (maximum ?? 0) <= 1000, maximum.map({ $0 >= minimum }) ?? true else {
                        throw GoRegexpError(message: "invalid repeat count")
                    }
                    index += length
                    if peek() == "?" { index += 1 }
                    parts.append(.repeatNode(last, minimum: minimum, maximum: maximum))
                    lastWasRepeat = true
                    continue
                }
                index += 1
                parts.append(.scalars(.single("{")))
            case "(":
                index += 1
                if peek() == "?" {
                    guard peek(1) == ":" else { throw GoRegexpError(message: "invalid or unsupported Perl syntax") }
                    index += 2
                }
                let inner = try parseAlternation()
                guard peek() == ")" else { throw GoRegexpError(message: "missing closing )") }
                index += 1
                parts.append(inner)
            case "^":
                index += 1
                parts.append(.assert(.beginText))
            case "$":
                index += 1
                parts.append(.assert(.endText))
            case ".":
                index += 1
                parts.append(.scalars(.anyButNewline))
            case "[":
                parts.append(.scalars(try parseClass()))
            case "\\":
                parts.append(try parseEscapeOutsideClass())
            default:
                index += 1
                parts.append(.scalars(.single(ch)))
            }
            lastWasRepeat = false
        }
        return parts.count == 1 ? parts[0] : .concat(parts)
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position, with its length; nil when `{` is a literal.
    private func repeatBounds() -> (Int, Int?, Int)? {
        var i = index + 1
        func number() -> Int? {
            let start = i
            while i < text.count, ("0"..."9").contains(text[i]) { i += 1 }
            guard i > start, i - start <= 8 else { return nil }
            return Int(String(String.UnicodeScalarView(text[start..<i])))
        }
        guard let minimum = number() else { return nil }
        var maximum: Int? = minimum
        if i < text.count, text[i] == "," {
            i += 1
            if i < text.count, text[i] == "}" {
                maximum = nil
            } else {
                guard let parsed = number() else { return nil }
                maximum = parsed
            }
        }
        guard i < text.count, text[i] == "}" else { return nil }
        return (minimum, maximum, i + 1 - index)
    }

    private mutating func parseEscapeOutsideClass() throws(GoRegexpError) -> RegexNode {
        guard let letter = peek(1) else { throw GoRegexpError(message: "trailing backslash at end of expression") }
        switch letter {
        case "A": index += 2; return .assert(.beginText)
        case "z": index += 2; return .assert(.endText)
        case "b": index += 2; return .assert(.wordBoundary)
        case "B": index += 2; return .assert(.notWordBoundary)
        case "Q":
            index += 2
            var literal: [RegexNode] = []
            while index < text.count {
                if text[index] == "\\", peek(1) == "E" {
                    index += 2
                    break
                }
                literal.append(.scalars(.single(text[index])))
                index += 1
            }
            return .concat(literal)
        default:
            break
        }
        if let item = try parsePerlOrUnicodeClass() {
            return .scalars(ScalarSet(items: [item]))
        }
        return .scalars(.single(try parseEscape()))
    }

    /// `\d \D \s \S \w \W \pX \p{Name} \PX` at the current position, consumed; nil when it is another escape.
    private mutating func parsePerlOrUnicodeClass() throws(GoRegexpError) -> ScalarSet.Item? {
        guard peek() == "\\", let letter = peek(1) else { return nil }
        let perl: [Unicode.Scalar: ScalarSet.Item] = ["d": .digit, "s": .space, "w": .word]
        if let item = perl[letter] {
            index += 2
            return item
        }
        if let lower = Unicode.Scalar(letter.value + 32), let item = perl[lower], ("A"..."Z").contains(letter) {
            index += 2
            return .not(item)
        }
        guard letter == "p" || letter == "P" else { return nil }
        index += 2
        var name: String
        if peek() == "{" {
            guard let close = text[index...].firstIndex(of: "}") else {
                throw GoRegexpError(message: "invalid character class range")
            }
            name = String(String.UnicodeScalarView(text[(index + 1)..<close]))
            index = close + 1
        } else {
            guard let single = peek() else { throw GoRegexpError(message: "invalid character class range") }
            name = String(single)
            index += 1
        }
        var negated = letter == "P"
        if name.hasPrefix("^") {
            negated.toggle()
            name.removeFirst()
        }
        guard let categories = Self.generalCategories[name] else {
            throw GoRegexpError(message: "invalid character class range: unsupported Unicode class \(name)")
        }
        let item = ScalarSet.Item.category(categories)
        return negated ? .not(item) : item
    }

    /// A single escaped character (Go's `parseEscape`).
    private mutating func parseEscape() throws(GoRegexpError) -> Unicode.Scalar {
        index += 1
        guard let c = peek() else { throw GoRegexpError(message: "trailing backslash at end of expression") }
        index += 1
        func isOctal(_ s: Unicode.Scalar?) -> Bool { s.map { ("0"..."7").contains($0) } ?? false }
        switch c {
        case "1"..."7" where !isOctal(peek()):
            break
        case "0"..."7":
            var value = c.value - 48
            for _ in 1..<3 {
                guard isOctal(peek()) else { break }
                value = value * 8 + peek()!.value - 48
                index += 1
            }
            return Unicode.Scalar(value)!
        case "x":
            guard let next = peek() else { break }
            index += 1
            if next == "{" {
                var value: UInt32 = 0
                var digits = 0
                while let d = peek(), let digit = Character(d).hexDigitValue {
                    value = value * 16 + UInt32(digit)
                    digits += 1
                    index += 1
                    if value > 0x10FFFF { break }
                }
                guard digits > 0, peek() == "}", value <= 0x10FFFF, let scalar = Unicode.Scalar(value) else { break }
                index += 1
                return scalar
            }
            guard let high = Character(next).hexDigitValue, let lowScalar = peek(), let low = Character(lowScalar).hexDigitValue else { break }
            index += 1
            return Unicode.Scalar(UInt8(high * 16 + low))
        case "a": return "\u{07}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        default:
            if c.value < 0x80 && !(c.properties.isAlphabetic || ("0"..."9").contains(c)) { return c }
        }
        throw GoRegexpError(message: "invalid escape sequence")
    }

    private mutating func parseClass() throws(GoRegexpError) -> ScalarSet {
        index += 1
        var set = ScalarSet()
        if peek() == "^" {
            set.negated = true
            index += 1
        }
        var first = true
        while atEnd || peek() != "]" || first {
            first = false
            guard !atEnd else { throw GoRegexpError(message: "missing closing ]") }
            if peek() == "[", peek(1) == ":", let named = try parseNamedClass() {
                set.items.append(named)
                continue
            }
            if let item = try parsePerlOrUnicodeClass() {
                set.items.append(item)
                continue
            }
            let low = try parseClassCharacter()
            var high = low
            if peek() == "-", let after = peek(1), after != "]" {
                index += 1
                high = try parseClassCharacter()
                guard high.value >= low.value else { throw GoRegexpError(message: "invalid character class range") }
            }
            set.items.append(.range(low.value, high.value))
        }
        index += 1
        return set
    }

    private mutating func parseClassCharacter() throws(GoRegexpError) -> Unicode.Scalar {
        guard let c = peek() else { throw GoRegexpError(message: "missing closing ]") }
        if c == "\\" { return try parseEscape() }
        index += 1
        return c
    }

    /// `[:alpha:]` or `[:^alpha:]`; nil (nothing consumed) when the text is not one.
    private mutating func parseNamedClass() throws(GoRegexpError) -> ScalarSet.Item? {
        var end = index + 2
        while end + 1 < text.count, !(text[end] == ":" && text[end + 1] == "]") { end += 1 }
        guard end + 1 < text.count else { return nil }
        var name = String(String.UnicodeScalarView(text[(index + 2)..<end]))
        var negated = false
        if name.hasPrefix("^") {
            negated = true
            name.removeFirst()
        }
        guard let ranges = Self.posixClasses[name] else { throw GoRegexpError(message: "invalid character class range") }
        index = end + 2
        let union = ScalarSet.Item.anyOf(ranges.map { ScalarSet.Item.range($0.0, $0.1) })
        return negated ? .not(union) : union
    }

    static let posixClasses: [String: [(UInt32, UInt32)]] = [
        "alnum": [(48, 57), (65, 90), (97, 122)],
        "alpha": [(65, 90), (97, 122)],
        "ascii": [(0, 127)],
        "blank": [(9, 9), (32, 32)],
        "cntrl": [(0, 31), (127, 127)],
        "digit": [(48, 57)],
        "graph": [(33, 126)],
        "lower": [(97, 122)],
        "print": [(32, 126)],
        "punct": [(33, 47), (58, 64), (91, 96), (123, 126)],
        "space": [(9, 13), (32, 32)],
        "upper": [(65, 90)],
        "word": [(48, 57), (65, 90), (95, 95), (97, 122)],
        "xdigit": [(48, 57), (65, 70), (97, 102)],
    ]

    static let generalCategories: [String: Set<Unicode.GeneralCategory>] = {
        let letters: Set<Unicode.GeneralCategory> = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        let marks: Set<Unicode.GeneralCategory> = [.nonspacingMark, .spacingMark, .enclosingMark]
        let numbers: Set<Unicode.GeneralCategory> = [.decimalNumber, .letterNumber, .otherNumber]
        let punctuation: Set<Unicode.GeneralCategory> = [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation]
        let symbols: Set<Unicode.GeneralCategory> = [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        let separators: Set<Unicode.GeneralCategory> = [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        let others: Set<Unicode.GeneralCategory> = [.control, .format, .surrogate, .privateUse, .unassigned]
        return [
            "L": letters, "Lu": [.uppercaseLetter], "Ll": [.lowercaseLetter], "Lt": [.titlecaseLetter],
            "Lm": [.modifierLetter], "Lo": [.otherLetter],
            "M": marks, "Mn": [.nonspacingMark], "Mc": [.spacingMark], "Me": [.enclosingMark],
            "N": numbers, "Nd": [.decimalNumber], "Nl": [.letterNumber], "No": [.otherNumber],
            "P": punctuation, "S": symbols, "Z": separators, "Zs": [.spaceSeparator], "C": others, "Cc": [.control],
            "Any": letters.union(marks).union(numbers).union(punctuation).union(symbols).union(separators).union(others),
        ]
    }()
}
