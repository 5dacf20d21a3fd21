import LayerStore

/// useradd and groupadd (Debian), adduser and addgroup (BusyBox, on Alpine; Debian's adduser takes
/// long options): edit /etc/passwd and /etc/group in the layer, as the real tools do.
struct UserTools: ProgramFamily {
    let names: Set<String> = ["useradd", "groupadd", "adduser", "addgroup"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        if let refusal = Self.refusal(name, process) {
            process.writeError(refusal.message)
            return refusal.status
        }
        switch name {
        case "groupadd": return groupadd(arguments, process)
        case "useradd": return useradd(arguments, process)
        case "addgroup": return addgroup(arguments, process)
        case "adduser": return adduser(arguments, process)
        default: preconditionFailure("\(name) is not one of UserTools' programs")
        }
    }

    /// What a tool says to a user who may not change the accounts: both adduser programs ask for root
    /// first (BusyBox's bb_msg_perm_denied_are_you_root, Debian's Perl script); shadow's useradd and
    /// groupadd fail to lock the file in /etc (Debian bookworm, run as nobody).
    private static func refusal(_ name: String, _ process: any ProcessEnvironment) -> (message: String, status: Int32)? {
        switch name {
        case "adduser", "addgroup":
            guard process.user.uid != 0 else { return nil }
            return (process.flavor.hasBusyBox ? "\(name): permission denied (are you root?)\n" : "\(name): Only root may add a user or group to the system.\n", 1)
        default:
            let file = name == "useradd" ? "/etc/passwd" : "/etc/group"
            guard process.denial(.create, file + ".lock") != nil else { return nil }
            return ("\(name): Permission denied.\n\(name): cannot lock \(file); try again later.\n", name == "useradd" ? 1 : 10)
        }
    }

    private func groupadd(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (values, flags, name) = Self.parseAccount(arguments, valueFlags: ["g", "K"])
        guard let name else { return process.fail("groupadd", "missing group name") }
        return Self.addGroup(name, id: values["g"], system: flags.contains("r"), process) { process.writeError("groupadd: group '\($0)' already exists\n"); return 9 }
    }

    /// Appends a group to /etc/group with the ID asked for or the next free one; `clash` reports a
    /// name already taken, in the words and status of the program that was asked.
    private static func addGroup(_ name: String, id: String?, system: Bool, _ process: any ProcessEnvironment, clash: (String) -> Int32) -> Int32 {
        let accounts = Accounts(of: process)
        if accounts.gid(name) != nil { return clash(name) }
        let number = id.flatMap(Int.init) ?? nextID(in: accounts.groups, system: system)
        appendLine("/etc/group", "\(name):x:\(number):", process)
        return 0
    }

    private func useradd(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (values, flags, name) = Self.parseAccount(arguments, valueFlags: ["u", "g", "d", "s", "c", "G", "K"])
        guard let name else { return process.fail("useradd", "missing user name") }
        let accounts = Accounts(of: process)
        if accounts.uid(name) != nil {
            process.writeError("useradd: user '\(name)' already exists\n")
            return 9
        }
        let uid = values["u"].flatMap(Int.init) ?? Self.nextID(in: accounts.passwd, system: flags.contains("r"))
        let gid: Int
        if let group = values["g"] {
            guard let found = accounts.gid(group) else {
                process.writeError("useradd: group '\(group)' does not exist\n")
                return 6
            }
            gid = found
        } else if let existing = accounts.gid(name) {
            gid = existing
        } else {
            gid = uid
            Self.appendLine("/etc/group", "\(name):x:\(gid):", process)
        }
        let home = values["d"] ?? "/home/\(name)"
        Self.appendLine("/etc/passwd", "\(name):x:\(uid):\(gid):\(values["c"] ?? ""):\(home):\(values["s"] ?? "/bin/sh")", process)
        if flags.contains("m") {
            process.ensureDirectory(LayerPath.parent(of: home))
            process.fileSystem.write(.directory(home, mode: 0o700, uid: uid, gid: gid))
        }
        return 0
    }

    private func addgroup(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (values, flags, operands) = Self.parseBusyBox(arguments, valueFlags: ["g"])
        guard let name = operands.last else { return process.fail("addgroup", "missing group name") }
        if operands.count == 2 {
            // `addgroup USER GROUP` adds a user to a group.
            return 0
        }
        return Self.addGroup(name, id: values["g"], system: flags.contains("S"), process) { process.writeError("addgroup: group '\($0)' in use\n"); return 1 }
    }

