import Foundation

/// A program that runs on the learner's terminal until it exits and has the terminal to itself
/// meanwhile: the editor `edit` starts.
///
/// It is not started with Foundation's `Process`, which on Linux puts its child in a process group of
/// its own. The terminal treats that group as a background job, so the editor's first read stops it or
/// fails (vim's "Error reading input", nano's "Too many errors from stdin"). Here the child stays in
/// layerlab's process group, the terminal's foreground one, with standard input, output and error
/// inherited, as git starts an editor (git editor.c, launch_specified_editor).
enum TerminalProgram {
    enum Ending: Equatable {
        case exited(Int32)
        case killed(signal: Int32)
    }

    /// posix_spawn's error number, when the program could not be started.
    struct StartFailure: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    /// Runs the program at `path` with `arguments` (argv[0] first) and exactly `environment`, and waits
    /// for it to end.
    static func run(_ path: String, arguments: [String], environment: [String: String]) throws(StartFailure) -> Ending {
        // Ctrl-C and Ctrl-\ typed to an editor that leaves them to the terminal go to the whole process
        // group, layerlab included: layerlab ignores them until the editor ends, as git does. Ctrl-Z
        // stops both, and `fg` brings both back.
        var ignore = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        var savedInterrupt = sigaction()
        var savedQuit = sigaction()
        sigaction(SIGINT, &ignore, &savedInterrupt)
        sigaction(SIGQUIT, &ignore, &savedQuit)
        var savedTerminal = termios()
        let onTerminal = tcgetattr(STDIN_FILENO, &savedTerminal) == 0
        defer {
            // An editor that died in raw mode leaves the terminal so; the prompt's line editor wants it
            // back as it was.
            if onTerminal { tcsetattr(STDIN_FILENO, TCSADRAIN, &savedTerminal) }
            sigaction(SIGINT, &savedInterrupt, nil)
            sigaction(SIGQUIT, &savedQuit, nil)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child gets the default action for the signals layerlab ignores or handles (an ignored
        // signal would stay ignored across exec), and blocks none.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGINT, SIGQUIT, SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU] { sigaddset(&defaults, number) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in leakingDescriptors() { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { $0.withCString { strdup($0) } } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)".withCString { strdup($0) } } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard started == 0 else { throw StartFailure(code: started) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // <sys/wait.h>'s WIFEXITED, WEXITSTATUS and WTERMSIG, which Swift does not import.
        let terminatingSignal = status & 0x7f
        return terminatingSignal == 0 ? .exited((status >> 8) & 0xff) : .killed(signal: terminatingSignal)
    }

    /// Descriptors layerlab holds open without close-on-exec (a library's socket or file): closed in
    /// the child, as Process closes them, so that an editor that outlives layerlab holds none of them.
    static func leakingDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { descriptor in
            let flags = fcntl(descriptor, F_GETFD)
            return descriptor > STDERR_FILENO && flags >= 0 && flags & FD_CLOEXEC == 0
        }
    }
}
