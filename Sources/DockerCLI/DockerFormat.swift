import Foundation
import GoSemantics

/// The number and time formats the Docker CLI prints (docker/go-units).
public enum DockerFormat {
    /// `HumanSizeWithPrecision(size, 3)`: decimal units, 3 significant digits, no space: `7.8MB`, `846B`.
    public static func size(_ bytes: Int64, precision: Int = 3) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return goG(value, precision: precision) + units[unit]
    }

    /// Go's `%.*g`: `precision` significant digits, trailing zeros dropped.
    static func goG(_ value: Double, precision: Int) -> String {
        var text = String(format: "%.\(precision)g", value)
        if text.contains("e") {
            // Sizes stay below 1000 per unit, so exponent form only shows up for odd inputs; print plainly.
            text = String(format: "%.0f", value)
        }
        return text
    }

    public static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "N/A" }
        return GoUnits.humanDuration(now.timeIntervalSince(date)) + " ago"
    }

    /// Cuts text to `width` characters, ending in `…`, as Docker's tables do.
    public static func ellipsis(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Docker's tables: rows of cells through Go's tabwriter as the Docker CLI sets it up
    /// (`tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`): each column as wide as its widest cell plus 3
    /// spaces, at least 10; the last column unpadded.
    public static func table(_ rows: [[String]]) -> String {
        table(text: rows.map { $0.joined(separator: "\t") + "\n" }.joined())
    }

    /// Text with tab-separated cells, as a `table` format's rendered lines are, through the same writer.
    static func table(text: String) -> String {
        GoTabWriter(minWidth: 10, padding: 3).format(text)
    }
}
