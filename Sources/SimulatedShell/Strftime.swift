/// strftime(3) in UTC, the zone a container has unless an image sets one: what `date +FORMAT`, `ls -l`,
/// `stat` and `tar tv` print times with. The C locale's names, as containers have no other.
enum Strftime {
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// `format` with its conversions filled in for `seconds` since 1970 (and `nanoseconds` for `%N`).
    /// GNU's flags `-` (no padding), `_` (spaces) and `0` (zeros) work; an unknown conversion stays as
    /// written, as glibc and musl leave it.
    static func format(_ format: String, _ seconds: Int64, nanoseconds: Int = 0) -> String {
        let time = CivilTime(seconds)
        var output = ""
        var characters = format.makeIterator()
        while let character = characters.next() {
            guard character == "%" else { output.append(character); continue }
            var pad: Character?
            var conversion = characters.next()
            if let flag = conversion, "-_0".contains(flag) {
                pad = flag
                conversion = characters.next()
            }
            guard let conversion else { output.append("%"); break }
            func number(_ value: Int, _ width: Int, _ defaultPad: Character = "0") -> String {
                let digits = String(value)
                let fill = pad ?? defaultPad
                if fill == "-" { return digits }
                return String(repeating: fill == "_" ? " " : "0", count: max(0, width - digits.count)) + digits
            }
            let hour12 = time.hour % 12 == 0 ? 12 : time.hour % 12
            switch conversion {
            case "a": output += weekdays[time.weekday].prefix(3)
            case "A": output += weekdays[time.weekday]
            case "b", "h": output += months[time.month - 1].prefix(3)
            case "B": output += months[time.month - 1]
            case "c": output += Self.format("%a %b %e %H:%M:%S %Y", seconds)
            case "C": output += number(time.year / 100, 2)
            case "d": output += number(time.day, 2)
            case "D", "x": output += Self.format("%m/%d/%y", seconds)
            case "e": output += number(time.day, 2, "_")
            case "F": output += Self.format("%Y-%m-%d", seconds)
            case "H": output += number(time.hour, 2)
            case "I": output += number(hour12, 2)
            case "j": output += number(time.yearDay, 3)
            case "k": output += number(time.hour, 2, "_")
            case "l": output += number(hour12, 2, "_")
            case "m": output += number(time.month, 2)
            case "M": output += number(time.minute, 2)
            case "n": output += "\n"
            case "N": output += number(nanoseconds, 9)
            case "p": output += time.hour < 12 ? "AM" : "PM"
            case "P": output += time.hour < 12 ? "am" : "pm"
            case "r": output += Self.format("%I:%M:%S %p", seconds)
            case "R": output += Self.format("%H:%M", seconds)
            case "s": output += String(seconds)
            case "S": output += number(time.second, 2)
            case "t": output += "\t"
            case "T", "X": output += Self.format("%H:%M:%S", seconds)
            case "u": output += String(time.weekday == 0 ? 7 : time.weekday)
            case "U": output += number((time.yearDay - 1 + 7 - time.weekday) / 7, 2)
            case "w": output += String(time.weekday)
            case "W": output += number((time.yearDay - 1 + 7 - (time.weekday + 6) % 7) / 7, 2)
            case "y": output += number(time.year % 100, 2)
            case "Y": output += number(time.year, 4)
            case "z": output += "+0000"
            case "Z": output += "UTC"
            case "%": output += "%"
            default: output += "%" + (pad.map { String($0) } ?? "") + String(conversion)
            }
        }
        return output
    }
}

/// A moment in UTC as calendar fields (proleptic Gregorian, Hinnant's days-from-civil algorithm),
/// so formatting needs no locale or time zone database.
struct CivilTime {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// 0 is Sunday.
    var weekday: Int
    /// 1 is January 1st.
    var yearDay: Int

    init(_ seconds: Int64) {
        let days = Int(seconds.floorDivided(by: 86_400))
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        weekday = ((days % 7) + 11) % 7
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        yearDay = days - Self.days(year: year, month: 1, day: 1) + 1
    }

    /// Days since 1970-01-01 of a calendar date.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

private extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
