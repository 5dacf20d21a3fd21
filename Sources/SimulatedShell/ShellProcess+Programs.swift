import Foundation
import LayerlabBasics
import LayerStore
import ShellSyntax

/// The programs layerlab simulates, by the name they are installed under.
extension ShellProcess {
    /// The names of the programs layerlab simulates.
    public static var simulatedPrograms: Set<String> { Set(programTable.keys) }

    var programs: [String: (ShellProcess) -> Implementation] { Self.programTable }

    static var programTable: [String: (ShellProcess) -> Implementation] {
        [
            "cat": { p in p.cat }, "ls": { p in p.ls }, "mkdir": { p in p.mkdir }, "touch": { p in p.touch },
            "rm": { p in p.rm }, "cp": { p in p.cp }, "mv": { p in p.mv }, "ln": { p in p.ln },
            "chmod": { p in p.chmod }, "chown": { p in p.chown }, "env": { p in p.env }, "printenv": { p in p.env },
            "id": { p in p.id }, "whoami": { p in p.whoami }, "hostname": { p in p.hostname }, "uname": { p in p.uname },
            "sleep": { p in p.sleep }, "head": { p in p.headTail(head: true) }, "tail": { p in p.headTail(head: false) },
            "wc": { p in p.wc }, "basename": { p in p.basename }, "dirname": { p in p.dirname }, "which": { p in p.which },
            "sh": { p in p.subshell }, "dash": { p in p.subshell }, "ash": { p in p.subshell }, "bash": { p in p.subshell },
            "grep": { p in p.grep }, "echo": { p in p.builtin("echo")! }, "true": { _ in { _, _ in 0 } },
            "false": { _ in { _, _ in 1 } }, "pwd": { p in p.builtin("pwd")! }, "test": { p in p.builtin("test")! },
            "[": { p in p.builtin("[")! }, "printf": { p in p.builtin("printf")! },
            "apt-get": { p in p.aptGet }, "apt": { p in p.aptGet }, "apk": { p in p.apk },
            "pip": { p in p.pip }, "pip3": { p in p.pip }, "npm": { p in p.npm },
            "curl": { p in p.download }, "wget": { p in p.download },
            "useradd": { p in p.useradd }, "groupadd": { p in p.groupadd },
            "adduser": { p in p.adduser }, "addgroup": { p in p.addgroup },
            "go": { p in p.go }, "make": { p in p.make },
        ]
    }

    /// Splits `-rf` style options off the operands.
    func options(_ arguments: [String]) -> (flags: Set<Character>, operands: [String]) {
        var flags = Set<Character>()
        var operands: [String] = []
        var ended = false
        for argument in arguments {
            if !ended, argument == "--" { ended = true; continue }
            if !ended, argument.hasPrefix("-"), argument.count > 1 {
                if argument.hasPrefix("--") {
                    flags.insert(Character(argument.dropFirst(2).first.map(String.init) ?? "-"))
                } else {
                    flags.formUnion(argument.dropFirst())
                }
            } else {
                operands.append(argument)
            }
        }
        return (flags, operands)
    }

    func fail(_ program: String, _ message: String) -> Int32 {
        output.error("\(program): \(message)\n")
        return 1
    }

    func readText(_ path: String) -> String? {
        guard case .file(let content)? = fileSystem.entry(at: fileSystem.resolvingSymlinks(absolute(path)))?.kind else { return nil }
        return String(decoding: content.data, as: UTF8.self)
    }

