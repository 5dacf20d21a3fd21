import LayerStore

/// `head -c N`: the first N bytes of each file, or of standard input (with `-N`, all but the last
/// N), passed on as bytes, so `head -c 100M /dev/zero > f` makes a file of zeros that costs no memory.
/// Sizes and messages are GNU's or BusyBox's (checked on this machine and the reference engine).
struct HeadBytes {
    let count: String
    let files: [String]

    /// nil when the arguments ask for no byte count (`head -n` reads lines).
    init?(_ arguments: [String]) {
        var count: String?
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-c" || argument == "--bytes" {
                index += 1
                count = index < arguments.count ? arguments[index] : ""
            } else if argument.hasPrefix("--bytes=") {
                count = String(argument.dropFirst("--bytes=".count))
            } else if argument.hasPrefix("-c") {
                count = String(argument.dropFirst(2))
            } else if argument == "-n" {
                index += 1
            } else if !argument.hasPrefix("-") || argument == "-" {
                files.append(argument)
            }
            index += 1
        }
        guard let count else { return nil }
        self.count = count
        self.files = files
    }

    func run(input: String, _ process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("head", in: process)
        let allButLast = count.hasPrefix("-")
        guard let parsed = SizeSuffixes.head(flavor).parse(allButLast ? String(count.dropFirst()) : count) else {
            return process.fail("head", flavor == .gnu ? "invalid number of bytes: '\(count)'" : "invalid number '\(count)'")
        }
        let bytes = min(parsed, ShellLimits.sizeCeiling)
        var status: Int32 = 0
        let names = files.isEmpty ? ["-"] : files
        for (index, name) in names.enumerated() {
            let source: OpenedFile = name == "-" ? .content(.text(input)) : process.openForReading(name)
            if case .failed(let failure) = source {
                let reason = failure.reason
                status = process.fail("head", flavor == .gnu ? "cannot open '\(name)' for reading: \(reason)" : "\(name): \(reason)")
                continue
            }
            if names.count > 1 { process.write((index > 0 ? "\n" : "") + "==> \(name == "-" ? "standard input" : name) <==\n") }
            switch source {
            case .content(let content): process.write(allButLast ? content.prefix(content.size - bytes) : content.prefix(bytes))
            // All but the last bytes of something without end is all of it.
            case .endless(let device): if allButLast { process.writeEndless(device) } else { process.write(device.bytes(bytes)) }
            case .failed: continue
            }
        }
        return status
    }
}
