/// Which build of the everyday tools runs: BusyBox's applets (Alpine, busybox) or the GNU programs
/// Debian and Ubuntu install (coreutils, findutils, sed, tar, gzip, procps). Their common flags
/// agree; their columns and error wording do not, and learners compare them with what Docker prints.
enum ToolFlavor: Sendable {
    case busybox, gnu

    /// The flavour of `program` as the process runs it: BusyBox when the name found in PATH leads to a
    /// `busybox` binary, GNU otherwise (`apk add coreutils` on Alpine installs GNU's). A name not in
    /// PATH (a utility the shell has built in) follows `/bin/sh`.
    static func of(_ program: String, in process: any ProcessEnvironment) -> ToolFlavor {
        let path = process.lookup(program) ?? "/bin/sh"
        return process.fileSystem.resolvingSymlinks(path).hasSuffix("busybox") ? .busybox : .gnu
    }

    /// Reports a command line the program cannot read, as each build does: GNU points to `--help`,
    /// BusyBox prints the usage line. Returns the status the program exits with.
    func reject(_ program: String, _ message: String, usage: String, status: Int32 = 1, in process: any ProcessEnvironment) -> Int32 {
        switch self {
        case .gnu: return Self.tryHelp(program, message, status: status, in: process)
        case .busybox: process.writeError("\(program): \(message)\nUsage: \(program) \(usage)\n")
        }
        return status
    }

    /// GNU's answer to a command line it cannot read: the message, then a pointer to `--help`.
    static func tryHelp(_ program: String, _ message: String, status: Int32 = 1, in process: any ProcessEnvironment) -> Int32 {
        process.writeError("\(program): \(message)\nTry '\(program) --help' for more information.\n")
        return status
    }

    /// `reject` for an option getopt refused.
    func reject(_ program: String, _ error: OptionError, usage: String, status: Int32 = 1, in process: any ProcessEnvironment) -> Int32 {
        reject(program, error.message, usage: usage, status: status, in: process)
    }

    /// BusyBox's answer to operands it cannot use: its usage line alone (`seq`, `tr` with no sets).
    func usage(_ program: String, _ usage: String, in process: any ProcessEnvironment) -> Int32 {
        process.writeError("Usage: \(program) \(usage)\n")
        return 1
    }
}
