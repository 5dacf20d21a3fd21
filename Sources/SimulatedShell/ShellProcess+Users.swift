import LayerStore

/// useradd and groupadd (Debian), adduser and addgroup (BusyBox, on Alpine): edit /etc/passwd and
/// /etc/group in the layer, as the real tools do.
extension ShellProcess {
    var groupadd: Implementation {
        { arguments, _ in
            let (gid, flags, name) = self.parseAccount(arguments, valueFlags: ["g", "K"])
            guard let name else { return self.fail("groupadd", "missing group name") }
            if self.lookupGID(name) != nil {
                self.output.error("groupadd: group '\(name)' already exists\n")
                return 9
            }
            let id = gid["g"].flatMap(Int.init) ?? self.nextID(in: self.groupLines(), system: flags.contains("r"))
            self.appendLine("/etc/group", "\(name):x:\(id):")
            return 0
        }
    }

    var useradd: Implementation {
        { arguments, _ in
            let (values, flags, name) = self.parseAccount(arguments, valueFlags: ["u", "g", "d", "s", "c", "G", "K"])
            guard let name else { return self.fail("useradd", "missing user name") }
            if self.lookupUID(name) != nil {
                self.output.error("useradd: user '\(name)' already exists\n")
                return 9
            }
            let uid = values["u"].flatMap(Int.init) ?? self.nextID(in: self.passwdLines(), system: flags.contains("r"))
            var gid: Int
            if let group = values["g"] {
                guard let found = self.lookupGID(group) else {
                    self.output.error("useradd: group '\(group)' does not exist\n")
                    return 6
                }
                gid = found
            } else if let existing = self.lookupGID(name) {
                gid = existing
            } else {
                gid = uid
                self.appendLine("/etc/group", "\(name):x:\(gid):")
            }
            let home = values["d"] ?? "/home/\(name)"
            self.appendLine("/etc/passwd", "\(name):x:\(uid):\(gid):\(values["c"] ?? ""):\(home):\(values["s"] ?? "/bin/sh")")
            if flags.contains("m") {
                self.ensureDirectory(LayerPath.parent(of: home))
                self.fileSystem.write(.directory(home, mode: 0o700, uid: uid, gid: gid))
            }
            return 0
        }
    }

    var addgroup: Implementation {
        { arguments, _ in
            let (values, flags, operands) = self.parseBusyBox(arguments, valueFlags: ["g"])
            guard let name = operands.last else { return self.fail("addgroup", "missing group name") }
            if operands.count == 2 {
                // `addgroup USER GROUP` adds a user to a group.
                return 0
            }
            if self.lookupGID(name) != nil {
                self.output.error("addgroup: group '\(name)' in use\n")
                return 1
            }
            let id = values["g"].flatMap(Int.init) ?? self.nextID(in: self.groupLines(), system: flags.contains("S"))
            self.appendLine("/etc/group", "\(name):x:\(id):")
            return 0
        }
    }

    var adduser: Implementation {
        { arguments, _ in
            let (values, flags, operands) = self.parseBusyBox(Self.debianAdduserOptions(arguments), valueFlags: ["u", "G", "h", "s", "g"])
            guard let name = operands.first else { return self.fail("adduser", "missing user name") }
            if self.lookupUID(name) != nil {
                self.output.error("adduser: user '\(name)' in use\n")
                return 1
            }
            let system = flags.contains("S")
            let uid = values["u"].flatMap(Int.init) ?? self.nextID(in: self.passwdLines(), system: system)
            var gid = uid
            if let group = values["G"] {
                guard let found = self.lookupGID(group) else {
                    self.output.error("adduser: unknown group \(group)\n")
                    return 1
                }
                gid = found
            } else if system && !flags.contains("P") {
                gid = self.lookupGID("nogroup") ?? 65533
            } else {
                self.appendLine("/etc/group", "\(name):x:\(gid):")
            }
            let home = values["h"] ?? "/home/\(name)"
            self.appendLine("/etc/passwd", "\(name):x:\(uid):\(gid)::\(home):\(values["s"] ?? (system ? "/sbin/nologin" : "/bin/sh"))")
            if !flags.contains("H") {
                self.ensureDirectory(LayerPath.parent(of: home))
                self.fileSystem.write(.directory(home, mode: 0o755, uid: uid, gid: gid))
            }
            return 0
        }
    }

    /// Debian's adduser takes long options; they become the BusyBox letters (`P`: a group named after
    /// the user, as `--group` asks).
    static func debianAdduserOptions(_ arguments: [String]) -> [String] {
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
    func parseAccount(_ arguments: [String], valueFlags: Set<Character>) -> ([Character: String], Set<Character>, String?) {
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

    func parseBusyBox(_ arguments: [String], valueFlags: Set<Character>) -> ([Character: String], Set<Character>, [String]) {
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
    func nextID(in lines: [[String]], system: Bool) -> Int {
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

    func appendLine(_ path: String, _ line: String) {
        var text = readText(path) ?? ""
        if !text.isEmpty && !text.hasSuffix("\n") { text += "\n" }
        let previous = fileSystem.entry(at: path)
        fileSystem.write(.file(path, .text(text + line + "\n"), mode: previous?.mode ?? 0o644, uid: previous?.uid ?? 0, gid: previous?.gid ?? 0))
    }

    // MARK: Looking accounts up in /etc/passwd and /etc/group

    func passwdLines() -> [[String]] {
        (readText("/etc/passwd") ?? "").split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    func groupLines() -> [[String]] {
        (readText("/etc/group") ?? "").split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The user a `USER` or `-u` value names (`app`, `1000`, `app:staff`), as the image's passwd has it;
    /// nil when the name is not there.
    public func resolveUser(_ spec: String) -> User? {
        if spec.isEmpty { return .root }
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let entry = passwdLines().first { $0.count > 3 && ($0[0] == parts[0] || $0[2] == parts[0]) }
        let uid: Int
        let name: String
        var gid: Int
        if let entry, let entryUID = Int(entry[2]), let entryGID = Int(entry[3]) {
            (name, uid, gid) = (entry[0], entryUID, entryGID)
        } else if let number = Int(parts[0]) {
            (name, uid, gid) = (parts[0], number, number)
        } else {
            return nil
        }
        if parts.count > 1 {
            guard let group = lookupGID(parts[1]) else { return nil }
            gid = group
        }
        return User(name: name, uid: uid, gid: gid)
    }

    /// The home directory passwd gives a user, `/` when it gives none.
    public func homeDirectory(of user: User) -> String {
        passwdLines().first { $0.count > 5 && $0[0] == user.name }?[5] ?? (user.uid == 0 ? "/root" : "/")
    }

    func lookupUID(_ name: String) -> Int? {
        if let number = Int(name) { return number }
        return passwdLines().first { $0.first == name && $0.count > 2 }.flatMap { Int($0[2]) }
    }

    func lookupGID(_ name: String) -> Int? {
        if let number = Int(name) { return number }
        return groupLines().first { $0.first == name && $0.count > 2 }.flatMap { Int($0[2]) }
    }

    func userName(_ uid: Int) -> String {
        passwdLines().first { $0.count > 2 && Int($0[2]) == uid }?.first ?? String(uid)
    }

    func groupName(_ gid: Int) -> String {
        groupLines().first { $0.count > 2 && Int($0[2]) == gid }?.first ?? String(gid)
    }
}
