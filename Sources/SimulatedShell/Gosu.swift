/// tianon/gosu, through which the official images start their servers as their own user
/// (`exec gosu redis "$0" "$@"`): it switches to the user, sets `HOME` to theirs, and execs the
/// command, in the words of gosu 1.17 (main.go and setup-user.go at the 1.17 tag; built with
/// go1.18.2, which its `--version` names).
struct Gosu: ProgramFamily {
    let names: Set<String> = ["gosu"]

    static let version = "1.17 (go1.18.2 on linux/amd64; gc)"

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        switch arguments.first ?? "" {
        case "--help", "-h", "-?":
            process.write(usage + "\n")
            return 0
        case "--version", "-v":
            process.write(Self.version + "\n")
            return 0
        default:
            break
        }
        guard arguments.count >= 2 else {
            process.writeError(usage + "\n")
            return 1
        }
        let spec = arguments[0]
        let accounts = Accounts(of: process)
        // gosu looks the user up first (setup-user.go), then setgroups(2), the first thing that needs root.
        guard let user = accounts.user(spec) else {
            return failSwitching(spec, "unable to find user \(spec.split(separator: ":").first ?? ""): no matching entries in passwd file", process)
        }
        guard process.user.uid == 0 else { return failSwitching(spec, "operation not permitted", process) }
        // exec.LookPath: the command in PATH, or a path with a slash.
        guard process.lookup(arguments[1]) != nil else {
            process.writeError("error: exec: \"\(arguments[1])\": executable file not found in $PATH\n")
            return 1
        }
        return process.runProgram(Array(arguments.dropFirst()), as: user, home: accounts.homeDirectory(of: user), input: input)
    }

    /// Its usage, which `log.Println` ends with a blank line.
    private var usage: String {
        """
        Usage: gosu user-spec command [args]
           eg: gosu tianon bash
               gosu nobody:root bash -c 'whoami && id'
               gosu 1000:1 id

        gosu version: \(Self.version)
        gosu license: Apache-2.0 (full text at https://github.com/tianon/gosu)

        """
    }

    private func failSwitching(_ spec: String, _ reason: String, _ process: any ProcessEnvironment) -> Int32 {
        process.writeError("error: failed switching to \"\(spec)\": \(reason)\n")
        return 1
    }
}
