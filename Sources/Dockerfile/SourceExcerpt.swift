/// The lines of a Dockerfile around a place BuildKit points at, boxed as its clients print them
/// (buildkit v0.22.0 solver/errdefs/source.go `Source.Print`, which buildx v0.24.0 vendors):
///
///     Dockerfile:17
///     --------------------
///       15 |
///       16 |     # Define environment variable
///       17 | >>> ENV NAME World
///     …
///     --------------------
///
/// Two lines of context on each side of a single line, one around a range; the text is split at each
/// `\n` only, so the empty line after a final newline counts as a line. (A `\r` before the newline is
/// left out: BuildKit prints it, which a terminal shows the same.) Empty when the lines are not in the file.
public enum SourceExcerpt {
    public static func render(file: String, text: String, lines marked: ClosedRange<Int>) -> String {
        // Split on the bytes: Swift takes `\r\n` for one character, which a split on "\n" would miss.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
        }
        var start = marked.lowerBound
        var end = min(marked.upperBound, lines.count)
        guard start >= 1, start <= lines.count else { return "" }
        // BuildKit's padding loop, kept as it is: each round widens both sides where it can.
        let padding = start == end ? 4 : 2
        var grown = 0
        while grown < padding {
            if start > 1 {
                start -= 1
                grown += 1
            }
            if end != lines.count {
                end += 1
                grown += 1
            }
            grown += 1
        }
        var excerpt = "\(file):\(marked.lowerBound)\n--------------------\n"
        for number in start...end {
            let digits = String(number)
            let pointer = marked.contains(number) ? ">>>" : "   "
            excerpt += " " + String(repeating: " ", count: max(0, 3 - digits.count)) + digits + " | \(pointer) \(lines[number - 1])\n"
        }
        return excerpt + "--------------------\n"
    }
}

extension DockerfileParseError {
    /// The lines BuildKit locates the error at; nil before the first line (an empty file).
    public var excerptLines: ClosedRange<Int>? {
        line >= 1 ? line...endLine : nil
    }
}
