/// `NAME=value` before a command or as an argument of `local`, `export` and their kin; in bash also
/// `NAME+=value`, `NAME[SUBSCRIPT]=value` and the arrays `NAME=( … )` and `NAME+=( … )`.
public struct ShellAssignment: Equatable, Sendable {
    public var name: String
    /// The key of the element `NAME[KEY]=` sets (bash), unexpanded; nil for the whole variable.
    public var key: ShellWord?
    public var value: Value
    /// `+=`: adds to the value (bash) instead of replacing it.
    public var appends: Bool

    public enum Value: Equatable, Sendable {
        case word(ShellWord)
        /// `( word… )`: an array's elements (bash), each word as written (`[KEY]=value` too).
        case array([ShellWord])
    }

    public init(name: String, key: ShellWord? = nil, value: Value, appends: Bool = false) {
        self.name = name
        self.key = key
        self.value = value
        self.appends = appends
    }

    /// Whether `text` is a variable name: a letter or `_`, then letters, digits and `_`.
    public static func isName(_ text: some StringProtocol) -> Bool {
        guard let lead = text.first, lead == "_" || (lead.isASCII && lead.isLetter) else { return false }
        return text.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}

extension ShellWord {
    /// The assignment this word is in `dialect`: POSIX's `NAME=value`; bash's `NAME+=value` and
    /// `NAME[SUBSCRIPT]=value` too. The name must be unquoted; nil when the word is no assignment.
    public func assignment(in dialect: ShellDialect) -> ShellAssignment? {
        guard let first = segments.first, first.quoting == .none else { return nil }
        let text = first.text
        let nameEnd = text.firstIndex { !($0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber))) } ?? text.endIndex
        let name = String(text[..<nameEnd])
        guard ShellAssignment.isName(name), nameEnd < text.endIndex else { return nil }
        let rest = text[nameEnd...]
        if rest.hasPrefix("=") { return ShellAssignment(name: name, value: .word(dropping(name.count + 1))) }
        guard dialect == .bash else { return nil }
        if rest.hasPrefix("+=") { return ShellAssignment(name: name, value: .word(dropping(name.count + 2)), appends: true) }
        guard rest.hasPrefix("["), case let (key, end)? = subscriptWord(from: name.count + 1) else { return nil }
        let after = ShellWord(segments: Array(tail(from: end)))
        guard let firstAfter = after.segments.first, firstAfter.quoting == .none else { return nil }
        if firstAfter.text.hasPrefix("=") { return ShellAssignment(name: name, key: key, value: .word(after.dropping(1))) }
        if firstAfter.text.hasPrefix("+=") { return ShellAssignment(name: name, key: key, value: .word(after.dropping(2)), appends: true) }
        return nil
    }

    /// An array element written `[KEY]=value` (bash's `( [k]=v … )`): the key and the value, unexpanded;
    /// nil for a plain element.
    public var keyedElement: (key: ShellWord, value: ShellWord)? {
        guard let first = segments.first, first.quoting == .none, first.text.hasPrefix("["),
              case let (key, end)? = subscriptWord(from: 1) else { return nil }
        let after = ShellWord(segments: Array(tail(from: end)))
        guard let firstAfter = after.segments.first, firstAfter.quoting == .none, firstAfter.text.hasPrefix("=") else { return nil }
        return (key, after.dropping(1))
    }

    /// The word without its first `count` characters (which must be unquoted).
    func dropping(_ count: Int) -> ShellWord {
        var parts = segments
        parts[0].text = String(parts[0].text.dropFirst(count))
        return ShellWord(segments: parts)
    }

    /// The segments from character `offset` of the whole word on.
    private func tail(from offset: Int) -> [Segment] {
        var remaining = offset
        var result: [Segment] = []
        for segment in segments {
            if remaining >= segment.text.count {
                remaining -= segment.text.count
                continue
            }
            result.append(Segment(String(segment.text.dropFirst(remaining)), segment.quoting))
            remaining = 0
        }
        return result.isEmpty ? [Segment("", .none)] : result
    }

    /// The subscript between the `[` before character `offset` and its unquoted `]`: the subscript as a
    /// word and the offset just past the `]`. Nil when no unquoted `]` closes it.
    private func subscriptWord(from offset: Int) -> (ShellWord, Int)? {
        var position = 0
        var parts: [Segment] = []
        var depth = 0
        for segment in segments {
            let start = position
            position += segment.text.count
            guard position > offset else { continue }
            let skip = max(0, offset - start)
            if segment.quoting != .none {
                parts.append(Segment(String(segment.text.dropFirst(skip)), segment.quoting))
                continue
            }
            var text = ""
            for (index, c) in segment.text.enumerated() where index >= skip {
                if c == "[" { depth += 1 }
                if c == "]" {
                    if depth == 0 {
                        parts.append(Segment(text, .none))
                        return (ShellWord(segments: parts), start + index + 1)
                    }
                    depth -= 1
                }
                text.append(c)
            }
            parts.append(Segment(text, .none))
        }
        return nil
    }
}
