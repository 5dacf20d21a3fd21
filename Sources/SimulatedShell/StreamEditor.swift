/// `sed`: scripts from `-e`, `-f` or the first operand, run over the files (one stream, or each on
/// its own with `-s`) or standard input; `-n`, `-E`/`-r`, and `-i[SUFFIX]`, which writes each file
/// back (keeping a copy with the suffix). The script is `SedScript`'s, run by `SedMachine`; the
/// wording of each failure is the image's build's (GNU sed 4.9 or BusyBox, checked on this machine
/// and on the reference engine).
struct StreamEditor: ProgramFamily {
    let names: Set<String> = ["sed"]

    private static let grammar = ProgramOptions.Grammar(
        flags: "nErsu", valued: "ef", optional: "i",
        long: ["quiet": "n", "silent": "n", "expression": "e", "file": "f", "in-place": "i", "regexp-extended": "E",
               "separate": "s", "unbuffered": "u", "posix": "u", "version": "V", "help": "H"]
    )

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("sed", in: process)
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, Self.grammar)
        } catch {
            process.writeError("sed: \(error.message)\n")
            return usage(flavor, process)
        }
        if options.has("V") {
            process.write(flavor == .gnu ? "sed (GNU sed) 4.9\n" : "This is not GNU sed version 4.0\n")
            return 0
        }
        if options.has("H") { return usage(flavor, process) }
        var operands = options.operands
        var chunks: [String] = []
        for (letter, value) in options.options where letter == "e" || letter == "f" {
            guard let value else { continue }
            if letter == "e" {
                chunks.append(value)
            } else if case .text(let text) = process.inputFile(value, standardInput: input) {
                chunks.append(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            } else {
                return process.fail("sed", flavor == .gnu ? "couldn't open file \(value): No such file or directory" : "can't open '\(value)': No such file or directory")
            }
        }
        if chunks.isEmpty {
            guard !operands.isEmpty else { return usage(flavor, process) }
            chunks.append(operands.removeFirst())
        }
        let script: SedScript
        do {
            script = try SedParser(syntax: options.has("E") || options.has("r") ? .extended : .basic, gnu: flavor == .gnu).parse(chunks)
        } catch {
            process.writeError(error.line(flavor) + "\n")
            return 1
        }
        let quiet = options.has("n")
        if options.has("i") {
            return editInPlace(operands, suffix: options.value("i") ?? "", script: script, quiet: quiet, flavor, process)
        }
        var status: Int32 = 0
        var texts: [String] = []
        for operand in operands.isEmpty ? ["-"] : operands {
            switch process.inputFile(operand, standardInput: input) {
            case .text(let text): texts.append(text)
            case .missing: status = missing(operand, flavor, process)
            case .directory:
                process.writeError("sed: read error on \(operand): Is a directory\n")
                status = flavor == .gnu ? 4 : 1
            }
        }
        let streams = options.has("s") ? texts : [Self.joined(texts)]
        for text in streams {
            var machine = SedMachine(script: script, quiet: quiet)
            machine.run(text)
            process.write(machine.output)
            if let stopped = machine.stopped { return process.refuse(stopped) }
            // `q` ends sed, files not yet read included.
            if let quit = machine.quitStatus { return quit == 0 ? status : quit }
        }
        return status
    }

    /// `-i`: each file run on its own and written back; a missing one is reported and skipped.
    private func editInPlace(_ files: [String], suffix: String, script: SedScript, quiet: Bool, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        guard !files.isEmpty else {
            process.writeError("sed: no input files\n")
            return flavor == .gnu ? 4 : 1
        }
        var status: Int32 = 0
        for file in files {
            let path = process.fileSystem.resolvingSymlinks(process.absolute(file))
            switch process.inputFile(file, standardInput: "") {
            case .missing:
                status = missing(file, flavor, process)
            case .directory:
                process.writeError(flavor == .gnu ? "sed: couldn't edit \(file): not a regular file\n" : "sed: can't edit '\(file)': Is a directory\n")
                status = flavor == .gnu ? 4 : 1
            case .text(let text):
                var machine = SedMachine(script: script, quiet: quiet)
                machine.run(text)
                if let stopped = machine.stopped { return process.refuse(stopped) }
                if !suffix.isEmpty, !process.writeFile(path + suffix, text, append: false) { return 4 }
                if !process.writeFile(path, machine.output, append: false) { return 4 }
                if let quit = machine.quitStatus { return quit }
            }
        }
        return status
    }

    private func missing(_ file: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        switch flavor {
        case .gnu:
            process.writeError("sed: can't read \(file): No such file or directory\n")
            return 2
        case .busybox:
            return process.fail("sed", "\(file): No such file or directory")
        }
    }

    /// GNU sed answers a command line it cannot use with its usage (exit 1), BusyBox likewise.
    private func usage(_ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        switch flavor {
        case .gnu: process.writeError("Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n")
        case .busybox: process.writeError("Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n")
        }
        return 1
    }

    /// Several files read as one stream: a file whose last line has no newline still ends that line.
    static func joined(_ texts: [String]) -> String {
        var result = ""
        for (index, text) in texts.enumerated() {
            result += text
            if index < texts.count - 1, !text.isEmpty, !text.hasSuffix("\n") { result += "\n" }
        }
        return result
    }
}
