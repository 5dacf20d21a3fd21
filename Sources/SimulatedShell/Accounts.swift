/// The image's accounts as /etc/passwd and /etc/group list them, read once: what `USER`, `id`,
/// `ls -l`, `chown` and the account tools look names and numbers up in.
struct Accounts {
    /// Each line of /etc/passwd, split at its colons.
    let passwd: [[String]]
    /// Each line of /etc/group, split at its colons.
    let groups: [[String]]

    init(of process: any ProcessEnvironment) {
        passwd = Self.fields(process.readText("/etc/passwd"))
        groups = Self.fields(process.readText("/etc/group"))
    }

    private static func fields(_ text: String?) -> [[String]] {
        (text ?? "").split(separator: "\n").map { $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
    }

    /// The user a `USER` or `-u` value names (`app`, `1000`, `app:staff`), as the image's passwd has it;
    /// nil when the name is not there. A number passwd does not list runs in group 0, as runc gives it
    /// (`docker run -u 1234 … id` prints uid=1234 gid=0(root) on the reference engine).
    func user(_ spec: String) -> ShellProcess.User? {
        user(spec, unlistedNumberIsItsOwnGroup: false)
    }

    /// The owner a `--chown` value gives files (BuildKit's WORKDIR after USER too): as `user`, but a
    /// number passwd does not list is its own group (`COPY --chown=1234` makes 1234:1234 on the
    /// reference engine, as Docker's documentation says).
    func owner(_ spec: String) -> ShellProcess.User? {
        user(spec, unlistedNumberIsItsOwnGroup: true)
    }

    private func user(_ spec: String, unlistedNumberIsItsOwnGroup: Bool) -> ShellProcess.User? {
        if spec.isEmpty { return .root }
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let entry = passwd.first { $0.count > 3 && ($0[0] == parts[0] || $0[2] == parts[0]) }
        let uid: Int
        let name: String
        var gid: Int
        if let entry, let entryUID = Int(entry[2]), let entryGID = Int(entry[3]) {
            (name, uid, gid) = (entry[0], entryUID, entryGID)
        } else if let number = Int(parts[0]) {
            (name, uid, gid) = (parts[0], number, unlistedNumberIsItsOwnGroup ? number : 0)
        } else {
            return nil
        }
        if parts.count > 1 {
            guard let group = self.gid(parts[1]) else { return nil }
            gid = group
        }
        return ShellProcess.User(name: name, uid: uid, gid: gid)
    }

    /// The groups /etc/group lists a user in by name, besides the user's own group.
    func supplementaryGroups(of user: ShellProcess.User) -> [Int] {
        groups.filter { $0.count > 3 && $0[3].split(separator: ",").contains { $0 == user.name } }
            .compactMap { Int($0[2]) }.filter { $0 != user.gid }
    }

    /// The home directory passwd gives a user, `/` when it gives none.
    func homeDirectory(of user: ShellProcess.User) -> String {
        passwd.first { $0.count > 5 && $0[0] == user.name }?[5] ?? (user.uid == 0 ? "/root" : "/")
    }

    /// The number of a user given by name or number.
    func uid(_ name: String) -> Int? {
        if let number = Int(name) { return number }
        return passwd.first { $0.first == name && $0.count > 2 }.flatMap { Int($0[2]) }
    }

    /// The number of a group given by name or number.
    func gid(_ name: String) -> Int? {
        if let number = Int(name) { return number }
        return groups.first { $0.first == name && $0.count > 2 }.flatMap { Int($0[2]) }
    }

    /// A user's name, or the number when passwd has none.
    func userName(_ uid: Int) -> String {
        passwd.first { $0.count > 2 && Int($0[2]) == uid }?.first ?? String(uid)
    }

    /// A group's name, or the number when group has none.
    func groupName(_ gid: Int) -> String {
        groups.first { $0.count > 2 && Int($0[2]) == gid }?.first ?? String(gid)
    }
}
