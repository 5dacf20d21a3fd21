import Dockerfile

/// The Dockerfile around an error, as buildx prints a BuildKit error's source before the error itself
/// (buildkit v0.22.0 solver/errdefs/source.go, `Source.Print`; docker/buildx v0.24.0 cmd/buildx/main.go):
/// `Dockerfile:N`, then the instruction's lines marked `>>>` with some lines on either side, framed.
struct DockerfileExcerpt {
    var file: String
    var text: String
    /// The instruction's lines, 1-based.
    var lines: ClosedRange<Int>

    /// Empty when the lines are not in the file. Lines are the text split at each newline, so a file
    /// ending in one shows the empty line after it, as BuildKit does. (A `\r` before the newline is left
    /// out: BuildKit prints it, which a terminal shows the same.)
    var rendered: String {
        // Split on the bytes: Swift takes `\r\n` for one character, which a split on "\n" would miss.
        let fileLines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { bytes in
            String(decoding: bytes.last == UInt8(ascii: "\r") ? bytes.dropLast() : bytes, as: UTF8.self)
        }
        var start = lines.lowerBound
        var end = lines.upperBound
        guard start >= 1, start <= fileLines.count else { return "" }
        end = min(end, fileLines.count)
        // Source.Print's padding: each round takes a line before and one after while there are any,
        // until four (two for an instruction of several lines) have been counted, counting the round too.
        let pad = start == end ? 4 : 2
        var counted = 0
        let firstLine = start
        while counted < pad {
            if start > 1 {
                start -= 1
                counted += 1
            }
            if end != fileLines.count {
                end += 1
                counted += 1
            }
            counted += 1
        }
        var result = "\(file):\(firstLine)\n--------------------\n"
        for number in start...end {
            let marker = lines.contains(number) ? ">>>" : "   "
            let padded = String(repeating: " ", count: max(0, 3 - String(number).count)) + String(number)
            result += " \(padded) | \(marker) \(fileLines[number - 1])\n"
        }
        return result + "--------------------\n"
    }
}

extension DockerfileParseError {
    /// The lines BuildKit locates the error at; nil before the first line (an empty file).
    var excerptLines: ClosedRange<Int>? {
        line >= 1 ? line...endLine : nil
    }
}
