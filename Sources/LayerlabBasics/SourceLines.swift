/// A text file's lines as line numbers count them: split at each `\n` with a `\r` before it dropped.
///
/// Swift's `Character` holds `\r\n` as one grapheme, so `split(separator: "\n")` leaves a CRLF file as a
/// single line; a line number from a parser then points past the end of that list.
public struct SourceLines: Sendable {
    public let lines: [String]

    public init(_ text: String) {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
        }
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    /// Line `number` (1-based), or nil past either end.
    public subscript(number: Int) -> String? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    /// The line numbers from `first` to `last` that exist, in order; empty when none do.
    public func numbers(from first: Int, through last: Int) -> [Int] {
        let low = max(1, first), high = min(lines.count, last)
        return low <= high ? Array(low...high) : []
    }
}
