import LayerStore

/// The text tools scripts pipe through: cat, head, tail, wc, grep. Each reads its files, or its
/// standard input when it is given none.
struct TextTools: ProgramFamily {
    let names: Set<String> = ["cat", "head", "tail", "wc", "grep"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        switch name {
        case "cat": return cat(arguments, input: input, process)
        case "head": return headTail(arguments, input: input, head: true, process)
        case "tail": return headTail(arguments, input: input, head: false, process)
        case "wc": return wc(arguments, input: input, process)
        case "grep": return grep(arguments, input: input, process)
        default: preconditionFailure("\(name) is not one of TextTools' programs")
        }
    }

    /// Files go through as bytes (a large file, or a run of zeros, is never turned into text here); a
    /// device without end never ends.
    private func cat(_ arguments: [String], input: String, _ process: any ProcessEnvironment) -> Int32 {
        let files = ProgramOptions.split(arguments).operands
        if files.isEmpty { process.write(input); return 0 }
        var status: Int32 = 0
        for file in files {
            if file == "-" { process.write(input); continue }
            switch process.openForReading(file) {
            case .content(let content):
                process.write(content)
            case .endless(let device):
                process.writeEndless(device)
                return status
            case .failed(let failure):
                status = 1
                report(failure, file, "cat", process)
            }
        }
        return status
    }

    /// The text of the files a tool reads, one after the other; each that cannot be read is reported
    /// in the tool's words (BusyBox: `cat: can't open 'f': …`, `head: f: …`; GNU: `cat: f: …`,
    /// `head: cannot open 'f' for reading: …`), and `failed` says one was.
    private func contents(of files: [String], _ program: String, _ process: any ProcessEnvironment) -> (text: String, failed: Bool) {
        var text = ""
        var failed = false
        for file in files {
            switch process.readFile(file) {
            case .success(let content):
                text += content
            case .failure(let failure):
                failed = true
                report(failure, file, program, process)
            }
        }
        return (text, failed)
    }

    /// A file a tool could not open, in the tool's words.
    private func report(_ failure: FileAccess.OpenFailure, _ file: String, _ program: String, _ process: any ProcessEnvironment) {
        let busybox = process.flavor.hasBusyBox
        let message: String
        if failure == .isDirectory {
            message = "\(file): Is a directory"
        } else if busybox && program == "cat" {
            message = "can't open '\(file)': \(failure.reason)"
        } else if !busybox && (program == "head" || program == "tail") {
            message = "cannot open '\(file)' for reading: \(failure.reason)"
        } else {
            message = "\(file): \(failure.reason)"
        }
        process.writeError("\(program): \(message)\n")
    }

    private func headTail(_ arguments: [String], input: String, head: Bool, _ process: any ProcessEnvironment) -> Int32 {
        if head, let bytes = HeadBytes(arguments) { return bytes.run(input: input, process) }
        var count = 10
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-n", index + 1 < arguments.count { count = Int(arguments[index + 1]) ?? 10; index += 2; continue }
            if argument.hasPrefix("-"), let number = Int(argument.dropFirst()) { count = number } else { files.append(argument) }
            index += 1
        }
        let (text, failed) = files.isEmpty ? (text: input, failed: false) : contents(of: files, head ? "head" : "tail", process)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let selected = head ? Array(lines.prefix(count)) : Array(lines.suffix(count))
        process.write(selected.map { $0 + "\n" }.joined())
        return failed ? 1 : 0
    }

    /// `wc`: lines, words and bytes of each file (named after its counts) or of standard input, and a
    /// `total` line for several files. Bytes alone need no reading (a 1 GB file of zeros stays unread).
    private func wc(_ arguments: [String], input: String, _ process: any ProcessEnvironment) -> Int32 {
        let (flags, files) = ProgramOptions.split(arguments)
        let chosen = [("l", 0), ("w", 1), ("c", 2)].filter { flags.contains($0.0) }.map(\.1)
        let columns = chosen.isEmpty ? [0, 1, 2] : chosen
        func counts(_ text: String) -> [Int64] {
            [Int64(text.filter { $0 == "\n" }.count), Int64(text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count), Int64(text.utf8.count)]
        }
        var rows: [(counts: [Int64], name: String?)] = files.isEmpty ? [(counts(input), nil)] : []
        var failed = false
        for file in files {
            if columns == [2], case .content(let content) = process.openForReading(file) {
                rows.append(([0, 0, content.size], file))
                continue
            }
            let (text, unreadable) = contents(of: [file], "wc", process)
            if unreadable { failed = true } else { rows.append((counts(text), file)) }
        }
        if files.count > 1 { rows.append(((0..<3).map { index in rows.reduce(0) { $0 + $1.counts[index] } }, "total")) }
        for row in rows {
            process.write(columns.map { String(row.counts[$0]) }.joined(separator: " ") + (row.name.map { " " + $0 } ?? "") + "\n")
        }
        return failed ? 1 : 0
    }

    private func grep(_ arguments: [String], input: String, _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard let pattern = operands.first else { return process.fail("grep", "missing pattern") }
        let (text, failed) = operands.count > 1 ? contents(of: Array(operands.dropFirst()), "grep", process) : (text: input, failed: false)
        // Fixed strings with the two anchors Dockerfiles use, `^` and `$`; no other regular expressions.
        let anchoredStart = pattern.hasPrefix("^"), anchoredEnd = pattern.hasSuffix("$") && pattern.count > 1
        var needle = Substring(pattern)
        if anchoredStart { needle = needle.dropFirst() }
        if anchoredEnd { needle = needle.dropLast() }
        let ignoreCase = flags.contains("i")
        var count = 0
        for line in text.split(separator: "\n") {
            let haystack = ignoreCase ? line.lowercased() : String(line)
            let wanted = ignoreCase ? needle.lowercased() : String(needle)
            let matches = anchoredStart && anchoredEnd ? haystack == wanted
                : anchoredStart ? haystack.hasPrefix(wanted)
                : anchoredEnd ? haystack.hasSuffix(wanted) : haystack.contains(wanted)
            if matches != flags.contains("v") {
                count += 1
                if !flags.contains("q") && !flags.contains("c") { process.write(line + "\n") }
            }
        }
        if flags.contains("c") { process.write("\(count)\n") }
        // A file grep could not read makes the status 2, unless -q already found a line.
        if failed && !(flags.contains("q") && count > 0) { return 2 }
        return count > 0 ? 0 : 1
    }
}
