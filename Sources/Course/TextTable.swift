/// Rows of cells in aligned columns, for the course's and the instructor tools' tables: every column
/// but the last padded to its widest cell, `gap` spaces between columns, no trailing spaces.
public enum TextTable {
    public static func lines(_ rows: [[String]], gap: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        let separator = String(repeating: " ", count: gap)
        return rows.map { row in
            var line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: separator)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// `1 lesson`, `12 lessons`.
    public static func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
