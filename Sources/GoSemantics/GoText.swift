/// The character classes and trimming rules of Go's standard library, which BuildKit's parser is written
/// against. Matching BuildKit byte for byte means using these, not Swift's own notion of whitespace.
public enum GoText {
    /// Go's `unicode.IsSpace`. Inlinable: the parser calls it for every character.
    @inlinable
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        case 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `unicode.IsSpace(rune(b))` on a single byte, as BuildKit's byte-wise loops call it.
    @inlinable
    public static func isSpace(byte: UInt8) -> Bool {
        isSpace(Unicode.Scalar(byte))
    }

    /// The length in bytes of the Go space character starting at `index` of UTF-8 `bytes`, or 0.
    static func spaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return (0x09...0x0D).contains(byte) || byte == 0x20 ? 1 : 0 }
        var decoder = UTF8()
        var iterator = bytes[index...].makeIterator()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), isSpace(scalar) else { return 0 }
        return UTF8.width(scalar)
    }

    /// The length of the Go space character that ends at `end` (exclusive), or 0.
    static func trailingSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Int {
        let last = bytes[end - 1]
        if last < 0x80 { return (0x09...0x0D).contains(last) || last == 0x20 ? 1 : 0 }
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80, end - start < 4 { start -= 1 }
        return spaceLength(bytes, at: start) == end - start ? end - start : 0
    }

    /// `strings.TrimSpace`.
    public static func trimSpace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            var end = bytes.count
            while start < end, case let width = spaceLength(bytes, at: start), width > 0 { start += width }
            while end > start, case let width = trailingSpaceLength(bytes, endingAt: end), width > 0 { end -= width }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// `strings.TrimLeftFunc(s, unicode.IsSpace)`.
    public static func trimLeadingSpace(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count, case let width = spaceLength(bytes, at: start), width > 0 { start += width }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self)
        }
    }

    /// `regexp.MustCompile("[\t\v\f\r ]+").Split(s, limit)`; a limit of 0 or less means no limit.
    public static func splitOnBlanks(_ text: String, limit: Int = 0) -> [String] {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D }
        var text = text
        return text.withUTF8 { bytes in
            var parts: [String] = []
            var start = 0
            var index = 0
            while index < bytes.count {
                if limit > 0 && parts.count == limit - 1 { break }
                if isBlank(bytes[index]) {
                    var end = index
                    while end < bytes.count, isBlank(bytes[end]) { end += 1 }
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = end
                    index = end
                } else {
                    index += 1
                }
            }
            parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return parts
        }
    }
}
