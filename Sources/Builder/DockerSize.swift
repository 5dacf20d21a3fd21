import Foundation

/// Sizes as BuildKit's progress prints them (`transferring context: 2.50MB`, a pulled layer's
/// `3.62MB / 3.62MB`): github.com/tonistiigi/units `Bytes` formatted with `%.2f` (buildkit v0.22.0
/// util/progress/progressui/printer.go). Whole bytes below 1000, then decimal units with two decimals,
/// trailing zeros kept (`1.00kB`); a value moves to the next unit once it reaches 1000 of the current one.
enum DockerSize {
    static let units = ["kB", "MB", "GB", "TB", "PB", "EB"]

    static func short(_ bytes: Int) -> String {
        short(Int64(bytes))
    }

    static func short(_ bytes: Int64) -> String {
        guard bytes >= 1000 else { return "\(bytes)B" }
        // units.Bytes.floatValue: the largest power of 1000 the value reaches, then one division.
        var base: Int64 = 1000
        var unit = 0
        while unit < units.count - 1, bytes / base >= 1000 {
            base *= 1000
            unit += 1
        }
        return String(format: "%.2f", Double(bytes) / Double(base)) + units[unit]
    }
}
