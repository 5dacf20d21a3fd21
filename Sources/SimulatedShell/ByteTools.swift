import Foundation
import LayerStore

/// The programs that make files of a given size: `dd`, `truncate` (coreutils, or BusyBox's) and
/// `fallocate` (util-linux, or BusyBox's). What they add is zeros, kept as a count, so the classic
/// "add a big file in one layer, delete it in the next" costs no memory and still shows its size in
/// `docker history`. Messages are each flavor's, checked on this machine (coreutils 9.1, util-linux)
/// and on the reference engine's BusyBox.
struct ByteTools: ProgramFamily {
    let names: Set<String> = ["dd", "truncate", "fallocate"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        switch name {
        case "dd":
            do {
                return try Dd(arguments, flavor: flavor).run(input: input, process)
            } catch {
                process.writeError(error.message)
                return 1
            }
        case "truncate": return truncate(arguments, flavor: flavor, process)
        case "fallocate": return fallocate(arguments, flavor: flavor, process)
        default: preconditionFailure("\(name) is not one of ByteTools' programs")
        }
    }

    /// An option's value: `-s 10M`, `-s10M`, `--size=10M` or `--size 10M`. Moves `index` past it.
    private func value(of arguments: [String], at index: inout Int, short: String, long: String) -> String?? {
        let argument = arguments[index]
        if argument == short || argument == long {
            index += 1
            return index < arguments.count ? .some(arguments[index]) : .some(nil)
        }
        if argument.hasPrefix(long + "=") { return .some(String(argument.dropFirst(long.count + 1))) }
        if argument.hasPrefix(short), argument.count > short.count { return .some(String(argument.dropFirst(short.count))) }
        return nil
    }

    // MARK: truncate

