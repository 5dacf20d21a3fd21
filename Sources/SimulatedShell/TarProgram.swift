import Foundation
import LayerStore

/// `tar`: `c`, `x` and `t` on archive files (`-f`), plain or gzip (`-z`; reading also finds gzip
/// by itself, as both builds do), `-C`, `-v`, `-O`, `-k`, `-m`, `-o`, `--strip-components`,
/// `--exclude`, old-style letters (`tar czf a.tgz dir`). Archives are real: written with LayerStore's
/// TarWriter and gzip, read with its TarReader, so `tar czf a.tgz dir && tar xzf a.tgz -C /other`
/// round-trips and an archive from elsewhere unpacks. Folders are archived in the filesystem's
/// order (by name) rather than a directory's on-disk order. An archive on standard input or
/// output is refused: the simulated shell carries text only.
struct TarProgram: ProgramFamily {
    let names: Set<String> = ["tar"]

    /// What a tar command line asks for.
    private struct Request {
        var mode: Character?
        var archive: String?
        var gzip = false
        /// `-a`: gzip when the archive's name ends in `.gz` or `.tgz`.
        var autoCompress = false
        var verbose = false
        var toStandardOutput = false
        var keepOld = false
        var sameOwner = true
        var keepTimes = true
        var absoluteNames = false
        var stripComponents = 0
        var excludes: [String] = []
        /// Each operand with the folder `-C` had made current where it was named.
        var members: [(directory: String, name: String)] = []
        /// Where `x` unpacks: the last `-C`, or the working directory.
        var directory: String
    }

