import Foundation
import LayerStore

/// `gzip`, `gunzip` and `zcat` on files: `FILE` becomes `FILE.gz` (real gzip bytes, LayerStore's
/// compressor at gzip's default level) and back, keeping the mode, owner and time; `-k` keeps the
/// original, `-f` overwrites, `-c`/`zcat` write to standard output (text only: the simulated shell
/// carries no binary data, so compressed output there is refused), `-d` decompresses, `-1`…`-9`
/// set the level. Messages as GNU gzip 1.12 (always `gzip:`, its gunzip being a script) and
/// BusyBox (the applet's own name) print them.
struct GzipProgram: ProgramFamily {
    let names: Set<String> = ["gzip", "gunzip", "zcat"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        let program = flavor == .gnu ? "gzip" : name
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(
                flags: "cdfklnNqrtv123456789",
                long: ["stdout": "c", "to-stdout": "c", "decompress": "d", "uncompress": "d", "force": "f", "keep": "k", "quiet": "q", "verbose": "v", "best": "9", "fast": "1"]
            ))
        } catch {
            return flavor.reject(program, error, usage: "[-cfkdt123456789] [FILE]...", in: process)
        }
        let decompress = name != "gzip" || options.has("d")
        let toStandardOutput = name == "zcat" || options.has("c")
        let level = options.options.last { $0.letter.isNumber }?.letter.wholeNumberValue.map { Int32($0) } ?? 6
        let files = options.operands.filter { $0 != "-" }
        guard !files.isEmpty, files.count == options.operands.count else { return process.refuse(BinaryFiles.pipeRefusal(program)) }
        var status: Int32 = 0
        for file in files {
            let result = decompress
                ? expand(file, program: program, toStandardOutput: toStandardOutput, force: options.has("f"), keep: options.has("k"), flavor, process)
                : compress(file, program: program, level: level, toStandardOutput: toStandardOutput, force: options.has("f"), keep: options.has("k"), flavor, process)
            status = max(status, result)
        }
        return status
    }

    private func compress(_ file: String, program: String, level: Int32, toStandardOutput: Bool, force: Bool, keep: Bool,
                          _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let path = process.absolute(file)
        guard let entry = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(path)) else {
            return process.fail(program, "\(file): No such file or directory")
        }
        if entry.isDirectory {
            process.writeError(flavor == .gnu ? "gzip: \(file) is a directory -- ignored\n" : "\(program): \(file): Is a directory\n")
            return flavor == .gnu ? 2 : 1
        }
        if toStandardOutput { return process.refuse(BinaryFiles.pipeRefusal(program)) }
        if flavor == .gnu, file.hasSuffix(".gz") {
            process.writeError("gzip: \(file) already has .gz suffix -- unchanged\n")
            return 0
        }
        guard entry.contentSize <= Int64(BinaryFiles.limit), let data = BinaryFiles.read(path, in: process) else {
            return process.refuse(BinaryFiles.overLimit(program, file))
        }
        let target = path + ".gz"
        if !force, process.fileSystem.entry(at: target) != nil {
            return exists(file + ".gz", program: program, flavor, process)
        }
        write(GzipCompressor.compress(data, level: level), to: target, like: entry, process)
        if !keep { process.fileSystem.remove(path) }
        return 0
    }

    private func expand(_ file: String, program: String, toStandardOutput: Bool, force: Bool, keep: Bool,
                        _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        var file = file
        var path = process.absolute(file)
        // GNU looks for FILE.gz when FILE is not there.
        if flavor == .gnu, process.fileSystem.entry(at: path) == nil, !file.hasSuffix(".gz") {
            file += ".gz"
            path += ".gz"
        }
        guard let entry = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(path)) else {
            return process.fail(program, "\(file): No such file or directory")
        }
        if entry.isDirectory {
            process.writeError(flavor == .gnu ? "gzip: \(file) is a directory -- ignored\n" : "\(program): \(file): Is a directory\n")
            return flavor == .gnu ? 2 : 1
        }
        let suffixes = [(".gz", ""), (".tgz", ".tar"), ("-gz", ""), (".z", ""), ("-z", ""), ("_z", ""), (".taz", ".tar")]
        let suffix = suffixes.first { file.hasSuffix($0.0) }
        if suffix == nil && !toStandardOutput {
            process.writeError(flavor == .gnu ? "gzip: \(file): unknown suffix -- ignored\n" : "\(program): \(file): unknown suffix - ignored\n")
            return flavor == .gnu ? 2 : 1
        }
        guard entry.contentSize <= Int64(BinaryFiles.limit), let data = BinaryFiles.read(path, in: process) else {
            return process.refuse(BinaryFiles.overLimit(program, file))
        }
        func notGzip() -> Int32 {
            guard flavor == .gnu else { return process.fail(program, "invalid magic") }
            // GNU starts this message with an empty line.
            process.writeError("\ngzip: \(file): not in gzip format\n")
            return 1
        }
        guard GzipDecompressor.isGzip(data) else { return notGzip() }
        let expanded: Data
        do {
            expanded = try GzipDecompressor.decompress(data, limit: BinaryFiles.limit)
        } catch {
            return error.message.hasPrefix("it decompresses") ? process.refuse(BinaryFiles.overLimit(program, file)) : notGzip()
        }
        if toStandardOutput {
            guard let text = BinaryFiles.text(expanded) else { return process.refuse(BinaryFiles.pipeRefusal(program)) }
            process.write(text)
            return 0
        }
        let (ending, replacement) = suffix ?? (".gz", "")
        let target = String(path.dropLast(ending.count)) + replacement
        let shownTarget = String(file.dropLast(ending.count)) + replacement
        if !force, process.fileSystem.entry(at: target) != nil {
            return exists(shownTarget, program: program, flavor, process)
        }
        write(expanded, to: target, like: entry, process)
        if !keep { process.fileSystem.remove(path) }
        return 0
    }

    private func exists(_ file: String, program: String, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        switch flavor {
        case .gnu:
            process.writeError("gzip: \(file) already exists;\tnot overwritten\n")
            return 2
        case .busybox:
            return process.fail(program, "can't open '\(file)': File exists")
        }
    }

    /// The new file keeps the old one's mode, owner and time, as gzip restores them.
    private func write(_ data: Data, to path: String, like original: LayerEntry, _ process: any ProcessEnvironment) {
        process.fileSystem.write(LayerEntry(path: path, kind: .file(.bytes(data)), mode: original.mode, uid: original.uid, gid: original.gid,
                                            modificationTime: original.modificationTime))
    }
}
