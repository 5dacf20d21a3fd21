import LayerStore

/// The small filters of pipelines and Dockerfiles: `tr` (sets with ranges, classes and escapes;
/// `-d`, `-s`, `-c`), `cut` (`-f` with `-d`, `-c`, `-b`, `-s`), `tee` (`-a`) and `seq` (FIRST, INCREMENT,
/// LAST, `-s`, `-w`). Each works on bytes' worth of text (Unicode scalars), as the real ones do, so a
/// `\r` is a character of its own. Output and errors as GNU coreutils 9.1 and BusyBox print them.
struct TextFilters: ProgramFamily {
    let names: Set<String> = ["tr", "cut", "tee", "seq"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        switch name {
        case "tr": return tr(arguments, input: input, flavor, process)
        case "cut": return cut(arguments, input: input, flavor, process)
        case "tee": return tee(arguments, input: input, process)
        case "seq": return seq(arguments, flavor, process)
        default: preconditionFailure("\(name) is not one of TextFilters' programs")
        }
    }

    // MARK: tr

    private func tr(_ arguments: [String], input: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-cds] STRING1 [STRING2]"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: "cCdst", long: ["complement": "c", "delete": "d", "squeeze-repeats": "s", "truncate-set1": "t"]))
        } catch {
            return flavor.reject("tr", error, usage: usage, in: process)
        }
        let complement = options.has("c") || options.has("C")
        let delete = options.has("d"), squeeze = options.has("s")
        let sets = options.operands
        guard let first = sets.first else {
            return flavor == .gnu ? flavor.reject("tr", "missing operand", usage: usage, in: process) : flavor.usage("tr", usage, in: process)
        }
        if flavor == .gnu {
            if sets.count > 2 || (delete && !squeeze && sets.count > 1) {
                let extra = sets[delete && !squeeze ? 1 : 2]
                let why = delete && !squeeze ? "\nOnly one string may be given when deleting without squeezing repeats." : ""
                return flavor.reject("tr", "extra operand '\(extra)'\(why)", usage: usage, in: process)
            }
            if !delete && !squeeze && sets.count < 2 {
                return flavor.reject("tr", "missing operand after '\(first)'\nTwo strings must be given when translating.", usage: usage, in: process)
            }
        }
        let set2 = sets.count > 1 ? Self.expand(sets[1]) : []
        // -t: set 1 cut to set 2's length instead of set 2 padded with its last character.
        let set1 = options.has("t") ? Array(Self.expand(first).prefix(set2.count)) : Self.expand(first)
        let members = Set(set1), members2 = Set(set2)
        func inSet1(_ scalar: Unicode.Scalar) -> Bool { members.contains(scalar) != complement }
        // -s squeezes runs of the last set given: set 2, or set 1 (complemented with -c) alone.
        func squeezable(_ scalar: Unicode.Scalar) -> Bool { sets.count > 1 ? members2.contains(scalar) : inSet1(scalar) }
        var output = String.UnicodeScalarView()
        var translation: [Unicode.Scalar: Unicode.Scalar] = [:]
        if !delete, let last = set2.last {
            for (index, scalar) in set1.enumerated() where translation[scalar] == nil { translation[scalar] = index < set2.count ? set2[index] : last }
        }
        for scalar in input.unicodeScalars {
            if delete && inSet1(scalar) { continue }
            var result = scalar
            if !delete, let last = set2.last, inSet1(scalar) { result = complement ? last : translation[scalar] ?? scalar }
            if squeeze, squeezable(result), output.last == result { continue }
            output.append(result)
        }
        process.write(String(output))
        return 0
    }

    /// A `tr` set spelled out: `a-z`, `[:upper:]` (A to Z in order, so `[:lower:]` → `[:upper:]`
    /// maps letter to letter), `[x*N]` and `[x*]` repeats (a bare `[x*]` fills 256 places, enough
    /// for any set it pads), `[=x=]`, and the escapes `\n \t \r \\ \NNN`.
    static func expand(_ text: String) -> [Unicode.Scalar] {
        let scalars = Array(text.unicodeScalars)
        var result: [Unicode.Scalar] = []
        var index = 0
        func character() -> Unicode.Scalar {
            let scalar = scalars[index]
            index += 1
            guard scalar == "\\", index < scalars.count else { return scalar }
            let next = scalars[index]
            index += 1
            switch next {
            case "n": return "\n"
            case "t": return "\t"
            case "r": return "\r"
            case "f": return "\u{0C}"
            case "v": return "\u{0B}"
            case "a": return "\u{07}"
            case "b": return "\u{08}"
            case "0"..."7":
                var value = next.value - 48
                while index < scalars.count, value < 32, (48...55).contains(scalars[index].value) {
                    value = value * 8 + scalars[index].value - 48
                    index += 1
                }
                return Unicode.Scalar(value) ?? next
            default: return next
            }
        }
        while index < scalars.count {
            if scalars[index] == "[", let close = scalars[(index + 1)...].firstIndex(of: "]") {
                let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                if inner.hasPrefix(":"), inner.hasSuffix(":"), inner.count > 2, let members = classes[String(inner.dropFirst().dropLast())] {
                    result += members
                    index = close + 1
                    continue
                }
                if inner.hasPrefix("="), inner.hasSuffix("="), inner.unicodeScalars.count == 3, let member = inner.unicodeScalars.dropFirst().first {
                    result.append(member)
                    index = close + 1
                    continue
                }
                let parts = inner.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2, let member = parts[0].unicodeScalars.first, parts[0].unicodeScalars.count == 1,
                   parts[1].isEmpty || Int(parts[1]) != nil {
                    result += Array(repeating: member, count: max(0, min(Int(parts[1]) ?? 256, 4096)))
                    index = close + 1
                    continue
                }
            }
            let low = character()
            if index + 1 < scalars.count, scalars[index] == "-" {
                index += 1
                let high = character()
                if low.value <= high.value {
                    result += (low.value...high.value).compactMap { Unicode.Scalar($0) }
                }
                continue
            }
            result.append(low)
        }
        return result
    }

    private static let classes: [String: [Unicode.Scalar]] = {
        func range(_ low: Unicode.Scalar, _ high: Unicode.Scalar) -> [Unicode.Scalar] { (low.value...high.value).compactMap { Unicode.Scalar($0) } }
        let upper = range("A", "Z"), lower = range("a", "z"), digit = range("0", "9")
        let punct = range("!", "/") + range(":", "@") + range("[", "`") + range("{", "~")
        return [
            "upper": upper, "lower": lower, "digit": digit, "alpha": upper + lower, "alnum": digit + upper + lower,
            "space": [" ", "\t", "\n", "\u{0B}", "\u{0C}", "\r"], "blank": [" ", "\t"], "punct": punct,
            "xdigit": digit + range("A", "F") + range("a", "f"), "cntrl": range("\u{00}", "\u{1F}") + ["\u{7F}"],
            "print": range(" ", "~"), "graph": range("!", "~"),
        ]
    }()

    // MARK: cut

    private func cut(_ arguments: [String], input: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[OPTIONS] [FILE]..."
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: "sn", valued: "bcfd",
                long: ["bytes": "b", "characters": "c", "fields": "f", "delimiter": "d", "only-delimited": "s", "complement": "C", "output-delimiter": "O"]
            ))
        } catch {
            return flavor.reject("cut", error, usage: usage, in: process)
        }
        guard let list = options.value("f") ?? options.value("c") ?? options.value("b") else {
            switch flavor {
            case .gnu: return flavor.reject("cut", "you must specify a list of bytes, characters, or fields", usage: usage, in: process)
            case .busybox: return process.fail("cut", "expected a list of bytes, characters, or fields")
            }
        }
        let byFields = options.has("f")
        var delimiter: Unicode.Scalar = "\t"
        if let given = options.value("d") {
            if given.unicodeScalars.count != 1 && flavor == .gnu {
                return flavor.reject("cut", "the delimiter must be a single character", usage: usage, in: process)
            }
            delimiter = given.unicodeScalars.first ?? "\t"
        }
        let ranges: [ClosedRange<Int>]
        switch Self.positions(list) {
        case .success(let parsed): ranges = parsed
        case .failure(let failure): return flavor.reject("cut", failure.message, usage: usage, in: process)
        }
        let complement = options.has("C")
        func selected(_ position: Int) -> Bool { ranges.contains { $0.contains(position) } != complement }
        let outputDelimiter = options.value("O") ?? String(Character(delimiter))
        var status: Int32 = 0
        var output = ""
        for file in options.operands.isEmpty ? ["-"] : options.operands {
            let text: String
            switch process.inputFile(file, standardInput: input) {
            case .text(let read): text = read
            case .missing:
                status = process.fail("cut", "\(file): No such file or directory")
                continue
            case .directory:
                status = process.fail("cut", "\(file): Is a directory")
                continue
            }
            for line in TextLines(text).lines {
                let scalars = Array(line.unicodeScalars)
                if byFields {
                    guard scalars.contains(delimiter) else {
                        if !options.has("s") { output += line + "\n" }
                        continue
                    }
                    let fields = line.unicodeScalars.split(separator: delimiter, omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
                    output += fields.enumerated().filter { selected($0.offset + 1) }.map(\.element).joined(separator: outputDelimiter) + "\n"
                } else {
                    output += String(String.UnicodeScalarView(scalars.enumerated().filter { selected($0.offset + 1) }.map(\.element))) + "\n"
                }
            }
        }
        process.write(output)
        return status
    }

    /// A `cut` list: `N`, `N-`, `-M`, `N-M`, joined by commas; GNU's wording for a bad one.
    static func positions(_ list: String) -> Result<[ClosedRange<Int>], CutListError> {
        var ranges: [ClosedRange<Int>] = []
        for item in list.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let low = bounds[0].isEmpty ? 1 : Int(bounds[0])
            let high = bounds.count == 1 ? low : (bounds[1].isEmpty ? Int.max : Int(bounds[1]))
            guard let low, let high, !(bounds.count == 2 && bounds[0].isEmpty && bounds[1].isEmpty) else {
                return .failure(CutListError(message: "invalid field value '\(item)'"))
            }
            guard low >= 1, high >= 1 else { return .failure(CutListError(message: "fields are numbered from 1")) }
            guard low <= high else { return .failure(CutListError(message: "invalid decreasing range")) }
            ranges.append(low...high)
        }
        return .success(ranges)
    }

    struct CutListError: Error {
        var message: String
    }

    // MARK: tee

    /// Standard input to standard output and to each file (`-a` appends). A file that cannot be
    /// written is reported and the others still get the text, as in both builds.
    private func tee(_ arguments: [String], input: String, _ process: any ProcessEnvironment) -> Int32 {
        let (flags, files) = ProgramOptions.split(arguments)
        process.write(input)
        var status: Int32 = 0
        for file in files {
            let path = process.fileSystem.resolvingSymlinks(process.absolute(file))
            if process.fileSystem.entry(at: path)?.isDirectory == true {
                status = process.fail("tee", "\(file): Is a directory")
            } else if !file.hasPrefix("/dev/"), process.fileSystem.entry(at: LayerPath.parent(of: path))?.isDirectory != true {
                status = process.fail("tee", "\(file): No such file or directory")
            } else if !process.writeFile(path, input, append: flags.contains("a")) {
                status = 1
            }
        }
        return status
    }

    // MARK: seq

    private static let sequenceLimit = 1_000_000

    private func seq(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-w] [-s SEP] [FIRST [INC]] LAST"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: "w", valued: "s", long: ["separator": "s", "equal-width": "w"], negativeNumbers: true))
        } catch {
            return flavor.reject("seq", error, usage: usage, in: process)
        }
        let operands = options.operands
        guard !operands.isEmpty else {
            return flavor == .gnu ? flavor.reject("seq", "missing operand", usage: usage, in: process) : flavor.usage("seq", usage, in: process)
        }
        guard operands.count <= 3 else {
            return flavor == .gnu ? flavor.reject("seq", "extra operand '\(operands[3])'", usage: usage, in: process) : flavor.usage("seq", usage, in: process)
        }
        var numbers: [Double] = []
        for operand in operands {
            guard let number = Double(operand), number.isFinite, abs(number) < 1e15 else {
                return flavor == .gnu ? flavor.reject("seq", "invalid floating point argument: '\(operand)'", usage: usage, in: process)
                    : flavor.usage("seq", usage, in: process)
            }
            numbers.append(number)
        }
        let first = numbers.count > 1 ? numbers[0] : 1
        let step = numbers.count == 3 ? numbers[1] : 1
        let last = numbers[numbers.count - 1]
        if step == 0 && flavor == .gnu {
            return flavor.reject("seq", "invalid Zero increment value: '\(operands[1])'", usage: usage, in: process)
        }
        // Decimals as many as FIRST or INCREMENT have (GNU and BusyBox alike: `seq 1 0.5 2` is 1.0 1.5 2.0).
        func decimals(_ text: String) -> Int { text.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0 }
        let precision = min(10, max(numbers.count > 1 ? decimals(operands[0]) : 0, numbers.count == 3 ? decimals(operands[1]) : 0))
        func format(_ value: Double) -> String {
            guard precision > 0 else { return String(Int(value.rounded())) }
            let scale = Double((0..<precision).reduce(1) { product, _ in product * 10 })
            let scaled = Int((abs(value) * scale).rounded())
            let whole = String(scaled / Int(scale)), fraction = String(scaled % Int(scale))
            return (value < 0 && scaled != 0 ? "-" : "") + whole + "." + String(repeating: "0", count: precision - fraction.count) + fraction
        }
        var items: [String] = []
        var index = 0
        while step != 0, items.count < Self.sequenceLimit {
            let value = first + Double(index) * step
            if (step > 0 ? value > last + 1e-9 : value < last - 1e-9) { break }
            items.append(format(value))
            index += 1
        }
        if items.count == Self.sequenceLimit { process.writeError("layerlab: seq stops at \(Self.sequenceLimit) numbers, layerlab's limit\n") }
        if options.has("w") {
            let width = max(format(first).count, format(last).count)
            items = items.map { item in
                let negative = item.hasPrefix("-")
                let digits = negative ? String(item.dropFirst()) : item
                return (negative ? "-" : "") + String(repeating: "0", count: max(0, width - item.count)) + digits
            }
        }
        if !items.isEmpty { process.write(items.joined(separator: options.value("s") ?? "\n") + "\n") }
        return 0
    }
}
