import Foundation

/// Go's `time` package as Docker's Go code prints and reads times: RFC 3339 (`time.RFC3339Nano`, the
/// form of JSON times), `Time.String()` and `time.ParseDuration`.
public enum GoTime {
    /// `time.RFC3339Nano` in UTC, the fraction's trailing zeros trimmed. layerlab keeps times to the
    /// microsecond (whole microseconds avoid floating-point noise), so at most six digits are written.
    public static func rfc3339Nano(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        if micros > 0 {
            var fraction = String(format: "%06d", micros)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// RFC 3339 with any number of fractional digits (Go writes up to nanoseconds); the fraction is
    /// added exactly, so a time written by `rfc3339Nano` reads back to the same microsecond.
    public static func date(rfc3339 text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let dot = text.firstIndex(of: ".") else { return formatter.date(from: text) }
        guard let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }),
              let fraction = Double("0" + text[dot..<zone]),
              let whole = formatter.date(from: String(text[..<dot]) + String(text[zone...]))
        else { return nil }
        return whole.addingTimeInterval(fraction)
    }

    /// `Time.String()` of a UTC time with no fraction, the times Docker makes with `time.Unix(seconds, 0)`:
    /// `2006-01-02 15:04:05 +0000 UTC`.
    public static func string(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss '+0000 UTC'"
        return formatter.string(from: date)
    }

    /// `time.ParseDuration`, in seconds: `0`, or signed numbers with units (`30s`, `1m30s`, `1.5h`,
    /// `500ms`, `10us`); nil where Go gives `time: invalid duration`.
    public static func parseDuration(_ text: String) -> Double? {
        if text == "0" { return 0 }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        var rest = Substring(text)
        var sign = 1.0
        if rest.hasPrefix("-") || rest.hasPrefix("+") {
            sign = rest.hasPrefix("-") ? -1 : 1
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix(while: { $0.isNumber || $0 == "." })
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) && !(($0.0 == "m") && rest.hasPrefix("ms")) }) else { return nil }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return sign * total
    }
}
