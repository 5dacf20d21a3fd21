/// The text tools scripts pipe through: cat, head, tail, wc, grep.
extension ShellProcess {
    var cat: Implementation {
        { arguments, input in
            let (_, files) = self.options(arguments)
            if files.isEmpty { self.output.out(input); return 0 }
            var status: Int32 = 0
            for file in files {
                if file == "-" { self.output.out(input); continue }
                if self.fileSystem.entry(at: self.fileSystem.resolvingSymlinks(self.absolute(file)))?.isDirectory == true {
                    status = self.fail("cat", "\(file): Is a directory")
                } else if let text = self.readText(file) {
                    self.output.out(text)
                } else {
                    status = self.fail("cat", "can't open '\(file)': No such file or directory")
                }
            }
            return status
        }
    }

    func headTail(head: Bool) -> Implementation {
        { arguments, input in
            var count = 10
            var files: [String] = []
            var index = 0
            while index < arguments.count {
                let argument = arguments[index]
                if argument == "-n", index + 1 < arguments.count { count = Int(arguments[index + 1]) ?? 10; index += 2; continue }
                if argument.hasPrefix("-"), let number = Int(argument.dropFirst()) { count = number } else { files.append(argument) }
                index += 1
            }
            let text = files.isEmpty ? input : files.compactMap { self.readText($0) }.joined()
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.last == "" { lines.removeLast() }
            let selected = head ? Array(lines.prefix(count)) : Array(lines.suffix(count))
            self.output.out(selected.map { $0 + "\n" }.joined())
            return 0
        }
    }

    var wc: Implementation {
        { arguments, input in
            let (flags, files) = self.options(arguments)
            let text = files.isEmpty ? input : files.compactMap { self.readText($0) }.joined()
            let lines = text.filter { $0 == "\n" }.count
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count
            if flags.contains("l") { self.output.out("\(lines)\n") } else if flags.contains("w") { self.output.out("\(words)\n") } else if flags.contains("c") {
                self.output.out("\(text.utf8.count)\n")
            } else { self.output.out("\(lines) \(words) \(text.utf8.count)\n") }
            return 0
        }
    }

    var grep: Implementation {
        { arguments, input in
            let (flags, operands) = self.options(arguments)
            guard let pattern = operands.first else { return self.fail("grep", "missing pattern") }
            let text = operands.count > 1 ? operands.dropFirst().compactMap { self.readText($0) }.joined() : input
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
                    if !flags.contains("q") && !flags.contains("c") { self.output.out(line + "\n") }
                }
            }
            if flags.contains("c") { self.output.out("\(count)\n") }
            return count > 0 ? 0 : 1
        }
    }
}
