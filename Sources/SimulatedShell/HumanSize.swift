/// Sizes as `-h` prints them (`du -h`, `df -h`, `ls -lh`), in powers of 1024. The two builds round
/// differently: BusyBox always shows one decimal (`4.0K`, `252.0G`, libbb's make_human_readable_str),
/// GNU rounds up and keeps a decimal only below 10 (`4.0K`, `12K`, `252G`, gnulib's human_ceiling).
enum HumanSize {
    private static let units: [Character] = ["K", "M", "G", "T", "P", "E"]

    static func format(_ bytes: Int64, _ flavor: ToolFlavor) -> String {
        flavor == .busybox ? busybox(bytes) : gnu(bytes)
    }

    private static func busybox(_ bytes: Int64) -> String {
        if bytes <= 0 { return "0" }
        var value = UInt64(bytes)
        var unit = -1
        var fraction: UInt64 = 0
        // The fraction comes from the last division alone, as libbb computes it.
        while value >= 1024 {
            unit += 1
            fraction = ((value % 1024) * 10 + 512) / 1024
            value /= 1024
        }
        if fraction >= 10 {
            value += 1
            fraction = 0
        }
        return unit < 0 ? String(value) : "\(value).\(fraction)\(units[min(unit, units.count - 1)])"
    }

    private static func gnu(_ bytes: Int64) -> String {
        if bytes < 1024 { return String(max(0, bytes)) }
        var unit = 0
        var divisor: Int64 = 1024
        while unit < units.count - 1, bytes / divisor >= 1024 {
            unit += 1
            divisor *= 1024
        }
        let tenths = (bytes * 10 + divisor - 1) / divisor
        if tenths < 100 { return "\(tenths / 10).\(tenths % 10)\(units[unit])" }
        let whole = (bytes + divisor - 1) / divisor
        if whole >= 1024, unit < units.count - 1 { return "1.0\(units[unit + 1])" }
        return "\(whole)\(units[unit])"
    }
}
