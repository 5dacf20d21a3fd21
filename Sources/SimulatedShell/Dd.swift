import Foundation
import LayerStore

/// `dd`: copies blocks from `if=` (standard input without one) to `of=` (standard output without
/// one), `count=` blocks after skipping `skip=`, writing `seek=` blocks into the output, which is cut
/// there unless `conv=notrunc`. What it copies stays a `FileContent`, so `dd if=/dev/zero of=big
/// bs=1M count=1024` makes a gigabyte file that costs no memory. Its words are GNU's or BusyBox's
/// (checked on this machine's coreutils 9.1 and on the reference engine's BusyBox).
struct Dd {
    let flavor: ToolFlavor
    var input: String?
    var output: String?
    var inputBlock: Int64 = 512
    var outputBlock: Int64 = 512
    var count: Int64?
    var skip: Int64 = 0
    var seek: Int64 = 0
    var truncates = true
    /// `conv=sync`: a partial input block is padded with zeros to a whole one.
    var padsBlocks = false
    var countInBytes = false
    var skipInBytes = false
    var seekInBytes = false
    var level = DdReport.Level.all

    /// The conversions GNU dd knows; only notrunc and sync change what is copied here, and the ones
    /// that only make writes safer are taken as they are.
    private static let conversions: Set<String> = [
        "ascii", "ebcdic", "ibm", "block", "unblock", "lcase", "ucase", "sparse", "swab", "sync", "excl", "nocreat", "notrunc",
        "noerror", "fdatasync", "fsync",
    ]
    private static let harmlessConversions: Set<String> = ["noerror", "fdatasync", "fsync"]
    private static let flags: Set<String> = [
        "append", "direct", "directory", "dsync", "sync", "fullblock", "nonblock", "noatime", "nocache", "noctty", "nofollow",
        "count_bytes", "skip_bytes", "seek_bytes",
    ]

    /// Why the operands cannot run: what dd (or layerlab, for what it does not simulate) says.
    struct Refusal: Error {
        var message: String
    }

