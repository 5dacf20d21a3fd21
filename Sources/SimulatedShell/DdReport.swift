import Foundation

/// What `dd` prints on standard error when it ends: the records read and written (`N+M`: whole
/// blocks, then a partial one), then the bytes and a time and rate. GNU's wording is coreutils 9.1's
/// (dd.c print_xfer_stats, gnulib human.c; checked against this machine's `dd`); BusyBox's is the
/// third status line of upstream BusyBox (dd.c dd_output_status, libbb make_human_readable_str), which
/// the busybox and Alpine images build with (the reference engine's Debian build leaves it out and
/// prints the two records lines only). Nothing takes time here, so the time is a plausible one for the
/// size, at about 1.5 GB/s.
struct DdReport {
    enum Level {
        /// Records and the transfer line.
        case all
        /// `status=noxfer`: the records only.
        case records
        /// `status=none`.
        case nothing
    }

    var flavor: ToolFlavor
    var level: Level
    /// Whole and partial blocks read, and written.
    var recordsIn: (whole: Int64, partial: Int64)
    var recordsOut: (whole: Int64, partial: Int64)
    var bytes: Int64

    /// Whole and partial blocks of `blockSize` in `bytes`.
    static func records(_ bytes: Int64, blockSize: Int64) -> (whole: Int64, partial: Int64) {
        (bytes / blockSize, bytes % blockSize > 0 ? 1 : 0)
    }

    var text: String {
        guard level != .nothing else { return "" }
        let records = "\(recordsIn.whole)+\(recordsIn.partial) records in\n\(recordsOut.whole)+\(recordsOut.partial) records out\n"
        guard level == .all else { return records }
        let seconds = 0.0005 + Double(bytes) / 1.5e9
        switch flavor {
        case .gnu:
            let time = String(format: "%g s", seconds)
            let rate = Self.gnuRate(Double(bytes) / seconds) + "/s"
            if bytes < 1000 { return records + "\(bytes) byte\(bytes == 1 ? "" : "s") copied, \(time), \(rate)\n" }
            let decimal = Self.gnuSize(bytes, base: 1000)
            if bytes < 1024 { return records + "\(bytes) bytes (\(decimal)) copied, \(time), \(rate)\n" }
            return records + "\(bytes) bytes (\(decimal), \(Self.gnuSize(bytes, base: 1024))) copied, \(time), \(rate)\n"
        case .busybox:
            let rate = Self.busyboxSize(UInt64(Double(bytes) / seconds))
            return records + "\(bytes) bytes (\(Self.busyboxSize(UInt64(bytes)))B) copied, \(String(format: "%f", seconds)) seconds, \(rate)B/s\n"
        }
    }

    /// The unit letter for a power of the base: `k` for 1000 alone, as SI writes it.
    private static func unit(_ exponent: Int, base: Int64) -> String {
        let letter = base == 1000 && exponent == 1 ? "k" : String(Array("KMGTPEZYRQ")[exponent - 1])
        return letter + (base == 1024 ? "iB" : "B")
    }

    /// gnulib's human_readable for a whole number of bytes (autoscale, round to nearest, a space before
    /// the unit): a tenth shown below 10 (`2.1 MB`), whole numbers above (`105 MB`, `977 KiB`).
    static func gnuSize(_ bytes: Int64, base: Int64) -> String {
        var amount = bytes
        var tenths: Int64 = 0
        var rounding: Int64 = 0
        var exponent = 0
        var fraction = ""
        if amount >= base {
            repeat {
                let r10 = (amount % base) * 10 + tenths
                let r2 = (r10 % base) * 2 + (rounding >> 1)
                amount /= base
                tenths = r10 / base
                rounding = r2 < base ? (r2 + rounding != 0 ? 1 : 0) : 2 + (base < r2 + rounding ? 1 : 0)
                exponent += 1
            } while base <= amount && exponent < 8
            if amount < 10 {
                if 2 < rounding + (tenths & 1) {
                    tenths += 1
                    rounding = 0
                    if tenths == 10 {
                        amount += 1
                        tenths = 0
                    }
                }
                if amount < 10 {
                    fraction = ".\(tenths)"
                    tenths = 0
                    rounding = 0
                }
            }
        }
        if 5 < tenths + (0 < rounding + (amount & 1) ? 1 : 0) {
            amount += 1
            if amount == base && exponent < 8 {
                exponent += 1
                fraction = ".0"
                amount = 1
            }
        }
        return "\(amount)\(fraction)" + (exponent > 0 ? " " + unit(exponent, base: base) : " B")
    }

    /// gnulib's human_readable for a rate (the floating-point path): one decimal while it fits in four
    /// characters (`14.0 MB`), none above (`196 MB`); at least kB.
    static func gnuRate(_ perSecond: Double) -> String {
        var scale = 1000.0
        var exponent = 1
        while scale * 1000 <= perSecond && exponent < 8 {
            scale *= 1000
            exponent += 1
        }
        var text = String(format: "%.1f", perSecond / scale)
        if text.count > 4 { text = String(format: "%.0f", perSecond / scale) }
        return text + " " + unit(exponent, base: 1000)
    }

    /// BusyBox's make_human_readable_str(value, 1, 0): powers of 1024 with a tenth (`2.0M`), the bare
    /// number below 1024, `0` for nothing.
    static func busyboxSize(_ value: UInt64) -> String {
        var value = value
        var fraction: UInt64 = 0
        var unit = 0
        while value >= 1024 {
            fraction = ((value % 1024) * 10 + 512) / 1024
            value /= 1024
            unit += 1
        }
        if fraction >= 10 {
            value += 1
            fraction = 0
        }
        return unit == 0 ? "\(value)" : "\(value).\(fraction)\(Array("KMGTPEZY")[unit - 1])"
    }
}
