/// The character classes and trimming rules of Go's standard library, which BuildKit's parser is written
/// against. Matching BuildKit byte for byte means using these, not Swift's own notion of whitespace.
enum GoText {
    /// Go's `unicode.IsSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `unicode.IsSpace(rune(b))` on a single byte, as BuildKit's byte-wise loops call it.
    static func isSpace(byte: UInt8) -> Bool {
        isSpace(Unicode.Scalar(byte))
    }

    /// Members of the parser's `[\t\v\f\r ]` class.
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\u{0B}" || scalar == "\u{0C}" || scalar == "\r"
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        var view = text
        while let first = view.first, isSpace(first) { view.removeFirst() }
        while let last = view.last, isSpace(last) { view.removeLast() }
        return view
    }

    static func trimSpace(_ text: String) -> String {
        String(trimSpace(Substring(text).unicodeScalars))
    }

    /// `strings.TrimLeftFunc(s, unicode.IsSpace)`.
    static func trimLeadingSpace(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.drop(while: isSpace)))
    }

    /// `regexp.MustCompile("[\t\v\f\r ]+").Split(s, limit)`; a limit of 0 or less means no limit.
    static func splitOnBlanks(_ text: String, limit: Int = 0) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            if limit > 0 && parts.count == limit - 1 { break }
            if isBlank(scalars[index]) {
                var end = index
                while end < scalars.count, isBlank(scalars[end]) { end += 1 }
                parts.append(String(String.UnicodeScalarView(scalars[start..<index])))
                start = end
                index = end
            } else {
                index += 1
            }
        }
        parts.append(String(String.UnicodeScalarView(scalars[start...])))
        return parts
    }
}

extension String {
    init<S: Sequence>(scalars: S) where S.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        self = String(view)
    }
}
