import LayerlabBasics
import LayerStore

/// The tools that look at one file or make one: `stat` (its default report and `-c`/`--printf`
/// formats), `readlink` (a link's target, `-f`/`-e`/`-m` the canonical path) and `mktemp` (`-d`,
/// templates, `-p`, `-t`). Outputs and errors as GNU coreutils 9.1 and BusyBox print them.
struct FileTools: ProgramFamily {
    let names: Set<String> = ["stat", "readlink", "mktemp"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of(name, in: process)
        switch name {
        case "stat": return stat(arguments, flavor, process)
        case "readlink": return readlink(arguments, flavor, process)
        case "mktemp": return mktemp(arguments, flavor, process)
        default: preconditionFailure("\(name) is not one of FileTools' programs")
        }
    }

    // MARK: stat

    private func stat(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-lLtf] [-c FMT] FILE..."
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: "Lt", valued: "cp", long: ["format": "c", "printf": "p", "dereference": "L", "terse": "t"]))
        } catch {
            return flavor.reject("stat", error, usage: usage, in: process)
        }
        guard !options.operands.isEmpty else {
            return flavor == .gnu ? flavor.reject("stat", "missing operand", usage: usage, in: process) : flavor.usage("stat", usage, in: process)
        }
        var status: Int32 = 0
        for file in options.operands {
            var path = process.absolute(file)
            if options.has("L") { path = process.fileSystem.resolvingSymlinks(path) }
            guard let entry = process.fileSystem.entry(at: path) else {
                status = process.fail("stat", flavor == .gnu ? "cannot statx '\(file)': No such file or directory" : "can't stat '\(file)': No such file or directory")
                continue
            }
            let facts = FileFacts(name: file, path: path, entry: entry, process: process, flavor: flavor)
            if let format = options.value("p") {
                process.write(facts.format(Self.unescaped(format)))
            } else if let format = options.value("c") {
                process.write(facts.format(format) + "\n")
            } else {
                process.write(facts.report)
            }
        }
        return status
    }

    /// `--printf`'s backslash escapes.
    private static func unescaped(_ text: String) -> String {
        var result = ""
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            guard character == "\\", let next = characters.popFirst() else { result.append(character); continue }
            switch next {
            case "n": result += "\n"
            case "t": result += "\t"
            case "\\": result += "\\"
            default: result += "\\" + String(next)
            }
        }
        return result
    }

    // MARK: readlink

    private func readlink(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-fnv] FILE"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: flavor == .gnu ? "femnqsvz" : "fnv", long: ["canonicalize": "f", "canonicalize-existing": "e", "canonicalize-missing": "m", "no-newline": "n"]))
        } catch {
            return flavor.reject("readlink", error, usage: usage, in: process)
        }
        guard !options.operands.isEmpty else {
            return flavor == .gnu ? flavor.reject("readlink", "missing operand", usage: usage, in: process) : flavor.usage("readlink", usage, in: process)
        }
        let fileSystem = process.fileSystem
        let newline = options.has("n") ? "" : "\n"
        var status: Int32 = 0
        for file in options.operands {
            let path = process.absolute(file)
            if options.has("f") || options.has("e") || options.has("m") {
                let canonical = fileSystem.resolvingSymlinks(path)
                // -f: all but the last part must exist (BusyBox: all of it); -e: all of it; -m: none of it.
                let exists = fileSystem.entry(at: canonical) != nil
                let parentExists = fileSystem.entry(at: LayerPath.parent(of: canonical))?.isDirectory == true
                let found = options.has("m") || (options.has("e") || flavor == .busybox ? exists : parentExists)
                if found { process.write(canonical + newline) } else { status = 1 }
            } else if case .symlink(let target)? = fileSystem.entry(at: path)?.kind {
                process.write(target + newline)
            } else {
                status = 1
            }
        }
        return status
    }

    // MARK: mktemp

    private func mktemp(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) -> Int32 {
        let usage = "[-dt] [-p DIR] [TEMPLATE]"
        let options: ParsedOptions
        do {
            options = try ProgramOptions.parse(arguments, .init(flags: "dqtu", valued: "p", long: ["directory": "d", "quiet": "q", "dry-run": "u", "tmpdir": "p"]))
        } catch {
            return flavor.reject("mktemp", error, usage: usage, in: process)
        }
        // GNU fills ten places by default and needs three X's; BusyBox six and six.
        let places = flavor == .gnu ? 10 : 6
        let template = options.operands.first ?? "tmp." + String(repeating: "X", count: places)
        let temporary = process.variable("TMPDIR").flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let inDirectory = options.has("p") || options.has("t") || options.operands.isEmpty
        let directory = options.value("p").flatMap { $0.isEmpty ? nil : $0 } ?? temporary
        let typed = inDirectory ? (directory.hasSuffix("/") ? directory : directory + "/") + template : template
        let placeholders = template.reversed().prefix { $0 == "X" }.count
        guard placeholders >= (flavor == .gnu ? 3 : 6) else {
            let message = flavor == .gnu ? "too few X's in template '\(template)'" : "(null): Invalid argument"
            return options.has("q") ? 1 : process.fail("mktemp", message)
        }
        let stem = String(typed.dropLast(placeholders))
        // Real names are random; these are not, so transcripts stay the same. They are picked from a
        // digest of the template and each earlier try, and never name an existing file.
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var attempt = 0
        var path: String
        repeat {
            let digest = Array(Digest.sha256(of: "mktemp \(typed) \(attempt)").hex.utf8)
            let suffix = (0..<placeholders).map { letters[Int(digest[$0 % digest.count] &+ UInt8(truncatingIfNeeded: $0 * 7)) % letters.count] }
            path = stem + String(suffix)
            attempt += 1
        } while process.fileSystem.entry(at: process.absolute(path)) != nil && attempt < 1000
        let absolute = process.absolute(path)
        guard process.fileSystem.entry(at: LayerPath.parent(of: absolute))?.isDirectory == true else {
            let kind = options.has("d") ? "directory" : "file"
            let message = flavor == .gnu ? "failed to create \(kind) via template '\(typed)': No such file or directory" : "(null): No such file or directory"
            return options.has("q") ? 1 : process.fail("mktemp", message)
        }
        if !options.has("u") {
            let user = process.user
            process.fileSystem.write(options.has("d")
                ? .directory(absolute, mode: 0o700, uid: user.uid, gid: user.gid)
                : .file(absolute, .text(""), mode: 0o600, uid: user.uid, gid: user.gid))
        }
        process.write(path + "\n")
        return 0
    }
}

