import Foundation
import LayerlabBasics
import LayerStore

/// The small programs every image has (coreutils, or BusyBox's applets of the same names): files,
/// who the process is, and the utilities that are shell builtins too (`echo`, `test`), which run
/// from here whether the shell has them built in or finds them in PATH.
struct Coreutils: ProgramFamily {
    let names: Set<String> = [
        "ls", "mkdir", "touch", "rm", "cp", "mv", "ln", "chmod", "chown", "env", "printenv", "id", "whoami", "hostname", "uname",
        "sleep", "basename", "dirname", "which", "echo", "printf", "pwd", "test", "[", "true", "false",
    ]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        switch name {
        case "ls": return ls(arguments, process)
        case "mkdir": return mkdir(arguments, process)
        case "touch": return touch(arguments, process)
        case "rm": return rm(arguments, process)
        case "cp": return transfer(arguments, program: "cp", move: false, process)
        case "mv": return transfer(arguments, program: "mv", move: true, process)
        case "ln": return ln(arguments, process)
        case "chmod": return chmod(arguments, process)
        case "chown": return chown(arguments, process)
        case "env", "printenv": return env(name, arguments, process)
        case "id": return id(arguments, process)
        case "whoami":
            process.write(process.user.name + "\n")
            return 0
        case "hostname":
            process.write((process.variable("HOSTNAME") ?? process.readText("/etc/hostname")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "localhost") + "\n")
            return 0
        case "uname": return uname(arguments, process)
        case "sleep": return sleep(arguments, process)
        case "basename": return basename(arguments, process)
        case "dirname": return dirname(arguments, process)
        case "which": return which(arguments, process)
        case "echo": return echo(arguments, process)
        case "printf": return printf(arguments, process)
        case "pwd":
            process.write(process.workingDirectory + "\n")
            return 0
        case "test", "[": return test(name, arguments, process)
        case "true": return 0
        case "false": return 1
        default: preconditionFailure("\(name) is not one of Coreutils' programs")
        }
    }

    /// `ls` as the image's build prints it: operands that are not folders first, then each folder
    /// (both sorted), `-a` with `.` and `..`, `-A` without, `-d` the folder itself, `-l`/`-n` in the
    /// build's columns (`LongListing`) with a `total` of 1K blocks, `-h` readable sizes. A symlink
    /// operand is followed to its folder, except by `-l`, which shows the link.
    private func ls(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        let flavor = ToolFlavor.of("ls", in: process)
        let fileSystem = process.fileSystem
        let long = flags.contains("l") || flags.contains("n")
        var status: Int32 = 0
        var files: [(name: String, path: String)] = []
        var folders: [(name: String, path: String)] = []
        for target in (operands.isEmpty ? ["."] : operands) {
            let path = process.absolute(target)
            let followed = fileSystem.resolvingSymlinks(path)
            guard let entry = fileSystem.entry(at: followed) ?? (long ? fileSystem.entry(at: path) : nil) else {
                switch flavor {
                case .gnu:
                    process.writeError("ls: cannot access '\(target)': No such file or directory\n")
                    status = 2
                case .busybox:
                    status = process.fail("ls", "\(target): No such file or directory")
                }
                continue
            }
            var isLink = false
            if case .symlink? = fileSystem.entry(at: path)?.kind { isLink = true }
            if entry.isDirectory && !flags.contains("d") && !(long && isLink) {
                folders.append((target, followed))
            } else {
                files.append((target, long ? path : followed))
            }
        }
        files.sort { $0.name < $1.name }
        folders.sort { $0.name < $1.name }
        let listing = long ? LongListing(process, numeric: flags.contains("n"), human: flags.contains("h"), flavor: flavor) : nil
        for line in listing?.lines(files) ?? files.map(\.name) { process.write(line + "\n") }
        let headed = files.count + folders.count > 1
        for (index, folder) in folders.enumerated() {
            if headed { process.write((index > 0 || !files.isEmpty ? "\n" : "") + "\(folder.name):\n") }
            var children = fileSystem.children(of: folder.path)
            if !flags.contains("a") && !flags.contains("A") { children = children.filter { !$0.hasPrefix(".") } }
            var listed = children.map { (name: $0, path: folder.path == "/" ? "/" + $0 : folder.path + "/" + $0) }
            if flags.contains("a") { listed = [(name: ".", path: folder.path), (name: "..", path: LayerPath.parent(of: folder.path))] + listed }
            if let listing {
                let blocks = listing.totalBlocks(listed.map(\.path))
                process.write("total \(flavor == .gnu && flags.contains("h") ? HumanSize.format(blocks * 1024, .gnu) : String(blocks))\n")
            }
            for line in listing?.lines(listed) ?? listed.map(\.name) { process.write(line + "\n") }
        }
        return status
    }

    private func mkdir(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        var status: Int32 = 0
        for operand in operands {
            let path = process.absolute(operand)
            if process.fileSystem.entry(at: path) != nil {
                if !flags.contains("p") { status = process.fail("mkdir", "can't create directory '\(operand)': File exists") }
                continue
            }
            if process.fileSystem.missingDirectories(to: path).count > 1 && !flags.contains("p") {
                status = process.fail("mkdir", "can't create directory '\(operand)': No such file or directory")
                continue
            }
            process.ensureDirectory(path)
        }
        return status
    }

    private func touch(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        var status: Int32 = 0
        for operand in ProgramOptions.split(arguments).operands {
            let path = process.absolute(operand)
            if process.fileSystem.entry(at: path) != nil { continue }
            if !process.writeFile(path, "", append: false) { status = 1 }
        }
        return status
    }

    private func rm(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        let recursive = flags.contains("r") || flags.contains("R")
        var status: Int32 = 0
        for operand in operands {
            let path = process.absolute(operand)
            guard let entry = process.fileSystem.entry(at: path) else {
                if !flags.contains("f") { status = process.fail("rm", "can't remove '\(operand)': No such file or directory") }
                continue
            }
            if entry.isDirectory && !recursive {
                status = process.fail("rm", "'\(operand)' is a directory")
                continue
            }
            process.fileSystem.remove(path)
        }
        return status
    }

    /// `cp` and `mv`: each source to the destination, or into it when it is a folder.
    private func transfer(_ arguments: [String], program: String, move: Bool, _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard operands.count >= 2 else { return process.fail(program, "missing file operand") }
        let destination = process.absolute(operands.last!)
        let destinationIsDirectory = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(destination))?.isDirectory == true
        var status: Int32 = 0
        for operand in operands.dropLast() {
            let source = process.absolute(operand)
            guard let entry = process.fileSystem.entry(at: source) else {
                status = process.fail(program, "can't stat '\(operand)': No such file or directory")
                continue
            }
            if entry.isDirectory && !move && !(flags.contains("r") || flags.contains("R") || flags.contains("a")) {
                status = process.fail(program, "omitting directory '\(operand)'")
                continue
            }
            let target = destinationIsDirectory
                ? process.fileSystem.resolvingSymlinks(destination) + "/" + (source.split(separator: "/").last.map(String.init) ?? "")
                : destination
            copyTree(from: source, to: LayerPath.normalize(target), process)
            if move { process.fileSystem.remove(source) }
        }
        return status
    }

    /// Copies a file or a whole tree to a destination path, owned by the process's user.
    private func copyTree(from source: String, to destination: String, _ process: any ProcessEnvironment) {
        guard var entry = process.fileSystem.entry(at: source) else { return }
        entry.path = destination
        entry.uid = process.user.uid
        entry.gid = process.user.gid
        process.fileSystem.write(entry)
        if entry.isDirectory {
            for name in process.fileSystem.children(of: source) { copyTree(from: source + "/" + name, to: destination + "/" + name, process) }
        }
    }

    private func ln(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard flags.contains("s"), operands.count == 2 else { return process.fail("ln", "layerlab simulates symbolic links only (ln -s TARGET NAME)") }
        var path = process.absolute(operands[1])
        if process.fileSystem.entry(at: path)?.isDirectory == true {
            path += "/" + (operands[0].split(separator: "/").last.map(String.init) ?? operands[0])
        }
        if process.fileSystem.entry(at: path) != nil {
            guard flags.contains("f") else { return process.fail("ln", "\(operands[1]): File exists") }
            process.fileSystem.remove(path)
        }
        process.fileSystem.write(.symlink(path, to: operands[0]))
        return 0
    }

    private func chmod(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments.filter { !$0.hasPrefix("+") })
        let modeText = arguments.first { $0.hasPrefix("+") } ?? operands.first ?? ""
        let files = arguments.contains { $0.hasPrefix("+") } ? operands : Array(operands.dropFirst())
        var status: Int32 = 0
        for file in files {
            let path = process.absolute(file)
            guard var entry = process.fileSystem.entry(at: path) else {
                status = process.fail("chmod", "\(file): No such file or directory")
                continue
            }
            // A mode that does not parse leaves the file as it was.
            entry.mode = FileModeExpression.apply(modeText, to: entry.mode) ?? entry.mode
            process.fileSystem.write(entry)
            if flags.contains("R"), entry.isDirectory {
                for name in process.fileSystem.children(of: path) { _ = chmod([modeText, file + "/" + name], process) }
            }
        }
        return status
    }

    private func chown(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard operands.count >= 2 else { return process.fail("chown", "missing operand") }
        let accounts = Accounts(of: process)
        let owner = operands[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard let uid = accounts.uid(owner[0]) else { return process.fail("chown", "unknown user \(owner[0])") }
        let gid = owner.count > 1 && !owner[1].isEmpty ? accounts.gid(owner[1]) : nil
        var status: Int32 = 0
        func apply(_ path: String) {
            guard var entry = process.fileSystem.entry(at: path) else { return }
            entry.uid = uid
            if let gid { entry.gid = gid }
            process.fileSystem.write(entry)
            if flags.contains("R"), entry.isDirectory {
                for name in process.fileSystem.children(of: path) { apply(path + "/" + name) }
            }
        }
        for file in operands.dropFirst() {
            let path = process.absolute(file)
            guard process.fileSystem.entry(at: path) != nil else {
                status = process.fail("chown", "\(file): No such file or directory")
                continue
            }
            apply(path)
        }
        return status
    }

    /// The variables in the order Docker's runtime sets them (`docker run --rm -e A=1 refbox:1 env` on
    /// the reference engine: PATH, HOSTNAME, the container's in order, HOME last, as runc adds it);
    /// what the shell exported since follows, by name. `printenv NAME` prints one value; `env NAME=VALUE
    /// COMMAND` runs the command with those variables, as entrypoints do.
    private func env(_ name: String, _ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let environment = process.environment
        if name == "printenv", !arguments.isEmpty {
            var status: Int32 = 0
            for variable in arguments {
                if let value = environment[variable] { process.write(value + "\n") } else { status = 1 }
            }
            return status
        }
        if let option = arguments.first, option.hasPrefix("-") {
            return process.refuse("layerlab: env's options (\(option)) are not simulated")
        }
        let assignments = arguments.prefix { $0.contains("=") }
        let command = arguments.dropFirst(assignments.count)
        if !command.isEmpty {
            func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let settings = assignments.map { entry -> String in
                let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return String(parts[0]) + "=" + quoted(parts.count > 1 ? String(parts[1]) : "")
            }
            return process.runShell(["-c", (settings + command.map(quoted)).joined(separator: " ")], standardInput: "")
        }
        var values = environment
        var added: [String] = []
        for entry in assignments {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            if values[parts[0]] == nil { added.append(parts[0]) }
            values[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let ordered = ["PATH", "HOSTNAME"] + process.environmentOrder
        // HOME comes last unless `-e HOME=…` placed it.
        let homeLast = !ordered.contains("HOME")
        var names: [String] = []
        for variable in ordered + environment.keys.sorted() where !(homeLast && variable == "HOME") && !names.contains(variable) {
            names.append(variable)
        }
        if homeLast { names.append("HOME") }
        for variable in names + added {
            if let value = values[variable] { process.write("\(variable)=\(value)\n") }
        }
        return 0
    }

    private func id(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let accounts = Accounts(of: process)
        var user = process.user
        if let name = arguments.first(where: { !$0.hasPrefix("-") }) {
            guard let found = accounts.user(name) else {
                process.writeError("id: '\(name)': no such user\n")
                return 1
            }
            user = found
        }
        // -u and -g print one number, or with -n its name (`id -un`).
        let letters = Set(arguments.filter { $0.hasPrefix("-") }.flatMap { $0.dropFirst() })
        if letters.contains("u") {
            process.write((letters.contains("n") ? user.name : String(user.uid)) + "\n")
        } else if letters.contains("g") {
            process.write((letters.contains("n") ? accounts.groupName(user.gid) : String(user.gid)) + "\n")
        } else {
            // As busybox prints it: a name only where passwd or group has one, then every group.
            func named(_ number: Int, _ name: String) -> String { name == String(number) ? "\(number)" : "\(number)(\(name))" }
            let member = accounts.groups.filter { $0.count > 3 && $0[3].split(separator: ",").contains { $0 == user.name } }
                .compactMap { Int($0[2]) }.filter { $0 != user.gid }
            let groups = ([user.gid] + member).map { named($0, accounts.groupName($0)) }.joined(separator: ",")
            process.write("uid=\(named(user.uid, accounts.userName(user.uid))) gid=\(named(user.gid, accounts.groupName(user.gid))) groups=\(groups)\n")
        }
        return 0
    }

    private func uname(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, _) = ProgramOptions.split(arguments)
        if flags.contains("m") {
            process.write("x86_64\n")
        } else if flags.contains("a") {
            process.write("Linux \(process.variable("HOSTNAME") ?? "localhost") 6.8.0-layerlab #1 SMP x86_64 GNU/Linux\n")
        } else {
            process.write("Linux\n")
        }
        return 0
    }

    /// Time passes only on paper: a container whose process sleeps stays up that long by the clock.
    private func sleep(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        for argument in arguments {
            let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
            var text = argument
            var factor = 1.0
            if let last = text.last, let unit = units[last] {
                factor = unit
                text.removeLast()
            }
            guard let value = Double(text) else { return process.fail("sleep", "invalid number '\(argument)'") }
            process.sleep(seconds: value * factor)
        }
        return 0
    }

    private func basename(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        guard let path = arguments.first else { return process.fail("basename", "missing operand") }
        var name = path.split(separator: "/").last.map(String.init) ?? "/"
        if arguments.count > 1, name.hasSuffix(arguments[1]), name != arguments[1] { name.removeLast(arguments[1].count) }
        process.write(name + "\n")
        return 0
    }

    private func dirname(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        guard let path = arguments.first else { return process.fail("dirname", "missing operand") }
        let parts = path.split(separator: "/")
        process.write((parts.count <= 1 ? (path.hasPrefix("/") ? "/" : ".") : (path.hasPrefix("/") ? "/" : "") + parts.dropLast().joined(separator: "/")) + "\n")
        return 0
    }

    private func which(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        var status: Int32 = 0
        for name in arguments {
            if let path = process.lookup(name) { process.write(path + "\n") } else { status = 1 }
        }
        return status
    }

    private func echo(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        var words = arguments
        var newline = true
        if words.first == "-n" { newline = false; words.removeFirst() }
        process.write(words.joined(separator: " ") + (newline ? "\n" : ""))
        return 0
    }

    private func printf(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        guard let format = arguments.first else {
            process.writeError("printf: usage: printf format [arg ...]\n")
            return 2
        }
        process.write(Printf.format(format, Array(arguments.dropFirst())))
        return 0
    }

    /// `test EXPRESSION` and `[ EXPRESSION ]`.
    private func test(_ name: String, _ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        var arguments = arguments
        if name == "[" {
            guard arguments.last == "]" else {
                process.writeError("\(process.shellPath): 1: [: missing ]\n")
                return 2
            }
            arguments.removeLast()
        }
        return TestExpression(arguments: arguments).holds(in: process) ? 0 : 1
    }
}