    /// A failure: the lines tar prints, in its build's words, and its status.
    private struct TarError: Error {
        var lines: [String]
        var status: Int32
    }

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        let flavor = ToolFlavor.of("tar", in: process)
        do {
            let request = try parse(arguments, flavor, process)
            return try request.mode == "c" ? create(request, flavor, process) : extract(request, flavor, process)
        } catch {
            for line in error.lines { process.writeError(line + "\n") }
            return error.status
        }
    }

    // MARK: Command line

    private func parse(_ arguments: [String], _ flavor: ToolFlavor, _ process: any ProcessEnvironment) throws(TarError) -> Request {
        var request = Request(directory: process.workingDirectory)
        func usageError(_ message: String) -> TarError {
            switch flavor {
            case .gnu: TarError(lines: ["tar: \(message)", "Try 'tar --help' or 'tar --usage' for more information."], status: 2)
            case .busybox: TarError(lines: ["tar: \(message)", "Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [FILE]..."], status: 1)
            }
        }
        func apply(_ letter: Character, _ value: String?) throws(TarError) {
            switch letter {
            case "c", "x", "t":
                if let mode = request.mode, mode != letter {
                    throw usageError("You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' option")
                }
                request.mode = letter
            case "f": request.archive = value
            case "C":
                // Each -C moves from where the last one left off.
                let given = value ?? ""
                let directory = LayerPath.normalize(given.hasPrefix("/") ? given : request.directory + "/" + given)
                guard process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(directory))?.isDirectory == true else {
                    throw flavor == .gnu
                        ? TarError(lines: ["tar: \(given): Cannot open: No such file or directory", "tar: Error is not recoverable: exiting now"], status: 2)
                        : TarError(lines: ["tar: can't change directory to '\(given)': No such file or directory"], status: 1)
                }
                request.directory = directory
            case "z": request.gzip = true
            case "v": request.verbose = true
            case "O": request.toStandardOutput = true
            case "k": request.keepOld = true
            case "m": request.keepTimes = false
            case "o": request.sameOwner = false
            case "P": request.absoluteNames = true
            case "N": request.stripComponents = max(0, Int(value ?? "") ?? 0)
            case "E": request.excludes.append(value ?? "")
            case "a": request.autoCompress = true
            case "p", "h", "b", "w", "s": break
            case "j", "J", "Z":
                throw TarError(lines: ["layerlab: tar's bzip2, xz and compress formats (-j, -J, -Z) are not simulated; gzip (-z) is"], status: 2)
            default:
                throw usageError("invalid option -- '\(letter)'")
            }
        }
        let valued: Set<Character> = ["f", "C", "b", "N", "E"]
        let long: [String: Character] = [
            "create": "c", "extract": "x", "get": "x", "list": "t", "file": "f", "directory": "C", "gzip": "z", "gunzip": "z", "ungzip": "z",
            "verbose": "v", "to-stdout": "O", "keep-old-files": "k", "touch": "m", "no-same-owner": "o", "absolute-names": "P",
            "strip-components": "N", "exclude": "E", "same-owner": "s", "preserve-permissions": "p", "same-permissions": "p",
            "no-same-permissions": "s", "numeric-owner": "s", "overwrite": "s", "auto-compress": "a", "bzip2": "j", "xz": "J",
        ]
        var words = arguments[...]
        // Old style: a first word without a dash is a bundle of letters whose values follow in order.
        if let first = words.first, !first.hasPrefix("-") {
            words = words.dropFirst()
            for letter in first {
                if valued.contains(letter) {
                    guard let value = words.popFirst() else { throw usageError("option requires an argument -- '\(letter)'") }
                    try apply(letter, value)
                } else {
                    try apply(letter, nil)
                }
            }
        }
        while let word = words.popFirst() {
            if word == "--" {
                for name in words { request.members.append((request.directory, name)) }
                break
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                guard let letter = long[name] else { throw usageError("unrecognized option '\(word)'") }
                var value: String?
                if body.contains("=") {
                    value = String(body.drop { $0 != "=" }.dropFirst())
                } else if valued.contains(letter) {
                    guard let next = words.popFirst() else { throw usageError("option '--\(name)' requires an argument") }
                    value = next
                }
                try apply(letter, value)
            } else if word.hasPrefix("-") && word.count > 1 {
                var letters = word.dropFirst()
                while let letter = letters.popFirst() {
                    if valued.contains(letter) {
                        if letters.isEmpty {
                            guard let next = words.popFirst() else { throw usageError("option requires an argument -- '\(letter)'") }
                            try apply(letter, next)
                        } else {
                            try apply(letter, String(letters))
                        }
                        break
                    }
                    try apply(letter, nil)
                }
            } else {
                request.members.append((request.directory, word))
            }
        }
        guard request.mode != nil else {
            if flavor == .busybox { throw TarError(lines: ["Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [FILE]..."], status: 1) }
            throw usageError("You must specify one of the '-Acdtrux', '--delete' or '--test-label' options")
        }
        guard let archive = request.archive, archive != "-" else {
            throw TarError(lines: [BinaryFiles.pipeRefusal("tar")], status: flavor == .gnu ? 2 : 1)
        }
        return request
    }

    // MARK: Creating

    private func create(_ request: Request, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) throws(TarError) -> Int32 {
        guard !request.members.isEmpty else {
            throw flavor == .gnu
                ? TarError(lines: ["tar: Cowardly refusing to create an empty archive", "Try 'tar --help' or 'tar --usage' for more information."], status: 2)
                : TarError(lines: ["tar: empty archive"], status: 1)
        }
        let archive = request.archive ?? ""
        let archivePath = process.absolute(archive)
        guard process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(LayerPath.parent(of: archivePath)))?.isDirectory == true else {
            throw flavor == .gnu
                ? TarError(lines: ["tar: \(archive): Cannot open: No such file or directory", "tar: Error is not recoverable: exiting now"], status: 2)
                : TarError(lines: ["tar: can't open '\(archive)': No such file or directory"], status: 1)
        }
        if process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(archivePath))?.isDirectory == true {
            throw flavor == .gnu
                ? TarError(lines: ["tar: \(archive): Cannot open: Is a directory", "tar: Error is not recoverable: exiting now"], status: 2)
                : TarError(lines: ["tar: can't open '\(archive)': Is a directory"], status: 1)
        }
        var items: [(name: String, entry: LayerEntry)] = []
        var failed = false
        var toldSlash = false
        var bytes: Int64 = 0
        func collect(_ path: String, name: String) {
            guard let entry = process.fileSystem.entry(at: path) else { return }
            if path == archivePath {
                process.writeError("tar: \(name): file is the archive; not dumped\n")
                return
            }
            if request.excludes.contains(where: { ShellPattern.fnmatch($0, matches: name) || ShellPattern.fnmatch($0, matches: LayerPath.name(of: path)) }) { return }
            if !name.isEmpty {
                items.append((name, entry))
                bytes += entry.contentSize
                if request.verbose { process.write(name + (entry.isDirectory ? "/" : "") + "\n") }
            }
            guard entry.isDirectory else { return }
            for child in process.fileSystem.children(of: path) {
                collect(path == "/" ? "/" + child : path + "/" + child, name: name.isEmpty ? child : name + "/" + child)
            }
        }
        for member in request.members {
            let path = LayerPath.normalize(member.name.hasPrefix("/") ? member.name : member.directory + "/" + member.name)
            guard process.fileSystem.entry(at: path) != nil else {
                process.writeError(flavor == .gnu ? "tar: \(member.name): Cannot stat: No such file or directory\n" : "tar: \(member.name): No such file or directory\n")
                failed = true
                continue
            }
            var name = member.name
            while name.count > 1, name.hasSuffix("/") { name.removeLast() }
            if name.hasPrefix("/") && !request.absoluteNames {
                name = String(name.drop { $0 == "/" })
                if !toldSlash {
                    process.writeError(flavor == .gnu ? "tar: Removing leading `/' from member names\n" : "tar: removing leading '/' from member names\n")
                    toldSlash = true
                }
            }
            collect(path, name: name)
        }
        guard bytes <= Int64(BinaryFiles.limit) else { throw TarError(lines: [BinaryFiles.overLimit("tar", archive)], status: 1) }
        var data = Data()
        withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in data.append(contentsOf: chunk) }) { sink in
            let writer = TarWriter(sink: sink)
            for item in items { writer.write(item.entry, named: item.name) }
            writer.finish()
        }
        let compress = request.gzip || (request.autoCompress && (archive.hasSuffix(".gz") || archive.hasSuffix(".tgz")))
        BinaryFiles.write(compress ? GzipCompressor.compress(data) : data, to: process.fileSystem.resolvingSymlinks(archivePath), mode: 0o644, modificationTime: 0, in: process)
        guard failed else { return 0 }
        throw flavor == .gnu
            ? TarError(lines: ["tar: Exiting with failure status due to previous errors"], status: 2)
            : TarError(lines: ["tar: error exit delayed from previous errors"], status: 1)
    }

    // MARK: Extracting and listing

    private func extract(_ request: Request, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) throws(TarError) -> Int32 {
        let entries = try read(request, flavor, process)
        let accounts = Accounts(of: process)
        let listing = request.mode == "t"
        let user = process.user
        var failed = false
        var toldSlash = false
        var matched = Set<String>()
        let wanted = request.members.map { String($0.name.drop { $0 == "/" }).trimmingSlashes }
        for entry in entries {
            var stored = entry.name
            if stored.hasPrefix("/") && !request.absoluteNames {
                stored = String(stored.drop { $0 == "/" })
                if !toldSlash {
                    process.writeError(flavor == .gnu ? "tar: Removing leading `/' from member names\n" : "tar: removing leading '/' from member names\n")
                    toldSlash = true
                }
            }
            let trimmed = stored.trimmingSlashes
            if !wanted.isEmpty {
                guard let member = wanted.first(where: { trimmed == $0 || trimmed.hasPrefix($0 + "/") || $0 == "." }) else { continue }
                matched.insert(member)
            }
            if request.excludes.contains(where: { ShellPattern.fnmatch($0, matches: trimmed) || ShellPattern.fnmatch($0, matches: LayerPath.name(of: "/" + trimmed)) }) { continue }
            let components = trimmed.split(separator: "/").filter { $0 != "." }
            if components.contains("..") {
                process.writeError("tar: \(stored): Member name contains '..'\n")
                failed = true
                continue
            }
            guard components.count > request.stripComponents else { continue }
            if listing {
                process.write((request.verbose ? Self.longLine(entry, name: stored, flavor, accounts) : stored) + "\n")
                continue
            }
            if request.verbose && !request.toStandardOutput { process.write(stored + "\n") }
            let relative = components.dropFirst(request.stripComponents).joined(separator: "/")
            let target = LayerPath.normalize(request.directory + "/" + relative)
            if request.toStandardOutput {
                if entry.type == UInt8(ascii: "0") || entry.type == 0 {
                    guard let text = BinaryFiles.text(entry.content) else { throw TarError(lines: [BinaryFiles.pipeRefusal("tar")], status: 1) }
                    process.write(text)
                }
                continue
            }
            let existing = process.fileSystem.entry(at: target)
            if request.keepOld, existing != nil, entry.type != UInt8(ascii: "5") {
                process.writeError(flavor == .gnu ? "tar: \(stored): Cannot open: File exists\n" : "tar: can't open '\(stored)': File exists\n")
                failed = true
                continue
            }
            let owner = user.uid == 0 && request.sameOwner ? (entry.uid, entry.gid) : (user.uid, user.gid)
            // Root keeps the archive's modes; anyone else gets them through the default umask, 022.
            let mode = user.uid == 0 ? entry.mode & 0o7777 : entry.mode & 0o777 & ~0o022
            let time = request.keepTimes ? entry.modificationTime : 0
            let kind: LayerEntry.Kind
            switch entry.type {
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symlink(target: entry.linkName)
            case UInt8(ascii: "1"):
                // A hard link: the same content as the file it names, already unpacked.
                let linked = LayerPath.normalize(request.directory + "/" + entry.linkName.split(separator: "/").dropFirst(request.stripComponents).joined(separator: "/"))
                guard case .file(let content)? = process.fileSystem.entry(at: linked)?.kind else {
                    process.writeError("tar: \(stored): Cannot hard link to '\(entry.linkName)': No such file or directory\n")
                    failed = true
                    continue
                }
                kind = .file(content)
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"): kind = .file(.bytes(entry.content))
            default: continue
            }
            process.fileSystem.createDirectories(LayerPath.parent(of: target), uid: user.uid, gid: user.gid)
            if let existing, !(existing.isDirectory && kind == .directory) { process.fileSystem.remove(target) }
            process.fileSystem.write(LayerEntry(path: target, kind: kind, mode: mode, uid: owner.0, gid: owner.1, modificationTime: time))
        }
        for member in wanted where !matched.contains(member) {
            process.writeError(flavor == .gnu ? "tar: \(member): Not found in archive\n" : "tar: \(member): not found in archive\n")
            failed = true
        }
        guard failed else { return 0 }
        throw flavor == .gnu
            ? TarError(lines: ["tar: Exiting with failure status due to previous errors"], status: 2)
            : TarError(lines: [], status: 1)
    }

    /// The archive's entries, gzip or not.
    private func read(_ request: Request, _ flavor: ToolFlavor, _ process: any ProcessEnvironment) throws(TarError) -> [TarReader.Entry] {
        let archive = request.archive ?? ""
        let path = process.absolute(archive)
        guard BinaryFiles.size(path, in: process) <= Int64(BinaryFiles.limit) else { throw TarError(lines: [BinaryFiles.overLimit("tar", archive)], status: 1) }
        guard let data = BinaryFiles.read(path, in: process) else {
            throw flavor == .gnu
                ? TarError(lines: ["tar: \(archive): Cannot open: No such file or directory", "tar: Error is not recoverable: exiting now"], status: 2)
                : TarError(lines: ["tar: can't open '\(archive)': No such file or directory"], status: 1)
        }
        let notGzip = flavor == .gnu
            ? TarError(lines: ["gzip: stdin: not in gzip format", "tar: Child returned status 1", "tar: Error is not recoverable: exiting now"], status: 2)
            : TarError(lines: ["tar: invalid magic", "tar: short read"], status: 1)
        var tar = data
        if GzipDecompressor.isGzip(data) {
            do {
                tar = try GzipDecompressor.decompress(data, limit: BinaryFiles.limit)
            } catch {
                throw error.message.hasPrefix("it decompresses") ? TarError(lines: [BinaryFiles.overLimit("tar", archive)], status: 1) : notGzip
            }
        } else if request.gzip {
            throw notGzip
        }
        let notTar = flavor == .gnu
            ? TarError(lines: ["tar: This does not look like a tar archive", "tar: Exiting with failure status due to previous errors"], status: 2)
            : TarError(lines: [tar.count < 512 ? "tar: short read" : "tar: invalid tar magic"], status: 1)
        guard tar.count >= 512, let entries = try? TarReader.entries(tar) else { throw notTar }
        return entries
    }

    /// `tar tv`'s line: mode, owner/group, size, time, name (BusyBox with seconds, GNU without).
    private static func longLine(_ entry: TarReader.Entry, name: String, _ flavor: ToolFlavor, _ accounts: Accounts) -> String {
        let kind: LayerEntry.Kind = switch entry.type {
        case UInt8(ascii: "5"): .directory
        case UInt8(ascii: "2"): .symlink(target: entry.linkName)
        default: .file(.bytes(Data()))
        }
        var mode = LongListing.modeString(LayerEntry(path: "/", kind: kind, mode: entry.mode))
        if entry.type == UInt8(ascii: "1"), flavor == .gnu { mode = "h" + mode.dropFirst() }
        let owner = accounts.userName(entry.uid) + "/" + accounts.groupName(entry.gid)
        let size = String(entry.type == UInt8(ascii: "5") || entry.type == UInt8(ascii: "2") ? 0 : entry.content.count)
        var suffix = ""
        if entry.type == UInt8(ascii: "2") { suffix = " -> \(entry.linkName)" }
        if entry.type == UInt8(ascii: "1") { suffix = flavor == .gnu ? " link to \(entry.linkName)" : " -> \(entry.linkName)" }
        switch flavor {
        case .gnu:
            // GNU pads owner and size together to 19 columns.
            let gap = max(1, 19 - owner.count - size.count)
            return "\(mode) \(owner)\(String(repeating: " ", count: gap))\(size) \(Strftime.format("%Y-%m-%d %H:%M", entry.modificationTime)) \(name)\(suffix)"
        case .busybox:
            return "\(mode) \(owner) \(String(repeating: " ", count: max(0, 9 - size.count)))\(size) \(Strftime.format("%Y-%m-%d %H:%M:%S", entry.modificationTime)) \(name)\(suffix)"
        }
    }
}

private extension String {
    /// Without trailing slashes (`d/` → `d`), `/` itself left alone.
    var trimmingSlashes: String {
        var text = self
        while text.count > 1, text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