/// What `stat` reports of one entry. Times are the entry's modification time for all three (the
/// simulation keeps one); the device is an overlay mount's (major 0) and the inode a number
/// derived from the path, so both stay the same from run to run.
private struct FileFacts {
    let name: String
    let path: String
    let entry: LayerEntry
    let process: any ProcessEnvironment
    let flavor: ToolFlavor

    private static let device = 49

    var size: Int64 { entry.isDirectory ? 4096 : entry.contentSize }
    var blocks: Int64 { LongListing.kilobyteBlocks(entry) * 2 }
    var links: Int {
        guard entry.isDirectory else { return 1 }
        let fileSystem = process.fileSystem
        return 2 + fileSystem.children(of: path).filter { fileSystem.entry(at: path == "/" ? "/" + $0 : path + "/" + $0)?.isDirectory == true }.count
    }

    var inode: Int {
        // FNV-1a of the path, folded to the size of inode numbers on a young filesystem.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in path.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(hash % 16_000_000) + 1_000_000
    }

    var typeName: String {
        switch entry.kind {
        case .directory: "directory"
        case .symlink: "symbolic link"
        case .file(let content): content.size == 0 ? "regular empty file" : "regular file"
        case .characterDevice: "character special file"
        }
    }

    var quotedName: String {
        if case .symlink(let target) = entry.kind { return "'\(name)' -> '\(target)'" }
        return flavor == .gnu ? "'\(name)'" : name
    }

    var time: String { Strftime.format("%Y-%m-%d %H:%M:%S.000000000 +0000", entry.modificationTime) }

    /// The default report, as both builds lay it out (GNU adds a Birth line and writes the device
    /// as major,minor).
    var report: String {
        let accounts = Accounts(of: process)
        func left(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        let shownName: String
        if case .symlink(let target) = entry.kind {
            shownName = flavor == .gnu ? "\(name) -> \(target)" : "'\(name)' -> '\(target)'"
        } else {
            shownName = name
        }
        let device = flavor == .gnu ? "0,\(Self.device)" : "\(String(Self.device, radix: 16))h/\(Self.device)d"
        var lines = [
            "  File: \(shownName)",
            "  Size: \(left(String(size), 10))\tBlocks: \(left(String(blocks), 10)) IO Block: 4096   \(typeName)",
            "Device: \(device)\tInode: \(left(String(inode), 10))  Links: \(links)",
            "Access: (\(format(for: "a").leftPadded(4, with: "0"))/\(LongListing.modeString(entry)))  Uid: (\(right(String(entry.uid), 5))/\(right(accounts.userName(entry.uid), 8)))   Gid: (\(right(String(entry.gid), 5))/\(right(accounts.groupName(entry.gid), 8)))",
            "Access: \(time)", "Modify: \(time)", "Change: \(time)",
        ]
        if flavor == .gnu { lines.append(" Birth: -") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `-c FORMAT`: each `%x` directive filled in; an unknown one stays as written.
    func format(_ format: String) -> String {
        var output = ""
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            guard character == "%", let directive = characters.popFirst() else {
                output.append(character)
                continue
            }
            output += self.format(for: directive)
        }
        return output
    }

    private func format(for directive: Character) -> String {
        let accounts = Accounts(of: process)
        switch directive {
        case "n": return name
        case "N": return quotedName
        case "s": return String(size)
        case "a": return String(entry.mode & 0o7777, radix: 8)
        case "A": return LongListing.modeString(entry)
        case "U": return accounts.userName(entry.uid)
        case "G": return accounts.groupName(entry.gid)
        case "u": return String(entry.uid)
        case "g": return String(entry.gid)
        case "F": return typeName
        case "b": return String(blocks)
        case "B": return "512"
        case "h": return String(links)
        case "i": return String(inode)
        case "o": return "4096"
        case "f":
            let type: UInt32 = switch entry.kind {
            case .directory: 0o040000
            case .file: 0o100000
            case .symlink: 0o120000
            case .characterDevice: 0o020000
            }
            return String(type | (entry.mode & 0o7777), radix: 16)
        case "d": return String(Self.device)
        case "D": return String(Self.device, radix: 16)
        case "t", "T": return "0"
        case "x", "y", "z": return time
        case "X", "Y", "Z": return String(entry.modificationTime)
        case "w": return "-"
        case "W": return "0"
        case "m": return "/"
        case "%": return "%"
        default: return "%" + String(directive)
        }
    }
}

private extension String {
    func leftPadded(_ width: Int, with pad: Character) -> String {
        String(repeating: pad, count: max(0, width - count)) + self
    }
}
