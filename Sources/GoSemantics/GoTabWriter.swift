/// Go's text/tabwriter with space padding and no flags, `tabwriter.NewWriter(out, minWidth, _,
/// padding, ' ', 0)`: the writer Docker's tables go through. Cells end at a tab (or `\v`), lines at
/// a new line (or `\f`, which also flushes). A column is a run of lines that each have a cell
/// in it before their last; it is as wide as its widest cell plus `padding`, at least `minWidth`.
/// A line's last cell belongs to no column and is not padded. Widths count Unicode scalars (Go's runes).
/// With `tabWidth`, the writer pads with tabs, as `NewWriter(out, minWidth, tabWidth, padding, '\t', 0)`
/// does: a column is as wide as the next multiple of `tabWidth`, and a cell is followed by as many tabs
/// as reach it (Go's writePadding).
public struct GoTabWriter: Sendable {
    public var minWidth: Int
    public var padding: Int
    public var tabWidth: Int?

    public init(minWidth: Int, padding: Int, tabWidth: Int? = nil) {
        self.minWidth = minWidth
        self.padding = padding
        self.tabWidth = tabWidth
    }

    /// Everything written, then `Flush`.
    public func format(_ text: String) -> String {
        // A form feed ends its line and flushes: no column runs across it.
        // Go works on bytes, so `\r\n` is a cell's `\r` and a new line: split scalars, not characters.
        let sections = text.unicodeScalars.split(separator: "\u{0C}", omittingEmptySubsequences: false)
        var output = ""
        for (index, section) in sections.enumerated() {
            var lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(Self.cells)
            // Text after the last new line is written without one; an empty cell there is no cell.
            if index < sections.count - 1 {
                lines.append([])
            } else if lines[lines.count - 1].last?.isEmpty == true {
                lines[lines.count - 1].removeLast()
            }
            var widths: [Int] = []
            layOut(lines, 0..<lines.count, widths: &widths, into: &output)
        }
        return output
    }

    private typealias Cell = Substring.UnicodeScalarView

    private static func cells(_ line: Cell) -> [Cell] {
        line.split(omittingEmptySubsequences: false) { $0 == "\t" || $0 == "\u{0B}" }
    }

    /// Go's `format`: the lines of `range`, whose columns left of `widths.count` have their widths.
    private func layOut(_ lines: [[Cell]], _ range: Range<Int>, widths: inout [Int], into output: inout String) {
        let column = widths.count
        var start = range.lowerBound
        var line = range.lowerBound
        while line < range.upperBound {
            guard column < lines[line].count - 1 else {
                line += 1
                continue
            }
            // A block of lines with a cell in this column begins here.
            write(lines, start..<line, widths: widths, into: &output)
            start = line
            var width = minWidth
            while line < range.upperBound, column < lines[line].count - 1 {
                width = max(width, lines[line][column].count + padding)
                line += 1
            }
            widths.append(width)
            layOut(lines, start..<line, widths: &widths, into: &output)
            widths.removeLast()
            start = line
        }
        write(lines, start..<range.upperBound, widths: widths, into: &output)
    }

    /// Go's `writeLines`: cells padded to their column's width, a new line after every line but the last.
    private func write(_ lines: [[Cell]], _ range: Range<Int>, widths: [Int], into output: inout String) {
        for index in range {
            for (column, cell) in lines[index].enumerated() {
                output.unicodeScalars.append(contentsOf: cell)
                if column < widths.count {
                    if let tabWidth, tabWidth > 0 {
                        let width = (widths[column] + tabWidth - 1) / tabWidth * tabWidth
                        output += String(repeating: "\t", count: (width - cell.count + tabWidth - 1) / tabWidth)
                    } else {
                        output += String(repeating: " ", count: widths[column] - cell.count)
                    }
                }
            }
            if index + 1 < lines.count { output += "\n" }
        }
    }
}
