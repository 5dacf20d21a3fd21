/// How each shell, and the utilities that come with it, words a file it could not open or enter.
/// Recorded on the reference engine (refbox:1, BusyBox ash) and with Debian bookworm's dash, bash
/// and GNU coreutils run as nobody.
extension ShellFlavor {
    /// Whether the image's utilities are BusyBox applets (Alpine, busybox), which word their errors
    /// their own way, rather than GNU coreutils (Debian, Ubuntu).
    var hasBusyBox: Bool { self == .ash }

    /// A line the shell prints about a command: dash numbers the line, bash says which, ash neither.
    func shellMessage(_ text: String, shell: String) -> String {
        switch self {
        case .dash: "\(shell): 1: \(text)"
        case .ash: "\(shell): \(text)"
        case .bash: "\(shell): line 1: \(text)"
        }
    }

    /// A redirection whose file cannot be opened: dash's `cannot create /etc/x: Permission denied`,
    /// ash's `can't create …`, bash's `/etc/x: …`.
    func redirectionFailed(_ path: String, writing: Bool, _ failure: FileAccess.OpenFailure, shell: String) -> String {
        let verb = writing ? "create" : "open"
        switch self {
        case .dash:
            let reason = failure == .missing ? (writing ? "Directory nonexistent" : "No such file") : failure.reason
            return shellMessage("cannot \(verb) \(path): \(reason)", shell: shell)
        case .ash:
            let reason = failure == .missing ? (writing ? "nonexistent directory" : "no such file") : failure.reason
            return "\(shell): can't \(verb) \(path): \(reason)"
        case .bash:
            return shellMessage("\(path): \(failure.reason)", shell: shell)
        }
    }

    /// The status of a command whose redirection failed: 2 in dash, 1 in ash and bash.
    var redirectionFailureStatus: Int32 { self == .dash ? 2 : 1 }

    /// `sh FILE` when the file cannot be read: dash's `sh: 0: cannot open FILE: No such file` and
    /// ash's `sh: can't open 'FILE': …` (both 2), bash's `bash: FILE: …` (127 when missing, else 126).
    func scriptUnreadable(_ file: String, _ failure: FileAccess.OpenFailure) -> (message: String, status: Int32) {
        switch self {
        case .dash: ("sh: 0: cannot open \(file): \(failure == .missing ? "No such file" : failure.reason)", 2)
        case .ash: ("sh: can't open '\(file)': \(failure.reason)", 2)
        case .bash: ("bash: \(file): \(failure.reason)", failure == .missing ? 127 : 126)
        }
    }

    /// `cd` to a folder it cannot enter: dash gives no reason; ash counts `sh -c`'s lines from 0.
    func cannotChangeDirectory(_ argument: String, reason: String, shell: String) -> (message: String, status: Int32) {
        switch self {
        case .dash: (shellMessage("cd: can't cd to \(argument)", shell: shell), 2)
        case .ash: ("\(shell): cd: line 0: can't cd to \(argument): \(reason)", 2)
        case .bash: (shellMessage("cd: \(argument): \(reason)", shell: shell), 1)
        }
    }
}