    private func truncate(_ arguments: [String], flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "Usage: truncate [-c] -s SIZE FILE...\n\nTruncate FILEs to SIZE\n\n\t-c\tDo not create files\n\t-s SIZE\n"
        var size: String?
        var reference: String?
        var creates = true
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let given = value(of: arguments, at: &index, short: "-s", long: "--size") {
                size = given
            } else if flavor == .gnu, let given = value(of: arguments, at: &index, short: "-r", long: "--reference") {
                reference = given
            } else if argument == "-c" || argument == "--no-create" {
                creates = false
            } else if argument.hasPrefix("-"), argument.count > 1 {
                return flavor == .gnu ? ToolFlavor.tryHelp("truncate", "invalid option -- '\(argument.dropFirst().prefix(1))'", in: process) : usageFailure(usage, process)
            } else {
                files.append(argument)
            }
            index += 1
        }
        guard size != nil || reference != nil, !(size == nil && flavor == .busybox) else {
            return flavor == .gnu ? ToolFlavor.tryHelp("truncate", "you must specify either '--size' or '--reference'", in: process) : usageFailure(usage, process)
        }
        guard !files.isEmpty else { return flavor == .gnu ? ToolFlavor.tryHelp("truncate", "missing file operand", in: process) : usageFailure(usage, process) }
        var target: (Int64) -> Int64 = { $0 }
        if let reference {
            guard case .file(let content)? = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(process.absolute(reference)))?.kind else {
                return process.fail("truncate", "cannot stat '\(reference)': No such file or directory")
            }
            target = { _ in content.size }
        }
        if let size {
            guard let sized = TruncateSize(size, flavor: flavor) else {
                return process.fail("truncate", flavor == .gnu ? "Invalid number: '\(size)'" : "invalid number '\(size)'")
            }
            target = sized.apply
        }
        var status: Int32 = 0
        for file in files {
            let absolute = process.absolute(file)
            let resolved = process.fileSystem.resolvingSymlinks(absolute)
            let existing = process.fileSystem.entry(at: resolved)
            let failure: String?
            switch existing?.kind {
            case .directory?: failure = "Is a directory"
            case .characterDevice?:
                status = process.fail("truncate", "failed to truncate '\(file)' at \(target(0)) bytes: Invalid argument")
                continue
            case nil where !creates: continue
            case nil where process.fileSystem.entry(at: LayerPath.parent(of: resolved))?.isDirectory != true: failure = "No such file or directory"
            case .file?, .symlink?, nil: failure = nil
            }
            if let failure {
                status = process.fail("truncate", flavor == .gnu ? "cannot open '\(file)' for writing: \(failure)" : "\(file): open: \(failure)")
                continue
            }
            var content = FileContent.bytes(Data())
            if case .file(let old)? = existing?.kind { content = old }
            if !process.writeFile(absolute, content.resized(to: target(content.size)), append: false) { return 1 }
        }
        return status
    }

    /// GNU truncate's size: a number, or one relative to the file's size (`+1K` more, `-1K` less,
    /// `<N` at most, `>N` at least, `/N` down to a multiple, `%N` up to one). BusyBox takes the number only.
    private struct TruncateSize {
        var operation: Character?
        var amount: Int64

        init?(_ text: String, flavor: ToolFlavor) {
            var text = Substring(text)
            if flavor == .gnu, let first = text.first, "+-<>/%".contains(first) {
                operation = first
                text = text.dropFirst()
            }
            guard let amount = SizeSuffixes.truncate(flavor).parse(String(text)), operation != "/" && operation != "%" || amount > 0 else { return nil }
            self.amount = min(amount, ShellLimits.sizeCeiling)
        }

        func apply(_ size: Int64) -> Int64 {
            switch operation {
            case "+": return size + amount
            case "-": return max(0, size - amount)
            case "<": return min(size, amount)
            case ">": return max(size, amount)
            case "/": return size / amount * amount
            case "%": return (size + amount - 1) / amount * amount
            default: return amount
            }
        }
    }

    // MARK: fallocate

    private func fallocate(_ arguments: [String], flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "Usage: fallocate [-o OFS] -l LEN FILE\n\nPreallocate space for FILE\n\n\t-o OFS\tOffset of range\n\t-l LEN\tLength of range\n"
        var length: String?
        var offset: String?
        var keepsSize = false
        var punches = false
        var files: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if let given = value(of: arguments, at: &index, short: "-l", long: "--length") {
                guard let given else { return flavor == .gnu ? ToolFlavor.tryHelp("fallocate", "option requires an argument -- 'l'", in: process) : usageFailure(usage, process) }
                length = given
            } else if let given = value(of: arguments, at: &index, short: "-o", long: "--offset") {
                guard let given else { return flavor == .gnu ? ToolFlavor.tryHelp("fallocate", "option requires an argument -- 'o'", in: process) : usageFailure(usage, process) }
                offset = given
            } else if flavor == .gnu, argument == "-n" || argument == "--keep-size" {
                keepsSize = true
            } else if flavor == .gnu, argument == "-p" || argument == "--punch-hole" {
                // Punching a hole zeroes a range and keeps the size.
                punches = true
                keepsSize = true
            } else if flavor == .gnu, ["-c", "-i", "-x", "-z", "-d", "--collapse-range", "--insert-range", "--posix", "--zero-range", "--dig-holes"].contains(argument) {
                return process.fail("layerlab", "fallocate \(argument) is not simulated")
            } else if argument.hasPrefix("-"), argument.count > 1 {
                return flavor == .gnu ? ToolFlavor.tryHelp("fallocate", "invalid option -- '\(argument.dropFirst().prefix(1))'", in: process) : usageFailure(usage, process)
            } else {
                files.append(argument)
            }
            index += 1
        }
        let sizes = SizeSuffixes.fallocate(flavor)
        guard let lengthText = length else {
            return flavor == .gnu ? process.fail("fallocate", "no length argument specified") : usageFailure(usage, process)
        }
        guard let file = files.first, files.count == 1 || flavor == .gnu else {
            return flavor == .gnu ? process.fail("fallocate", "no filename specified") : usageFailure(usage, process)
        }
        guard let bytes = sizes.parse(lengthText), bytes > 0 || flavor == .busybox else {
            return process.fail("fallocate", flavor == .gnu ? "invalid length value specified" : "invalid number '\(lengthText)'")
        }
        let start = offset.flatMap { sizes.parse($0) } ?? 0
        if let offset, sizes.parse(offset) == nil {
            return process.fail("fallocate", flavor == .gnu ? "invalid offset value specified" : "invalid number '\(offset)'")
        }
        let absolute = process.absolute(file)
        let resolved = process.fileSystem.resolvingSymlinks(absolute)
        let existing = process.fileSystem.entry(at: resolved)
        let failure: String?
        switch existing?.kind {
        case .directory?: failure = "Is a directory"
        case .characterDevice?: return process.fail("fallocate", "fallocate failed: No such device")
        case nil where process.fileSystem.entry(at: LayerPath.parent(of: resolved))?.isDirectory != true: failure = "No such file or directory"
        case .file?, .symlink?, nil: failure = nil
        }
        if let failure { return process.fail("fallocate", flavor == .gnu ? "cannot open \(file): \(failure)" : "can't open '\(file)': \(failure)") }
        var content = FileContent.bytes(Data())
        if case .file(let old)? = existing?.kind { content = old }
        let rangeEnd = min(ShellLimits.sizeCeiling, min(ShellLimits.sizeCeiling, start) + min(ShellLimits.sizeCeiling, bytes))
        if punches {
            content = FileContent.concatenating([content.prefix(start), .zeros(size: max(0, min(content.size, rangeEnd) - start)), content.slice(from: rangeEnd, length: content.size)])
        } else if !keepsSize, rangeEnd > content.size {
            // Allocating never changes what is there; past the end it adds zeros.
            content = content.resized(to: rangeEnd)
        }
        guard process.writeFile(absolute, content, append: false) else { return 1 }
        // BusyBox makes the file, then the kernel refuses an empty range.
        if bytes == 0 { return process.fail("fallocate", "fallocate '\(file)': Invalid argument") }
        return 0
    }

    // MARK: Messages

    /// BusyBox's answer to options it cannot use: the applet's usage; status 1.
    private func usageFailure(_ usage: String, _ process: any ProcessEnvironment) -> Int32 {
        process.writeError(usage)
        return 1
    }
}
