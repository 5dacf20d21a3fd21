/// `sort` and `uniq`, the pair behind `sort | uniq -c`. `sort` compares bytes as the C locale does
/// (containers set no other), by keys (`-k F[.C][OPTS][,F[.C][OPTS]]`, `-t`) with `-n`, `-h`, `-V`, `-f`,
/// `-r`, `-b`, `-u`, `-s`, `-o`; lines that tie on every key are ordered by the whole line (reversed
/// with `-r`, as `sort -rn` shows on both builds) unless `-s` or `-u`. `uniq` folds adjacent equal
/// lines, with `-c` (`%7d `, the same in both builds), `-d`, `-D`, `-u`, `-i`, `-f`, `-s`.
struct SortTools: ProgramFamily {
    let names: Set<String> = ["sort", "uniq"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        return name == "sort" ? sort(arguments, input: input, flavor, process) : uniq(arguments, input: input, flavor, process)
    }

    // MARK: sort

    struct Key {
        var startField = 1
        var startCharacter = 1
        /// nil: the end of the line.
        var endField: Int?
        /// 0: the end of the end field.
        var endCharacter = 0
        var options: Set<Character> = []
    }

    private func sort(_ arguments: [String], input: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-nrugMcszbdfiokt] [-o FILE] [-k START[.OFS][OPTS][,END[.OFS][OPTS]] [-t CHAR] [FILE]..."
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: flavor == .gnu ? "bfghnrsuV" : "bfgnrsuV", valued: "kto",
                long: ["reverse": "r", "numeric-sort": "n", "version-sort": "V", "unique": "u", "ignore-case": "f", "key": "k", "field-separator": "t", "output": "o",
                       "stable": "s", "human-numeric-sort": "h", "general-numeric-sort": "g", "ignore-leading-blanks": "b"]
            ))
        } catch {
            return flavor.reject("sort", error, usage: usage, status: 2, in: process)
        }
        var separator: Unicode.Scalar?
        if let tab = options.value("t") {
            guard tab.unicodeScalars.count == 1 || flavor == .busybox else {
                process.writeError("sort: multi-character tab '\(tab)'\n")
                return 2
            }
            separator = tab.unicodeScalars.first
        }
        var keys: [Key] = []
        for spec in options.values("k") {
            guard let key = Self.key(spec) else {
                let message = flavor == .busybox ? "bad field specification"
                    : spec.hasPrefix("0") ? "field number is zero: invalid field specification '\(spec)'"
                    : "invalid number at field start: invalid count at start of '\(spec)'"
                process.writeError("sort: \(message)\n")
                return 2
            }
            keys.append(key)
        }
        var lines: [String] = []
        for file in options.operands.isEmpty ? ["-"] : options.operands {
            switch process.inputFile(file, standardInput: input) {
            case .text(let text): lines += TextLines(text).lines
            case .missing:
                process.writeError(flavor == .gnu ? "sort: cannot read: \(file): No such file or directory\n" : "sort: \(file): No such file or directory\n")
                return 2
            case .directory:
                process.writeError(flavor == .gnu ? "sort: read failed: \(file): Is a directory\n" : "sort: read error: Is a directory\n")
                return 2
            }
        }
        let global = Set("bfghnrV".filter { options.has($0) })
        if keys.isEmpty { keys = [Key(options: global)] }
        keys = keys.map { key in
            var key = key
            // A key with no ordering options of its own takes the global ones.
            if key.options.subtracting(["b"]).isEmpty { key.options.formUnion(global) }
            return key
        }
        let unique = options.has("u")
        let lastResort = !unique && !options.has("s")
        let reverseAll = options.has("r")
        let extracted = lines.map { line in keys.map { Self.extract($0, from: line, separator: separator) } }
        func compareKeys(_ a: Int, _ b: Int) -> Int {
            for (index, key) in keys.enumerated() {
                var comparison = Self.compare(extracted[a][index], extracted[b][index], key.options)
                if key.options.contains("r") { comparison = -comparison }
                if comparison != 0 { return comparison }
            }
            return 0
        }
        var order = Array(lines.indices)
        order.sort { a, b in
            var result = compareKeys(a, b)
            if result == 0 && lastResort {
                result = Self.bytes(lines[a], lines[b])
                if reverseAll { result = -result }
            }
            return result != 0 ? result < 0 : a < b
        }
        if unique {
            var kept: [Int] = []
            for index in order where kept.last.map({ compareKeys($0, index) != 0 }) ?? true { kept.append(index) }
            order = kept
        }
        let output = TextLines.joined(order.map { lines[$0] })
        if let file = options.value("o") {
            return process.writeFile(process.absolute(file), output, append: false) ? 0 : 2
        }
        process.write(output)
        return 0
    }

    /// `F[.C][OPTS][,F[.C][OPTS]]`; nil when a number is missing or zero.
    static func key(_ spec: String) -> Key? {
        func position(_ text: Substring) -> (field: Int, character: Int, options: Set<Character>)? {
            let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            let options = Set(text.dropFirst(digits.count))
            guard options.isSubset(of: Set("bdfghinrMV")) else { return nil }
            let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
            guard let field = Int(parts[0]) else { return nil }
            let character = parts.count > 1 ? Int(parts[1]) ?? -1 : 0
            guard character >= 0 else { return nil }
            // No line is this long; the bound keeps the position arithmetic from overflowing.
            return (min(field, 1 << 20), min(character, 1 << 20), options)
        }
        let halves = spec.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
        guard let start = position(halves[0]), start.field >= 1 else { return nil }
        var key = Key(startField: start.field, startCharacter: max(1, start.character), options: start.options)
        if halves.count > 1 {
            guard let end = position(halves[1]), end.field >= 1 else { return nil }
            key.endField = end.field
            key.endCharacter = end.character
            key.options.formUnion(end.options)
        }
        return key
    }

    /// The text a key covers. Without `-t`, a field starts at the blanks before it (GNU and BusyBox
    /// alike), which `b` skips.
    static func extract(_ key: Key, from line: String, separator: Unicode.Scalar?) -> String {
        let scalars = Array(line.unicodeScalars)
        var fields: [Range<Int>] = []
        if let separator {
            var start = 0
            for (index, scalar) in scalars.enumerated() where scalar == separator {
                fields.append(start..<index)
                start = index + 1
            }
            fields.append(start..<scalars.count)
        } else {
            var index = 0
            while index < scalars.count {
                let start = index
                while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
                while index < scalars.count, scalars[index] != " " && scalars[index] != "\t" { index += 1 }
                fields.append(start..<index)
            }
        }
        func skipBlanks(_ position: Int, in field: Range<Int>) -> Int {
            var position = position
            while position < field.upperBound, scalars[position] == " " || scalars[position] == "\t" { position += 1 }
            return position
        }
        let blanks = key.options.contains("b")
        guard key.startField <= fields.count else { return "" }
        let startField = fields[key.startField - 1]
        let from = min(startField.upperBound, (blanks ? skipBlanks(startField.lowerBound, in: startField) : startField.lowerBound) + key.startCharacter - 1)
        var to = scalars.count
        if let endField = key.endField, endField <= fields.count {
            let field = fields[endField - 1]
            to = key.endCharacter == 0 ? field.upperBound
                : min(field.upperBound, (blanks ? skipBlanks(field.lowerBound, in: field) : field.lowerBound) + key.endCharacter)
        }
        guard from < to else { return "" }
        return String(String.UnicodeScalarView(scalars[from..<to]))
    }

    /// -1, 0 or 1 for two keys under their options.
    static func compare(_ a: String, _ b: String, _ options: Set<Character>) -> Int {
        if options.contains("n") || options.contains("g") { return sign(number(a) - number(b)) }
        if options.contains("h") {
            let (x, y) = (humanNumber(a), humanNumber(b))
            return x.magnitude != y.magnitude ? (x.magnitude < y.magnitude ? -1 : 1) : sign(x.value - y.value)
        }
        if options.contains("f") { return bytes(a.uppercased(), b.uppercased()) }
        if options.contains("V") { return versionOrder(a, b) }
        return bytes(a, b)
    }

    /// `-V`: gnulib's filevercmp, which GNU sort uses (BusyBox's strverscmp orders the names images
    /// sort, such as `10-a.sh` before `15-b.envsh`, the same way). Runs of digits compare as numbers, other
    /// characters letters first (`~` before all, even the end); names starting with `.` come first,
    /// and a file suffix (`.tar.gz`) is compared only when the rest is equal.
    static func versionOrder(_ a: String, _ b: String) -> Int {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        if x.isEmpty || y.isEmpty { return x.isEmpty ? (y.isEmpty ? 0 : -1) : 1 }
        if x[0] == 0x2E || y[0] == 0x2E {
            guard x[0] == y[0] else { return x[0] == 0x2E ? -1 : 1 }
            for special in [[UInt8(0x2E)], [0x2E, 0x2E]] where x == special || y == special {
                return x == special ? (y == special ? 0 : -1) : 1
            }
        }
        let (xPrefix, yPrefix) = (suffixStart(x), suffixStart(y))
        let result = versionRunsOrder(Array(x[..<xPrefix]), Array(y[..<yPrefix]))
        return result != 0 || (xPrefix == x.count && yPrefix == y.count) ? result : versionRunsOrder(x, y)
    }

    /// Where a file suffix (`(\.[A-Za-z~][A-Za-z0-9~]*)*` at the end) starts (gnulib's file_prefixlen).
    private static func suffixStart(_ s: [UInt8]) -> Int {
        func isAlpha(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        var prefix = 0
        var i = 0
        while i < s.count {
            i += 1
            prefix = i
            while i + 1 < s.count, s[i] == 0x2E, isAlpha(s[i + 1]) || s[i + 1] == 0x7E {
                i += 2
                while i < s.count, isAlpha(s[i]) || (0x30...0x39).contains(s[i]) || s[i] == 0x7E { i += 1 }
            }
        }
        return prefix
    }

    /// gnulib's verrevcmp: non-digit runs by `order`, digit runs as numbers.
    private static func versionRunsOrder(_ a: [UInt8], _ b: [UInt8]) -> Int {
        func isDigit(_ s: [UInt8], _ i: Int) -> Bool { i < s.count && (0x30...0x39).contains(s[i]) }
        func order(_ s: [UInt8], _ i: Int) -> Int {
            guard i < s.count else { return 0 }
            let c = s[i]
            if (0x30...0x39).contains(c) { return 0 }
            if (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) { return Int(c) }
            return c == 0x7E ? -1 : Int(c) + 256
        }
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            var firstDifference = 0
            while (i < a.count && !isDigit(a, i)) || (j < b.count && !isDigit(b, j)) {
                let (x, y) = (order(a, i), order(b, j))
                if x != y { return x < y ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < a.count, a[i] == 0x30 { i += 1 }
            while j < b.count, b[j] == 0x30 { j += 1 }
            while isDigit(a, i) && isDigit(b, j) {
                if firstDifference == 0 { firstDifference = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if isDigit(a, i) { return 1 }
            if isDigit(b, j) { return -1 }
            if firstDifference != 0 { return firstDifference < 0 ? -1 : 1 }
        }
        return 0
    }

    private static func sign(_ value: Double) -> Int { value < 0 ? -1 : value > 0 ? 1 : 0 }

    /// The C locale's order: byte by byte.
    static func bytes(_ a: String, _ b: String) -> Int {
        a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : b.utf8.lexicographicallyPrecedes(a.utf8) ? 1 : 0
    }

    /// The number a line starts with (after blanks), 0 when none, as `-n` reads it.
    static func number(_ text: String) -> Double {
        var digits = ""
        var seenPoint = false
        for character in text.drop(while: { $0 == " " || $0 == "\t" }) {
            if character == "-" && digits.isEmpty { digits.append(character); continue }
            if character == "." && !seenPoint { seenPoint = true; digits.append(character); continue }
            guard character.isASCII, character.isNumber else { break }
            digits.append(character)
        }
        return Double(digits) ?? (Double(digits + "0") ?? 0)
    }

    /// `-h`: the suffix's power first (`2K` < `1M`), then the number.
    private static func humanNumber(_ text: String) -> (magnitude: Int, value: Double) {
        let value = number(text)
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "-" }.drop { $0.isNumber || $0 == "." }
        let suffix = trimmed.first.map { String($0).uppercased() } ?? ""
        let magnitude = ["K", "M", "G", "T", "P", "E", "Z", "Y"].firstIndex(of: suffix).map { $0 + 1 } ?? 0
        return (value < 0 ? -magnitude : magnitude, value)
    }

    // MARK: uniq

    private func uniq(_ arguments: [String], input: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-cduiz] [-f,s,w N] [FILE [OUTFILE]]"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: "cdDui", valued: "fsw",
                long: ["count": "c", "repeated": "d", "all-repeated": "D", "unique": "u", "ignore-case": "i", "skip-fields": "f", "skip-chars": "s", "check-chars": "w"]
            ))
        } catch {
            return flavor.reject("uniq", error, usage: usage, in: process)
        }
        let operands = options.operands
        guard operands.count <= 2 else { return flavor.reject("uniq", "extra operand '\(operands[2])'", usage: usage, in: process) }
        let file = operands.first ?? "-"
        let text: String
        switch process.inputFile(file, standardInput: input) {
        case .text(let read): text = read
        case .missing, .directory:
            return process.fail("uniq", flavor == .gnu ? "\(file): No such file or directory" : "can't open '\(file)': No such file or directory")
        }
        let skipFields = options.value("f").flatMap { Int($0) } ?? 0
        let skipCharacters = options.value("s").flatMap { Int($0) } ?? 0
        let checkCharacters = options.value("w").flatMap { Int($0) }
        func comparable(_ line: String) -> String {
            var rest = Substring(line)
            for _ in 0..<min(max(0, skipFields), line.count) {
                rest = rest.drop { $0 == " " || $0 == "\t" }.drop { $0 != " " && $0 != "\t" }
            }
            var compared = String(rest.dropFirst(max(0, skipCharacters)))
            if let checkCharacters { compared = String(compared.prefix(max(0, checkCharacters))) }
            return options.has("i") ? compared.lowercased() : compared
        }
        var groups: [(line: String, lines: [String])] = []
        for line in TextLines(text).lines {
            if let last = groups.last, comparable(last.line) == comparable(line) {
                groups[groups.count - 1].lines.append(line)
            } else {
                groups.append((line, [line]))
            }
        }
        var output = ""
        for group in groups {
            let count = group.lines.count
            if options.has("d") || options.has("D"), count < 2 { continue }
            if options.has("u"), count > 1 { continue }
            let shown = options.has("D") ? group.lines : [group.line]
            for line in shown {
                if options.has("c") {
                    let number = String(count)
                    output += String(repeating: " ", count: max(0, 7 - number.count)) + number + " "
                }
                output += line + "\n"
            }
        }
        if operands.count == 2 {
            return process.writeFile(process.absolute(operands[1]), output, append: false) ? 0 : 1
        }
        process.write(output)
        return 0
    }
}