    private func adduser(_ arguments: [String], _ process: any ProcessEnvironment) -> Int32 {
        let (values, flags, operands) = Self.parseBusyBox(Self.debianAdduserOptions(arguments), valueFlags: ["u", "G", "h", "s", "g"])
        guard let name = operands.first else { return process.fail("adduser", "missing user name") }
        let accounts = Accounts(of: process)
        if accounts.uid(name) != nil {
            process.writeError("adduser: user '\(name)' in use\n")
            return 1
        }
        let system = flags.contains("S")
        let uid = values["u"].flatMap(Int.init) ?? Self.nextID(in: accounts.passwd, system: system)
        var gid = uid
        if let group = values["G"] {
            guard let found = accounts.gid(group) else {
                process.writeError("adduser: unknown group \(group)\n")
                return 1
            }
            gid = found
        } else if system && !flags.contains("P") {
            gid = accounts.gid("nogroup") ?? 65533
        } else {
            Self.appendLine("/etc/group", "\(name):x:\(gid):", process)
        }
        let home = values["h"] ?? "/home/\(name)"
        Self.appendLine("/etc/passwd", "\(name):x:\(uid):\(gid)::\(home):\(values["s"] ?? (system ? "/sbin/nologin" : "/bin/sh"))", process)
        if !flags.contains("H") {
            process.ensureDirectory(LayerPath.parent(of: home))
            process.fileSystem.write(.directory(home, mode: 0o755, uid: uid, gid: gid))
        }
        return 0
    }

    /// Debian's adduser takes long options; they become the BusyBox letters (`P`: a group named after
    /// the user, as `--group` asks).
    private static func debianAdduserOptions(_ arguments: [String]) -> [String] {
        let valued: [String: String] = ["--uid": "-u", "--ingroup": "-G", "--home": "-h", "--shell": "-s", "--gid": "-G", "--gecos": "-g"]
        let plain: [String: String] = ["--system": "-S", "--no-create-home": "-H", "--group": "-P", "--disabled-password": "-D", "--disabled-login": "-D", "--quiet": "-D"]
        var result: [String] = []
        for argument in arguments {
            let name = String(argument.prefix { $0 != "=" })
            if let letter = valued[name] {
                result.append(letter)
                if argument.contains("=") { result.append(String(argument.drop { $0 != "=" }.dropFirst())) }
            } else if let letter = plain[name] {
                result.append(letter)
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// `-u 1000 -g app -m name` and `--uid 1000 --create-home name`.
    private static func parseAccount(_ arguments: [String], valueFlags: Set<Character>) -> ([Character: String], Set<Character>, String?) {
        let long: [String: Character] = ["--uid": "u", "--gid": "g", "--home-dir": "d", "--shell": "s", "--create-home": "m", "--system": "r", "--comment": "c", "--no-create-home": "M", "--no-log-init": "l"]
        var values: [Character: String] = [:]
        var flags = Set<Character>()
        var name: String?
        var index = 0
        while index < arguments.count {
            var argument = arguments[index]
            index += 1
            if let letter = long[argument.split(separator: "=").first.map(String.init) ?? argument] { argument = "-" + String(letter) + (argument.contains("=") ? String(argument.drop { $0 != "=" }.dropFirst()) : "") }
            if argument.hasPrefix("-"), argument.count >= 2 {
                let letter = argument[argument.index(after: argument.startIndex)]
                if valueFlags.contains(letter) {
                    let attached = String(argument.dropFirst(2))
                    if !attached.isEmpty { values[letter] = attached } else if index < arguments.count { values[letter] = arguments[index]; index += 1 }
                } else {
                    flags.formUnion(argument.dropFirst())
                }
            } else {
                name = argument
            }
        }
        return (values, flags, name)
    }

    /// BusyBox's `-S -G app name`: letters that may share one argument, values attached or after.
    private static func parseBusyBox(_ arguments: [String], valueFlags: Set<Character>) -> ([Character: String], Set<Character>, [String]) {
        var values: [Character: String] = [:]
        var flags = Set<Character>()
        var operands: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument.hasPrefix("-"), argument.count >= 2 {
                for (offset, letter) in argument.dropFirst().enumerated() {
                    if valueFlags.contains(letter) {
                        let attached = String(argument.dropFirst(2 + offset))
                        if !attached.isEmpty { values[letter] = attached } else if index < arguments.count { values[letter] = arguments[index]; index += 1 }
                        break
                    }
                    flags.insert(letter)
                }
            } else {
                operands.append(argument)
            }
        }
        return (values, flags, operands)
    }

    /// The next free ID: from 1000 up for people, from 999 down for system accounts.
    private static func nextID(in lines: [[String]], system: Bool) -> Int {
        let used = Set(lines.compactMap { $0.count > 2 ? Int($0[2]) : nil })
        if system {
            var id = 999
            while used.contains(id) { id -= 1 }
            return id
        }
        var id = 1000
        while used.contains(id) { id += 1 }
        return id
    }

    /// Adds a line to /etc/passwd or /etc/group, keeping the file's mode and owner.
    private static func appendLine(_ path: String, _ line: String, _ process: any ProcessEnvironment) {
        var text = process.readText(path) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        let previous = process.fileSystem.entry(at: path)
        process.fileSystem.write(.file(path, .text(text + line + "\n"), mode: previous?.mode ?? 0o644, uid: previous?.uid ?? 0, gid: previous?.gid ?? 0))
    }
}
