import LayerlabBasics

/// A bar of 20 cells for how much is done.
enum ProgressBar {
    static func render(done: Int, total: Int, style: TerminalStyle) -> String {
        let cells = 20
        let filled = total == 0 ? 0 : done * cells / total
        let full = style.usesUnicode ? "█" : "#"
        let empty = style.usesUnicode ? "░" : "-"
        return "[" + String(repeating: full, count: filled) + String(repeating: empty, count: cells - filled) + "]"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
