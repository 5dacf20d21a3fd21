import Foundation

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

    /// go-units `HumanDuration`, e.g. `About a minute`, `3 weeks`.
    public static func duration(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds)
        if whole < 1 { return "Less than a second" }
        if whole == 1 { return "1 second" }
        if whole < 60 { return "\(whole) seconds" }
        let minutes = Int(seconds / 60)
        if minutes == 1 { return "About a minute" }
        if minutes < 60 { return "\(minutes) minutes" }
        let hours = Int(seconds / 3600 + 0.5)
        if hours == 1 { return "About an hour" }
        if hours < 48 { return "\(hours) hours" }
        if hours < 24 * 7 * 2 { return "\(hours / 24) days" }
        if hours < 24 * 30 * 2 { return "\(hours / 24 / 7) weeks" }
        if hours < 24 * 365 * 2 { return "\(hours / 24 / 30) months" }
        return "\(Int(seconds / 3600) / 24 / 365) years"
    }

    /// `2 hours ago`, as CREATED columns show it.
    public static func ago(_ date: Date?, now: Date) -> String {
        guard let date else { return "N/A" }
        return duration(now.timeIntervalSince(date)) + " ago"
    }

    /// Cuts text to `width` characters, ending in `…`, as Docker's tables do.
    public static func ellipsis(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        return String(text.prefix(width - 1)) + "…"
    }

    /// Rows laid out as Go's tabwriter does in Docker's tables: each column as wide as its widest
    /// cell plus 3 spaces, at least 10; the last column unpadded.
    public static func table(_ rows: [[String]]) -> String {
        guard let columns = rows.map(\.count).max(), columns > 0 else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: max(10, widths[index] + 3), withPad: " ", startingAt: 0)
            }.joined()
        }.map { $0 + "\n" }.joined()
    }

    /// Go's `time.Time.String()` in UTC, as listings print `CreatedAt`.
    static func goTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss '+0000 UTC'"
        return formatter.string(from: date)
    }
}