    init(_ arguments: [String], flavor: ToolFlavor) throws(Refusal) {
        self.flavor = flavor
        let sizes = SizeSuffixes.dd(flavor)
        var blockSize: Int64?
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { throw unrecognized(argument) }
            let key = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
            func number(positive: Bool) throws(Refusal) -> Int64 {
                guard let parsed = sizes.parse(value) else {
                    throw Refusal(message: flavor == .gnu ? "dd: invalid number: '\(value)'\n" : "dd: invalid number '\(value)'\n")
                }
                if positive, parsed == 0 {
                    throw Refusal(message: flavor == .gnu ? "dd: invalid number: '0'\n" : "dd: number 0 is not in 1..9223372036854775807 range\n")
                }
                return parsed
            }
            switch key {
            case "if": input = value
            case "of": output = value
            case "bs": blockSize = try number(positive: true)
            case "ibs": inputBlock = try number(positive: true)
            case "obs": outputBlock = try number(positive: true)
            case "count": count = try number(positive: false)
            case "skip", "iseek": skip = try number(positive: false)
            case "seek", "oseek": seek = try number(positive: false)
            case "conv": try convert(value)
            case "iflag", "oflag": try flag(value, key: key)
            case "status":
                switch value {
                case "none": level = .nothing
                case "noxfer": level = .records
                case "progress": level = .all
                default:
                    throw Refusal(message: flavor == .gnu ? "dd: invalid status level: '\(value)'\nTry 'dd --help' for more information.\n"
                                                          : "dd: invalid argument '\(value)' to 'status'\n")
                }
            default: throw unrecognized(argument)
            }
        }
        if let blockSize {
            inputBlock = blockSize
            outputBlock = blockSize
        }
    }

    private func unrecognized(_ argument: String) -> Refusal {
        switch flavor {
        case .gnu: Refusal(message: "dd: unrecognized operand '\(argument)'\nTry 'dd --help' for more information.\n")
        case .busybox:
            Refusal(message: """
            Usage: dd [if=FILE] [of=FILE] [ibs=N obs=N/bs=N] [count=N] [skip=N] [seek=N]
            \t[conv=notrunc|noerror|sync|fsync]
            \t[iflag=skip_bytes|count_bytes|fullblock|direct] [oflag=seek_bytes|append|direct]

            """)
        }
    }

    private mutating func convert(_ list: String) throws(Refusal) {
        for conversion in list.split(separator: ",").map(String.init) {
            guard Self.conversions.contains(conversion) else {
                throw Refusal(message: flavor == .gnu ? "dd: invalid conversion: '\(conversion)'\nTry 'dd --help' for more information.\n"
                                                      : "dd: invalid argument '\(conversion)' to 'conv'\n")
            }
            switch conversion {
            case "notrunc": truncates = false
            case "sync": padsBlocks = true
            case _ where Self.harmlessConversions.contains(conversion): continue
            default: throw Refusal(message: "layerlab: dd conv=\(conversion) is not simulated\n")
            }
        }
    }

    private mutating func flag(_ list: String, key: String) throws(Refusal) {
        for flag in list.split(separator: ",").map(String.init) {
            guard Self.flags.contains(flag) else {
                throw Refusal(message: flavor == .gnu ? "dd: invalid \(key == "iflag" ? "input" : "output") flag: '\(flag)'\nTry 'dd --help' for more information.\n"
                                                      : "dd: invalid argument '\(flag)' to '\(key)'\n")
            }
            switch flag {
            case "count_bytes": countInBytes = true
            case "skip_bytes": skipInBytes = true
            case "seek_bytes": seekInBytes = true
            // Opening for appending moves every write to the end: not simulated.
            case "append": throw Refusal(message: "layerlab: dd oflag=append is not simulated\n")
            default: continue
            }
        }
    }

    /// Copies, prints the summary, and gives dd's status.
    func run(input standardInput: String, _ process: any ProcessEnvironment) -> Int32 {
        var source: OpenedFile = .content(.text(standardInput))
        if let input {
            source = process.openForReading(input)
            if case .failed(let failure) = source {
                let reason = failure.reason
                if failure == .isDirectory, flavor == .gnu {
                    process.writeError("dd: error reading '\(input)': \(reason)\n")
                    process.writeError(DdReport(flavor: flavor, level: level, recordsIn: (0, 0), recordsOut: (0, 0), bytes: 0).text)
                    return 1
                }
                return process.fail("dd", failure == .isDirectory && flavor == .busybox ? "\(input): \(reason)" : "\(cannotOpen) '\(input)': \(reason)")
            }
        }
        source = source.dropping(skipInBytes ? skip : Self.bytes(skip, blocksOf: inputBlock))
        let ceiling = ShellLimits.sizeCeiling
        let limit = count.map { min(ceiling, countInBytes ? $0 : Self.bytes($0, blocksOf: inputBlock)) }
        if case .endless(let device) = source, limit == nil {
            // Reading without end: the output is filled until something stops it.
            guard let output else {
                process.writeEndless(device)
                return 0
            }
            process.stop(.endless(into: process.absolute(output), device: input ?? "standard input"))
            return 1
        }
        var data = limit.map { source.prefix($0) } ?? source.prefix(Int64.max)
        let recordsIn = DdReport.records(data.size, blockSize: inputBlock)
        if padsBlocks, recordsIn.partial > 0 { data = data.resized(to: min(ceiling, Self.bytes(recordsIn.whole + 1, blocksOf: inputBlock))) }
        var report = DdReport(flavor: flavor, level: level, recordsIn: recordsIn, recordsOut: DdReport.records(data.size, blockSize: outputBlock), bytes: data.size)
        guard let output else {
            process.write(data)
            process.writeError(report.text)
            return 0
        }
        if let failure = write(data, to: output, process) {
            // An empty reason: the shell stopped the process (a size limit) and said why.
            guard !failure.isEmpty else { return 1 }
            process.writeError("dd: \(failure)\n")
            guard failure.hasPrefix("error writing") else { return 1 }
            // The first block was read before the write failed.
            report.recordsIn = DdReport.records(min(data.size, inputBlock), blockSize: inputBlock)
            report.recordsOut = (0, 0)
            report.bytes = 0
            process.writeError(report.text)
            return 1
        }
        process.writeError(report.text)
        return 0
    }

    private var cannotOpen: String { flavor == .gnu ? "failed to open" : "can't open" }

    /// `count` blocks of `size` bytes, saturating: a huge count is stopped by the size limits, not by
    /// an overflow.
    private static func bytes(_ count: Int64, blocksOf size: Int64) -> Int64 {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow ? Int64.max : product
    }

    /// Writes `data` into the file at `path` from `seek` blocks on; dd's words for why it cannot, or ""
    /// when the shell refused the file (its size limits) and said why itself.
    private func write(_ data: FileContent, to path: String, _ process: any ProcessEnvironment) -> String? {
        let absolute = process.absolute(path)
        let resolved = process.fileSystem.resolvingSymlinks(absolute)
        let existing = process.fileSystem.entry(at: resolved)
        switch existing?.kind {
        case .directory?:
            return "\(cannotOpen) '\(path)': Is a directory"
        case .characterDevice?:
            switch existing.flatMap(Device.init) {
            case .full?: return "error writing '\(path)': No space left on device"
            case .null?, .zero?, .random?, .urandom?: return nil
            case .tty?, nil: return "\(cannotOpen) '\(path)': No such device or address"
            }
        case .file?, .symlink?, nil:
            break
        }
        guard process.fileSystem.entry(at: LayerPath.parent(of: resolved))?.isDirectory == true else {
            return "\(cannotOpen) '\(path)': No such file or directory"
        }
        if process.fileSystem.mounts.readOnly.contains(resolved) { return "\(cannotOpen) '\(path)': Read-only file system" }
        var old = FileContent.bytes(Data())
        if case .file(let content)? = existing?.kind { old = content }
        let start = min(ShellLimits.sizeCeiling, seekInBytes ? seek : Self.bytes(seek, blocksOf: outputBlock))
        // Without notrunc the file is cut where the writing starts; a seek past its end leaves zeros.
        var parts = [old.resized(to: start), data]
        if !truncates { parts.append(old.slice(from: start + data.size, length: old.size)) }
        return process.writeFile(absolute, FileContent.concatenating(parts), append: false) ? nil : ""
    }
}
