import Foundation

/// A step's output with what legitimately differs between two engines taken out: IDs, digests, times,
/// random names and durations become placeholders, column padding one width. Sizes are taken out of the
/// text (`<size>`) and compared separately, within a tolerance.
public struct NormalisedOutput: Equatable, Sendable {
    public struct Line: Equatable, Sendable {
        public var text: String
        /// The sizes the line held, in bytes, in order of their `<size>` placeholders.
        public var sizes: [Double]

        public init(_ text: String, sizes: [Double] = []) {
            self.text = text
            self.sizes = sizes
        }

        /// The line with its sizes put back, for messages.
        public var display: String {
            var sizeIterator = sizes.makeIterator()
            var rebuilt = ""
            var rest = Substring(text)
            while let range = rest.range(of: OutputNormaliser.sizePlaceholder) {
                rebuilt += rest[..<range.lowerBound]
                rebuilt += sizeIterator.next().map { OutputNormaliser.format(bytes: $0) } ?? OutputNormaliser.sizePlaceholder
                rest = rest[range.upperBound...]
            }
            return rebuilt + rest
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    /// The same text, and sizes that differ by at most `relativeTolerance` of the larger one (or by
    /// `absoluteSlack` bytes, for small sizes where a few bytes of metadata weigh much).
    public func matches(_ other: NormalisedOutput, relativeTolerance: Double, absoluteSlack: Double) -> Bool {
        guard lines.count == other.lines.count else { return false }
        return zip(lines, other.lines).allSatisfy { mine, theirs in
            mine.text == theirs.text && mine.sizes.count == theirs.sizes.count
                && zip(mine.sizes, theirs.sizes).allSatisfy { abs($0 - $1) <= max(absoluteSlack, relativeTolerance * max($0, $1)) }
        }
    }

    public var text: String { lines.map(\.display).joined(separator: "\n") }
}