    /// busybox `ls`: operands that are not folders first, then each folder (both sorted), `-a` with
    /// `.` and `..`, `-l`/`-n` in busybox's columns with a `total` of 1K blocks for a folder.
    var ls: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            let long = flags.contains("l") || flags.contains("n")
            var status: Int32 = 0
            var files: [(typed: String, path: String)] = []
            var folders: [(typed: String, path: String)] = []
            for target in (operands.isEmpty ? ["."] : operands) {
                let path = self.absolute(target)
                guard let entry = self.fileSystem.entry(at: self.fileSystem.resolvingSymlinks(path)) else {
                    status = self.fail("ls", "cannot access '\(target)': No such file or directory")
                    continue
                }
                if entry.isDirectory && !flags.contains("d") { folders.append((target, path)) } else { files.append((target, path)) }
            }
            files.sort { $0.typed < $1.typed }
            folders.sort { $0.typed < $1.typed }
            for file in files {
                self.output.out((long ? self.longLine(file.typed, file.path, numeric: flags.contains("n")) : file.typed) + "\n")
            }
            let headed = files.count + folders.count > 1
            for (index, folder) in folders.enumerated() {
                if headed { self.output.out((index > 0 || !files.isEmpty ? "\n" : "") + "\(folder.typed):\n") }
                let resolved = self.fileSystem.resolvingSymlinks(folder.path)
                var names = self.fileSystem.children(of: resolved)
                if !flags.contains("a") && !flags.contains("A") { names = names.filter { !$0.hasPrefix(".") } }
                let paths = names.map { resolved == "/" ? "/" + $0 : resolved + "/" + $0 }
                var listed = Array(zip(names, paths))
                if flags.contains("a") { listed = [(".", resolved), ("..", LayerPath.parent(of: resolved))] + listed }
                if long {
                    let blocks = listed.compactMap { self.fileSystem.entry(at: $0.1) }.reduce(0) { $0 + Self.kilobyteBlocks($1) }
                    self.output.out("total \(blocks)\n")
                }
                for (name, path) in listed {
                    self.output.out((long ? self.longLine(name, path, numeric: flags.contains("n")) : name) + "\n")
                }
            }
            return status
        }
    }

    /// The 1K blocks a file takes on a 4K-block filesystem, as `ls -l`'s total counts them.
    static func kilobyteBlocks(_ entry: LayerEntry) -> Int {
        switch entry.kind {
        case .directory: 4
        case .symlink: 0
        case .file: Int((entry.contentSize + 4095) / 4096) * 4
        }
    }

    /// One `ls -l` line as busybox prints it: mode, links, owner and group (numbers with -n), size, time, name.
    func longLine(_ name: String, _ path: String, numeric: Bool = false) -> String {
        guard let entry = fileSystem.entry(at: path) else { return name }
        let kind: String
        var suffix = ""
        var size = entry.contentSize
        var links = 1
        switch entry.kind {
        case .directory:
            kind = "d"
            size = 4096
            links = 2 + fileSystem.children(of: path).filter { fileSystem.entry(at: path == "/" ? "/" + $0 : path + "/" + $0)?.isDirectory == true }.count
        case .file: kind = "-"
        case .symlink(let target):
            kind = "l"
            suffix = " -> \(target)"
            size = Int64(target.utf8.count)
        }
        let letters = Array("rwxrwxrwx")
        let bits = (0..<9).map { entry.mode & (1 << (8 - UInt32($0))) != 0 ? letters[$0] : "-" }
        let owner = numeric ? String(entry.uid) : String(userName(entry.uid).prefix(8))
        let group = numeric ? String(entry.gid) : String(groupName(entry.gid).prefix(8))
        func padded(_ text: String, _ width: Int, left: Bool) -> String {
            let room = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + room : room + text
        }
        return "\(kind)\(String(bits)) \(padded(String(links), 4, left: false)) \(padded(owner, 8, left: true)) \(padded(group, 8, left: true)) "
            + "\(padded(String(size), 9, left: false)) \(Self.listingTime(entry.modificationTime)) \(name)\(suffix)"
    }

    /// busybox's `ls -l` time for a file older than six months, `Mon DD  YYYY` (layerlab's files keep
    /// the fixed time the builder gives them, 1970, as it does not track when they were written).
    static func listingTime(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd  yyyy"
        var text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        // The day is padded with a space, not a zero.
        let dayStart = text.index(text.startIndex, offsetBy: 4)
        if text[dayStart] == "0" { text.replaceSubrange(dayStart...dayStart, with: " ") }
        return text
    }

    var mkdir: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            var status: Int32 = 0
            for operand in operands {
                let path = self.absolute(operand)
                if self.fileSystem.entry(at: path) != nil {
                    if !flags.contains("p") { status = self.fail("mkdir", "can't create directory '\(operand)': File exists") }
                    continue
                }
                let missing = self.fileSystem.missingDirectories(to: path)
                if missing.count > 1 && !flags.contains("p") {
                    status = self.fail("mkdir", "can't create directory '\(operand)': No such file or directory")
                    continue
                }
                self.fileSystem.createDirectories(path, uid: self.user.uid, gid: self.user.gid)
            }
            return status
        }
    }

    var touch: Implementation {
        { arguments, _ in
            var status: Int32 = 0
            for operand in self.options(arguments).operands {
                let path = self.absolute(operand)
                if self.fileSystem.entry(at: path) != nil { continue }
                if !self.writeFile(path, "", append: false) { status = 1 }
            }
            return status
        }
    }

    var rm: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            let recursive = flags.contains("r") || flags.contains("R")
            var status: Int32 = 0
            for operand in operands {
                let path = self.absolute(operand)
                guard let entry = self.fileSystem.entry(at: path) else {
                    if !flags.contains("f") { status = self.fail("rm", "can't remove '\(operand)': No such file or directory") }
                    continue
                }
                if entry.isDirectory && !recursive {
                    status = self.fail("rm", "'\(operand)' is a directory")
                    continue
                }
                self.fileSystem.remove(path)
            }
            return status
        }
    }

    /// Copies a file or (with -r) a tree to a destination path.
    func copyTree(from source: String, to destination: String) {
        guard var entry = fileSystem.entry(at: source) else { return }
        entry.path = destination
        entry.uid = user.uid
        entry.gid = user.gid
        fileSystem.write(entry)
        if entry.isDirectory {
            for name in fileSystem.children(of: source) { copyTree(from: source + "/" + name, to: destination + "/" + name) }
        }
    }

    func transfer(_ arguments: [String], program: String, move: Bool) -> Int32 {
        let (flags, operands) = options(arguments)
        guard operands.count >= 2 else { return fail(program, "missing file operand") }
        let destination = absolute(operands.last!)
        let destinationIsDirectory = fileSystem.entry(at: fileSystem.resolvingSymlinks(destination))?.isDirectory == true
        var status: Int32 = 0
        for operand in operands.dropLast() {
            let source = absolute(operand)
            guard let entry = fileSystem.entry(at: source) else {
                status = fail(program, "can't stat '\(operand)': No such file or directory")
                continue
            }
            if entry.isDirectory && !move && !(flags.contains("r") || flags.contains("R") || flags.contains("a")) {
                status = fail(program, "omitting directory '\(operand)'")
                continue
            }
            let target = destinationIsDirectory ? fileSystem.resolvingSymlinks(destination) + "/" + (source.split(separator: "/").last.map(String.init) ?? "") : destination
            copyTree(from: source, to: LayerPath.normalize(target))
            if move { fileSystem.remove(source) }
        }
        return status
    }

    var cp: Implementation { { arguments, _ in self.transfer(arguments, program: "cp", move: false) } }
    var mv: Implementation { { arguments, _ in self.transfer(arguments, program: "mv", move: true) } }

    var ln: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            guard flags.contains("s"), operands.count == 2 else { return self.fail("ln", "layerlab simulates symbolic links only (ln -s TARGET NAME)") }
            var path = self.absolute(operands[1])
            if self.fileSystem.entry(at: path)?.isDirectory == true {
                path += "/" + (operands[0].split(separator: "/").last.map(String.init) ?? operands[0])
            }
            if self.fileSystem.entry(at: path) != nil {
                guard flags.contains("f") else { return self.fail("ln", "\(operands[1]): File exists") }
                self.fileSystem.remove(path)
            }
            self.fileSystem.write(.symlink(path, to: operands[0]))
            return 0
        }
    }

    var chmod: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments.filter { !$0.hasPrefix("+") })
            let modeText = arguments.first { $0.hasPrefix("+") } ?? operands.first ?? ""
            let files = arguments.contains { $0.hasPrefix("+") } ? operands : Array(operands.dropFirst())
            var status: Int32 = 0
            for file in files {
                let path = self.absolute(file)
                guard var entry = self.fileSystem.entry(at: path) else {
                    status = self.fail("chmod", "\(file): No such file or directory")
                    continue
                }
                // A mode that does not parse leaves the file as it was.
                entry.mode = FileModeExpression.apply(modeText, to: entry.mode) ?? entry.mode
                self.fileSystem.write(entry)
                if flags.contains("R"), entry.isDirectory {
                    for name in self.fileSystem.children(of: path) { _ = self.chmod([modeText, file + "/" + name], "") }
                }
            }
            return status
        }
    }

    var chown: Implementation {
        { arguments, _ in
            let (flags, operands) = self.options(arguments)
            guard operands.count >= 2 else { return self.fail("chown", "missing operand") }
            let owner = operands[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let uid = self.lookupUID(owner[0]) else { return self.fail("chown", "unknown user \(owner[0])") }
            let gid = owner.count > 1 && !owner[1].isEmpty ? self.lookupGID(owner[1]) : nil
            var status: Int32 = 0
            func apply(_ path: String) {
                guard var entry = self.fileSystem.entry(at: path) else { return }
                entry.uid = uid
                if let gid { entry.gid = gid }
                self.fileSystem.write(entry)
                if flags.contains("R"), entry.isDirectory {
                    for name in self.fileSystem.children(of: path) { apply(path + "/" + name) }
                }
            }
            for file in operands.dropFirst() {
                let path = self.absolute(file)
                guard self.fileSystem.entry(at: path) != nil else {
                    status = self.fail("chown", "\(file): No such file or directory")
                    continue
                }
                apply(path)
            }
            return status
        }
    }

    var env: Implementation {
        { _, _ in
            for key in self.environment.keys.sorted() { self.output.out("\(key)=\(self.environment[key]!)\n") }
            return 0
        }
    }

    var id: Implementation {
        { arguments, _ in
            var user = self.user
            if let name = arguments.first(where: { !$0.hasPrefix("-") }) {
                guard let found = self.resolveUser(name) else {
                    self.output.error("id: '\(name)': no such user\n")
                    return 1
                }
                user = found
            }
            // -u and -g print one number, or with -n its name (`id -un`).
            let letters = Set(arguments.filter { $0.hasPrefix("-") }.flatMap { $0.dropFirst() })
            if letters.contains("u") {
                self.output.out((letters.contains("n") ? user.name : String(user.uid)) + "\n")
            } else if letters.contains("g") {
                self.output.out((letters.contains("n") ? self.groupName(user.gid) : String(user.gid)) + "\n")
            } else {
                // As busybox prints it: a name only where passwd or group has one, then every group.
                func named(_ number: Int, _ name: String) -> String { name == String(number) ? "\(number)" : "\(number)(\(name))" }
                let member = self.groupLines().filter { $0.count > 3 && $0[3].split(separator: ",").contains { $0 == user.name } }
                    .compactMap { Int($0[2]) }.filter { $0 != user.gid }
                let groups = ([user.gid] + member).map { named($0, self.groupName($0)) }.joined(separator: ",")
                self.output.out("uid=\(named(user.uid, self.userName(user.uid))) gid=\(named(user.gid, self.groupName(user.gid))) groups=\(groups)\n")
            }
            return 0
        }
    }

    var whoami: Implementation {
        { _, _ in
            self.output.out(self.user.name + "\n")
            return 0
        }
    }

    var hostname: Implementation {
        { _, _ in
            self.output.out((self.variable("HOSTNAME") ?? self.readText("/etc/hostname")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "localhost") + "\n")
            return 0
        }
    }

    var uname: Implementation {
        { arguments, _ in
            let (flags, _) = self.options(arguments)
            if flags.contains("m") { self.output.out("x86_64\n") } else if flags.contains("a") {
                self.output.out("Linux \(self.variable("HOSTNAME") ?? "localhost") 6.8.0-layerlab #1 SMP x86_64 GNU/Linux\n")
            } else { self.output.out("Linux\n") }
            return 0
        }
    }

    /// Time passes only on paper: a container whose process sleeps stays up that long by the clock.
    var sleep: Implementation {
        { arguments, _ in
            for argument in arguments {
                let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
                var text = argument
                var factor = 1.0
                if let last = text.last, let unit = units[last] {
                    factor = unit
                    text.removeLast()
                }
                guard let value = Double(text) else { return self.fail("sleep", "invalid number '\(argument)'") }
                self.elapsedSeconds += value * factor
            }
            return 0
        }
    }

    var basename: Implementation {
        { arguments, _ in
            guard let path = arguments.first else { return self.fail("basename", "missing operand") }
            var name = path.split(separator: "/").last.map(String.init) ?? "/"
            if arguments.count > 1, name.hasSuffix(arguments[1]), name != arguments[1] { name.removeLast(arguments[1].count) }
            self.output.out(name + "\n")
            return 0
        }
    }

    var dirname: Implementation {
        { arguments, _ in
            guard let path = arguments.first else { return self.fail("dirname", "missing operand") }
            let parts = path.split(separator: "/")
            self.output.out((parts.count <= 1 ? (path.hasPrefix("/") ? "/" : ".") : (path.hasPrefix("/") ? "/" : "") + parts.dropLast().joined(separator: "/")) + "\n")
            return 0
        }
    }

    var which: Implementation {
        { arguments, _ in
            var status: Int32 = 0
            for name in arguments {
                if let path = self.lookup(name) { self.output.out(path + "\n") } else { status = 1 }
            }
            return status
        }
    }

    /// `sh -c SCRIPT [NAME ARGS…]`, or `sh FILE ARGS…`: a child shell, so its variables, options
    /// and directory do not reach the shell that started it; it sees only exported variables.
    var subshell: Implementation {
        { arguments, input in
            self.shellDepth += 1
            defer { self.shellDepth -= 1 }
            guard self.shellDepth <= self.limits.nestedShells else {
                self.stop(.nesting(self.limits.nestedShells))
                return self.stopped?.status ?? 1
            }
            let parent = (variables: self.shellVariables, environment: self.environment, directory: self.workingDirectory,
                          errexit: self.errexit, xtrace: self.xtrace)
            self.shellVariables = [:]
            self.errexit = false
            self.xtrace = false
            defer {
                self.shellVariables = parent.variables
                self.environment = parent.environment
                self.workingDirectory = parent.directory
                self.errexit = parent.errexit
                self.xtrace = parent.xtrace
            }
            var arguments = arguments
            var script: String?
            while let first = arguments.first, first.hasPrefix("-") {
                arguments.removeFirst()
                if first.contains("c") { script = arguments.isEmpty ? nil : arguments.removeFirst() }
                if first.contains("e") { self.errexit = true }
                if first.contains("x") { self.xtrace = true }
            }
            // `sh FILE ARGS`: $0 is the file; `sh -c SCRIPT NAME ARGS`: $0 is NAME.
            if script == nil, let file = arguments.first {
                guard let text = self.readText(file) else { return self.fail("sh", "can't open '\(file)': No such file or directory") }
                script = text
            }
            guard let script else {
                if input.isEmpty { self.waitsForTerminal = true }
                return 0
            }
            let savedPositional = self.positional
            let savedZero = self.argumentZero
            self.argumentZero = arguments.first ?? self.argumentZero
            self.positional = Array(arguments.dropFirst())
            defer {
                self.positional = savedPositional
                self.argumentZero = savedZero
            }
            guard let parsed = try? ShellParser().parse(script) else {
                self.output.error("\(self.shellPath): 1: syntax error\n")
                return 2
            }
            let status = self.execute(parsed, input: input)
            let result = self.exitRequest ?? status
            self.exitRequest = nil
            return result
        }
    }
}
