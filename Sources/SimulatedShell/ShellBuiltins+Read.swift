/// `read [-r] [-d DELIM] [-a ARRAY] NAME…`: takes the next line of standard input (shared with the
/// commands around it, so `while read -r f` goes line by line), splits it at `IFS` and sets the
/// names, the last one getting the rest. Without `-r` a backslash escapes the next character and
/// joins a line to the next. Its status is 1 when the input ended before a whole line.
extension ShellBuiltins {
    func read(_ arguments: [String], input: ShellInput) -> Int32 {
        var raw = false
        var delimiter: Character? = "\n"
        var arrayName: String?
        var names: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard names.isEmpty, argument.hasPrefix("-"), argument.count > 1 else {
                names.append(argument)
                continue
            }
            switch argument {
            case "-r": raw = true
            // A prompt is shown only when the input is a terminal, which a container's script never reads.
            case "-p" where shell.dialect == .bash, "-t" where shell.dialect == .bash, "-u" where shell.dialect == .bash: index += 1
            case "-s" where shell.dialect == .bash: continue
            case "-d" where shell.dialect == .bash:
                guard index < arguments.count else { return usage() }
                delimiter = arguments[index].first ?? "\u{0}"
                index += 1
            case "-a" where shell.dialect == .bash:
                guard index < arguments.count else { return usage() }
                arrayName = arguments[index]
                index += 1
            default:
                shell.writeError("layerlab: `read \(argument)` is not simulated\n")
                return 1
            }
        }
        if names.isEmpty && arrayName == nil {
            guard shell.dialect == .bash else { return usage() }
            names = ["REPLY"]
        }
        var text = ""
        var ended = true
        while let record = input.readRecord(delimiter: delimiter) {
            text += record.text
            ended = !record.terminated
            // An unescaped backslash at the end joins the next line.
            guard !raw, record.terminated, delimiter == "\n", text.hasSuffix("\\"), !text.hasSuffix("\\\\") else { break }
            text.removeLast()
        }
        let fields = split(raw ? text : unescape(text), into: arrayName == nil ? names.count : Int.max)
        if let arrayName {
            shell.arrays[arrayName] = ShellArray(associative: false, elements: fields)
            shell.shellVariables[arrayName] = nil
        } else {
            for (position, name) in names.enumerated() { shell.setVariable(name, position < fields.count ? fields[position] : "") }
        }
        return ended ? 1 : 0
    }

    private func usage() -> Int32 {
        complain("read: arg count")
        return 2
    }

    /// Without `-r`: each backslash gives the character after it.
    private func unescape(_ text: String) -> String {
        var result = ""
        var escaped = false
        for c in text {
            if c == "\\" && !escaped {
                escaped = true
                continue
            }
            escaped = false
            result.append(c)
        }
        return result
    }

    /// The line split at `IFS` into at most `count` fields: whitespace in IFS around fields is dropped,
    /// and the last field keeps the rest of the line as it is (its surrounding IFS whitespace trimmed).
    private func split(_ line: String, into count: Int) -> [String] {
        let separators = Set(shell.variable("IFS") ?? " \t\n")
        let whitespace = separators.filter { $0 == " " || $0 == "\t" || $0 == "\n" }
        guard !separators.isEmpty else { return [line] }
        var fields: [String] = []
        var rest = Substring(line).drop { whitespace.contains($0) }
        while !rest.isEmpty {
            if fields.count == count - 1 {
                fields.append(String(rest.reversed().drop { whitespace.contains($0) }.reversed()))
                return fields
            }
            let end = rest.firstIndex { separators.contains($0) } ?? rest.endIndex
            fields.append(String(rest[..<end]))
            rest = rest[end...]
            // One separator, with the IFS whitespace around it.
            rest = rest.drop { whitespace.contains($0) }
            if let first = rest.first, separators.contains(first), !whitespace.contains(first) {
                rest = rest.dropFirst().drop { whitespace.contains($0) }
            }
        }
        return fields
    }
}
