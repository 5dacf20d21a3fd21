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
        // GNU ls exits 2 for an operand it cannot reach or open, BusyBox 1.
        func failed(_ message: String) {
            process.writeError("ls: \(message)\n")
            status = flavor == .gnu ? 2 : 1
        }
        var files: [(name: String, path: String)] = []
        var folders: [(name: String, path: String)] = []
        for target in (operands.isEmpty ? ["."] : operands) {
            let path = process.absolute(target)
            let followed = fileSystem.resolvingSymlinks(path)
            let denial = process.denial(.lookup, path)
            guard denial == nil, let entry = fileSystem.entry(at: followed) ?? (long ? fileSystem.entry(at: path) : nil) else {
                let reason = denial?.reason ?? "No such file or directory"
                failed(flavor == .gnu ? "cannot access '\(target)': \(reason)" : "\(target): \(reason)")
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
            if let denial = process.denial(.read, folder.path) {
                failed(flavor == .gnu ? "cannot open directory '\(folder.name)': \(denial.reason)" : "can't open '\(folder.name)': \(denial.reason)")
                continue
            }
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

    /// `mkdir` and `mkdir -p`: each folder made needs write and search on the one above it. With -p
    /// a failure names the folder that could not be made, as far as the operand goes: BusyBox adds a
    /// `/` when more was to follow, GNU names the folder it could not enter.
    private func mkdir(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        let busybox = process.flavor.hasBusyBox
        var status: Int32 = 0
        func failed(_ shown: String, _ reason: String) {
            status = process.fail("mkdir", busybox ? "can't create directory '\(shown)': \(reason)" : "cannot create directory '\(shown)': \(reason)")
        }
        for operand in operands {
            let path = process.absolute(operand)
            // The folders to make: from the first the user cannot see (missing, or behind a folder they
            // may not search, where mkdir fails before it could find it there).
            var prefixes: [String] = []
            for name in path.split(separator: "/") { prefixes.append((prefixes.last ?? "") + "/" + String(name)) }
            let hidden = prefixes.firstIndex { process.fileSystem.entry(at: $0) == nil || process.denial(.lookup, $0) != nil }
            let missing = hidden.map { Array(prefixes[$0...]) } ?? []
            if missing.isEmpty {
                if !flags.contains("p") { failed(operand, "File exists") }
                continue
            }
            if missing.count > 1 && !flags.contains("p") {
                failed(operand, process.denial(.lookup, path)?.reason ?? "No such file or directory")
                continue
            }
            for (index, folder) in missing.enumerated() {
                if let denial = process.denial(.create, folder) {
                    // The operand cut down to the folder that failed (GNU: to the one it could not enter).
                    let blamesParent = !busybox && process.denial(.lookup, folder) != nil
                    let dropped = missing.count - 1 - index + (blamesParent ? 1 : 0)
                    let parts = operand.split(separator: "/")
                    let shown = dropped < parts.count ? (operand.hasPrefix("/") ? "/" : "") + parts.dropLast(dropped).joined(separator: "/") : folder
                    failed(shown + (busybox && index < missing.count - 1 ? "/" : ""), denial.reason)
                    break
                }
                process.fileSystem.write(.directory(folder, uid: process.user.uid, gid: process.user.gid))
            }
        }
        return status
    }

    /// `touch`: a file that exists only has its times set (by its owner, or whoever may write it);
    /// a new one needs write and search on its folder.
    private func touch(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let busybox = process.flavor.hasBusyBox
        var status: Int32 = 0
        for operand in ProgramOptions.split(arguments).operands {
            let path = process.fileSystem.resolvingSymlinks(process.absolute(operand))
            let reason: String?
            if let denial = process.denial(.lookup, path) {
                reason = denial.reason
            } else if process.fileSystem.entry(at: path) != nil {
                reason = process.denial(.changeTimes, path)?.reason
            } else if process.fileSystem.entry(at: LayerPath.parent(of: path))?.isDirectory != true {
                reason = "No such file or directory"
            } else {
                reason = process.denial(.create, path)?.reason
                if reason == nil, !process.writeFile(path, "", append: false) { status = 1 }
            }
            if let reason {
                status = process.fail("touch", busybox ? "\(operand): \(reason)" : "cannot touch '\(operand)': \(reason)")
            }
        }
        return status
    }

    /// `rm`: taking a name out of a folder needs write and search on it, and in a sticky folder
    /// (/tmp) owning the file or the folder; `-f` hides only missing files.
    private func rm(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        let recursive = flags.contains("r") || flags.contains("R")
        let busybox = process.flavor.hasBusyBox
        var status: Int32 = 0
        func failed(_ shown: String, _ reason: String) {
            status = process.fail("rm", busybox ? "can't remove '\(shown)': \(reason)" : "cannot remove '\(shown)': \(reason)")
        }
        for operand in operands {
            let path = process.absolute(operand)
            if let denial = process.denial(.lookup, path) {
                failed(operand, denial.reason)
                continue
            }
            guard let entry = process.fileSystem.entry(at: path) else {
                if !flags.contains("f") { failed(operand, "No such file or directory") }
                continue
            }
            if entry.isDirectory && !recursive {
                if busybox { status = process.fail("rm", "'\(operand)' is a directory") } else { failed(operand, "Is a directory") }
                continue
            }
            // What the runtime mounts (`/etc/hosts`, `/dev`) is held by the mount.
            if process.fileSystem.mounts.isMountPoint(path) {
                status = process.fail("rm", "can't remove '\(operand)': Device or resource busy")
                continue
            }
            removeTree(path, shown: operand, process, failed: failed)
        }
        return status
    }

    /// Removes a path, and a folder's contents first as `rm -r` does; what the user may not remove
    /// stays, with its message, and so do the folders it is in. Root removes without asking.
    @discardableResult
    private func removeTree(_ path: String, shown: String, _ process: any ProcessEnvironment, failed: (String, String) -> Void) -> Bool {
        if !process.access.isPrivileged, process.fileSystem.entry(at: path)?.isDirectory == true {
            var emptied = true
            for name in process.fileSystem.children(of: path) {
                let child = removeTree(LayerPath.normalize(path + "/" + name), shown: shown.hasSuffix("/") ? shown + name : shown + "/" + name, process, failed: failed)
                emptied = emptied && child
            }
            if !emptied { return false }
        }
        if let denial = process.denial(.remove, path) {
            failed(shown, denial.reason)
            return false
        }
        process.fileSystem.remove(path)
        return true
    }

    /// `cp` and `mv`: each source to the destination, or into it when it is a folder. `mv` renames:
    /// the source's folder must let the user take the name out (sticky bit included), the
    /// destination's let them put it in. `cp` reads the source and writes a file of its own.
    private func transfer(_ arguments: [String], program: String, move: Bool, _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard let destinationOperand = operands.last, operands.count >= 2 else { return process.fail(program, "missing file operand") }
        let busybox = process.flavor.hasBusyBox
        let destination = process.absolute(destinationOperand)
        let destinationIsDirectory = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(destination))?.isDirectory == true
        var status: Int32 = 0
        func failed(_ message: String) { status = process.fail(program, message) }
        for operand in operands.dropLast() {
            let source = process.absolute(operand)
            let unreachable = process.denial(.lookup, source)
            guard unreachable == nil, let entry = process.fileSystem.entry(at: source) else {
                let reason = unreachable?.reason ?? "No such file or directory"
                failed(busybox ? "can't stat '\(operand)': \(reason)" : "cannot stat '\(operand)': \(reason)")
                continue
            }
            if entry.isDirectory && !move && !(flags.contains("r") || flags.contains("R") || flags.contains("a")) {
                failed(busybox ? "omitting directory '\(operand)'" : "-r not specified; omitting directory '\(operand)'")
                continue
            }
            let name = LayerPath.name(of: source)
            let target = LayerPath.normalize(destinationIsDirectory ? process.fileSystem.resolvingSymlinks(destination) + "/" + name : destination)
            let shown = destinationIsDirectory ? (destinationOperand.hasSuffix("/") ? destinationOperand + name : destinationOperand + "/" + name) : destinationOperand
            let replaced = process.fileSystem.entry(at: target)
            if move {
                if let denial = process.denial(.remove, source) ?? process.denial(replaced == nil ? .create : .remove, target) {
                    failed(busybox ? "can't rename '\(operand)': \(denial.reason)" : "cannot move '\(operand)' to '\(shown)': \(denial.reason)")
                    continue
                }
            } else {
                if !entry.isDirectory, let denial = process.denial(.read, source) {
                    failed(busybox ? "can't open '\(operand)': \(denial.reason)" : "cannot open '\(operand)' for reading: \(denial.reason)")
                    continue
                }
                if let denial = process.denial(.lookup, target) {
                    failed(busybox ? "can't stat '\(shown)': \(denial.reason)" : "cannot stat '\(shown)': \(denial.reason)")
                    continue
                }
                let overwrites = replaced.map { !$0.isDirectory && !entry.isDirectory } ?? false
                if let denial = process.denial(overwrites ? .write : .create, target) {
                    let made = switch (busybox, entry.isDirectory) {
                    case (true, false): "can't create '\(shown)'"
                    case (true, true): "can't create directory '\(shown)'"
                    case (false, false): "cannot create regular file '\(shown)'"
                    case (false, true): "cannot create directory '\(shown)'"
                    }
                    failed("\(made): \(denial.reason)")
                    continue
                }
            }
            copyTree(from: source, to: target, keepingOwners: move, process)
            if move { process.fileSystem.remove(source) }
        }
        return status
    }

    /// Copies a file or a whole tree to a destination path: a move keeps each entry's owner, a copy
    /// belongs to the process's user, except a file it writes over, which keeps its owner and mode.
    private func copyTree(from source: String, to destination: String, keepingOwners: Bool, _ process: any ProcessEnvironment) {
        guard var entry = process.fileSystem.entry(at: source) else { return }
        entry.path = destination
        if let existing = process.fileSystem.entry(at: destination), !keepingOwners, !existing.isDirectory, !entry.isDirectory {
            (entry.uid, entry.gid, entry.mode) = (existing.uid, existing.gid, existing.mode)
        } else if !keepingOwners {
            (entry.uid, entry.gid) = (process.user.uid, process.user.gid)
        }
        if let device = Device(entry) {
            // cp reads a device as it reads a file: /dev/null gives an empty one, /dev/zero never ends.
            switch device.reading {
            case .empty: entry = .file(destination, .bytes(Data()), uid: entry.uid, gid: entry.gid)
            case .endless:
                process.stop(.endless(into: destination, device: source))
                return
            case .fails(let reason):
                _ = process.fail("cp", "can't open '\(source)': \(reason)")
                return
            }
        }
        process.fileSystem.write(entry)
        if entry.isDirectory {
            for name in process.fileSystem.children(of: source) {
                copyTree(from: source + "/" + name, to: destination + "/" + name, keepingOwners: keepingOwners, process)
            }
        }
    }

    private func ln(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard flags.contains("s"), operands.count == 2 else { return process.fail("ln", "layerlab simulates symbolic links only (ln -s TARGET NAME)") }
        var path = process.absolute(operands[1])
        var shown = operands[1]
        if process.fileSystem.entry(at: path)?.isDirectory == true {
            let name = operands[0].split(separator: "/").last.map(String.init) ?? operands[0]
            path += "/" + name
            shown += (shown.hasSuffix("/") ? "" : "/") + name
        }
        func failed(_ reason: String) -> Int32 {
            process.fail("ln", process.flavor.hasBusyBox ? "\(shown): \(reason)" : "failed to create symbolic link '\(shown)': \(reason)")
        }
        if let denial = process.denial(.lookup, path) { return failed(denial.reason) }
        if process.fileSystem.entry(at: path) != nil {
            guard flags.contains("f") else { return failed("File exists") }
            if let denial = process.denial(.remove, path) { return failed(denial.reason) }
            process.fileSystem.remove(path)
        }
        if let denial = process.denial(.create, path) { return failed(denial.reason) }
        process.fileSystem.write(.symlink(path, to: operands[0]))
        return 0
    }

    /// `chmod`: only the owner (or root) may change a mode; -R goes down into folders and leaves the
    /// links it meets alone, as chmod does.
    private func chmod(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments.filter { !$0.hasPrefix("+") })
        let modeText = arguments.first { $0.hasPrefix("+") } ?? operands.first ?? ""
        let files = arguments.contains { $0.hasPrefix("+") } ? operands : Array(operands.dropFirst())
        let busybox = process.flavor.hasBusyBox
        var status: Int32 = 0
        func apply(_ path: String, shown: String) {
            guard var entry = process.fileSystem.entry(at: path) else { return }
            if case .symlink = entry.kind { return }
            if let denial = process.denial(.changeMode, path) {
                status = process.fail("chmod", busybox ? "\(shown): \(denial.reason)" : "changing permissions of '\(shown)': \(denial.reason)")
            } else {
                // A mode that does not parse leaves the file as it was.
                entry.mode = FileModeExpression.apply(modeText, to: entry.mode) ?? entry.mode
                process.fileSystem.write(entry)
            }
            if flags.contains("R"), entry.isDirectory {
                for name in process.fileSystem.children(of: path) { apply(LayerPath.normalize(path + "/" + name), shown: shown + "/" + name) }
            }
        }
        if !forEachReachable(files, "chmod", busybox: busybox, process, apply) { status = 1 }
        return status
    }

    /// Runs `apply` on what each operand names, links followed (chmod and chown change what a link points
    /// to); an operand the process cannot reach is reported in the tool's words. False when one was.
    private func forEachReachable(_ operands: [String], _ program: String, busybox: Bool, _ process: any ProcessEnvironment,
                                  _ apply: (_ path: String, _ shown: String) -> Void) -> Bool {
        var reachedAll = true
        for file in operands {
            let path = process.fileSystem.resolvingSymlinks(process.absolute(file))
            let unreachable = process.denial(.lookup, path)
            guard unreachable == nil, process.fileSystem.entry(at: path) != nil else {
                let reason = unreachable?.reason ?? "No such file or directory"
                _ = process.fail(program, busybox ? "\(file): \(reason)" : "cannot access '\(file)': \(reason)")
                reachedAll = false
                continue
            }
            apply(path, file)
        }
        return reachedAll
    }

    private func chown(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (flags, operands) = ProgramOptions.split(arguments)
        guard operands.count >= 2 else { return process.fail("chown", "missing operand") }
        let accounts = Accounts(of: process)
        let busybox = process.flavor.hasBusyBox
        let owner = operands[0].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        // `chown :group FILE` keeps the owner and changes the group only.
        let uid = owner[0].isEmpty ? nil : accounts.uid(owner[0])
        if !owner[0].isEmpty, uid == nil { return process.fail("chown", busybox ? "unknown user \(owner[0])" : "invalid user: '\(operands[0])'") }
        let gid = owner.count > 1 && !owner[1].isEmpty ? accounts.gid(owner[1]) : nil
        var status: Int32 = 0
        func apply(_ path: String, shown: String) {
            guard var entry = process.fileSystem.entry(at: path) else { return }
            if let denial = process.denial(.changeOwner(uid: uid, gid: gid), path) {
                let change = uid == nil ? "group" : "ownership"
                status = process.fail("chown", busybox ? "\(shown): \(denial.reason)" : "changing \(change) of '\(shown)': \(denial.reason)")
            } else {
                if let uid { entry.uid = uid }
                if let gid { entry.gid = gid }
                process.fileSystem.write(entry)
            }
            if flags.contains("R"), entry.isDirectory {
                for name in process.fileSystem.children(of: path) { apply(path + "/" + name, shown: shown + "/" + name) }
            }
        }
        if !forEachReachable(Array(operands.dropFirst()), "chown", busybox: busybox, process, apply) { status = 1 }
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
            let groups = ([user.gid] + accounts.supplementaryGroups(of: user)).map { named($0, accounts.groupName($0)) }.joined(separator: ",")
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
