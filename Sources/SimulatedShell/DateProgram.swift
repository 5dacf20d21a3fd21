import Foundation

/// `date`: the time by the session's clock (the transcripts' fixed one, or the wall clock), plus
/// what the script slept, in UTC, the zone a container has (layerlab does not read TZ). `+FORMAT`
/// (`Strftime`), `-u`, `-d` (`@SECONDS`, `YYYY-MM-DD[ HH:MM[:SS]]`, `now`, and on GNU `yesterday`,
/// `tomorrow`, `N days ago`, `+N hours`…), `-r FILE`, `-R`, `-I[PRECISION]`. Setting the clock is
/// refused as a container's unprivileged runtime refuses it.
struct DateProgram: ProgramFamily {
    let names: Set<String> = ["date"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("date", in: process)
        let usage = "[OPTIONS] [+FMT] [[-s] TIME]"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: "uR", valued: "drs", optional: "I",
                long: ["utc": "u", "universal": "u", "date": "d", "reference": "r", "set": "s", "rfc-email": "R", "rfc-2822": "R", "iso-8601": "I"]
            ))
        } catch {
            return flavor.reject("date", error, usage: usage, in: process)
        }
        var format: String?
        for operand in options.operands {
            guard operand.hasPrefix("+"), format == nil else {
                if operand.hasPrefix("+") {
                    return flavor.reject("date", "extra operand '\(operand)'", usage: usage, in: process)
                }
                return refuseToSet(flavor, process)
            }
            format = String(operand.dropFirst())
        }
        if options.has("s") { return refuseToSet(flavor, process) }
        let now = process.now.timeIntervalSince1970
        var seconds = Int64(now.rounded(.down))
        var nanoseconds = Int((now - now.rounded(.down)) * 1_000_000_000)
        if let text = options.value("d") {
            guard let parsed = Self.parse(text, now: seconds, flavor: flavor) else { return process.fail("date", "invalid date '\(text)'") }
            seconds = parsed
            nanoseconds = 0
        } else if let file = options.value("r") {
            guard let entry = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(process.absolute(file))) else {
                return process.fail("date", flavor == .gnu ? "\(file): No such file or directory" : "can't stat '\(file)': No such file or directory")
            }
            seconds = entry.modificationTime
            nanoseconds = 0
        }
        let pattern: String
        if let format {
            pattern = format
        } else if options.has("R") {
            pattern = "%a, %d %b %Y %H:%M:%S %z"
        } else if options.has("I") {
            switch options.value("I") ?? "date" {
            case "date": pattern = "%Y-%m-%d"
            case "hours": pattern = "%Y-%m-%dT%H+00:00"
            case "minutes": pattern = "%Y-%m-%dT%H:%M+00:00"
            case "seconds": pattern = "%Y-%m-%dT%H:%M:%S+00:00"
            case "ns" where flavor == .gnu: pattern = "%Y-%m-%dT%H:%M:%S,%N+00:00"
            case let precision:
                return flavor.reject("date", "invalid argument '\(precision)' for '--iso-8601'", usage: usage, in: process)
            }
        } else {
            pattern = "%a %b %e %H:%M:%S %Z %Y"
        }
        process.write(Strftime.format(pattern, seconds, nanoseconds: nanoseconds) + "\n")
        return 0
    }

    private func refuseToSet(_ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        process.fail("date", flavor == .gnu ? "cannot set date: Operation not permitted" : "can't set date: Operation not permitted")
    }

    /// A `-d` time as seconds since 1970; nil when the build would call it an invalid date.
    static func parse(_ text: String, now: Int64, flavor: ToolFlavor) -> Int64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("@") { return Double(trimmed.dropFirst()).flatMap { $0.isFinite && abs($0) < 1e15 ? Int64($0.rounded(.down)) : nil } }
        switch trimmed.lowercased() {
        case "now", "": return now
        case "today" where flavor == .gnu: return now
        case "yesterday" where flavor == .gnu: return now - 86_400
        case "tomorrow" where flavor == .gnu: return now + 86_400
        default: break
        }
        if let absolute = calendarTime(trimmed) { return absolute }
        return flavor == .gnu ? relativeTime(trimmed, now: now) : nil
    }

    /// `YYYY-MM-DD`, then optionally ` HH:MM[:SS]` or `THH:MM[:SS]`, optionally ending in `Z` or ` UTC`.
    private static func calendarTime(_ text: String) -> Int64? {
        var rest = Substring(text)
        if rest.hasSuffix("Z") { rest = rest.dropLast() } else if rest.hasSuffix(" UTC") { rest = rest.dropLast(4) }
        let halves = rest.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard (1...2).contains(halves.count) else { return nil }
        let day = halves[0].split(separator: "-", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard day.count == 3, (1...12).contains(day[1]), (1...31).contains(day[2]) else { return nil }
        var clock = [0, 0, 0]
        if halves.count == 2 {
            let parts = halves[1].split(separator: ":", omittingEmptySubsequences: false).compactMap { Int($0) }
            guard (2...3).contains(parts.count), parts.count == halves[1].split(separator: ":", omittingEmptySubsequences: false).count,
                  parts[0] < 24, parts[1] < 60, parts.count == 2 || parts[2] < 61 else { return nil }
            clock = parts + (parts.count == 2 ? [0] : [])
        }
        let days = CivilTime.days(year: day[0], month: day[1], day: day[2])
        return Int64(days) * 86_400 + Int64(clock[0] * 3600 + clock[1] * 60 + clock[2])
    }

    /// GNU's relative items: `[+-]N unit [ago]`, repeated (`1 day 2 hours ago` is read as each item).
    private static func relativeTime(_ text: String, now: Int64) -> Int64? {
        let units: [String: Int64] = ["sec": 1, "second": 1, "min": 60, "minute": 60, "hour": 3600, "day": 86_400, "week": 604_800, "fortnight": 1_209_600]
        var words = text.lowercased().split(separator: " ").map(String.init)[...]
        var total: Int64 = 0
        var found = false
        while let word = words.popFirst() {
            var amount: Int64 = 1
            var unitWord = word
            if let number = Int64(word) {
                amount = number
                guard let next = words.popFirst() else { return nil }
                unitWord = next
            }
            let singular = unitWord.hasSuffix("s") && units[String(unitWord.dropLast())] != nil ? String(unitWord.dropLast()) : unitWord
            guard let unit = units[singular] else { return nil }
            var value = amount * unit
            if words.first == "ago" {
                value = -value
                words = words.dropFirst()
            }
            total += value
            found = true
        }
        return found ? now + total : nil
    }
}
