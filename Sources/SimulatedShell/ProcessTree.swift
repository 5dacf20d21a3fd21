/// One process of a container as `ps` lists it.
public struct ProcessEntry: Equatable, Sendable {
    public var pid: Int
    /// The parent's PID; 0 for PID 1 and for what `docker exec` starts (runc starts those).
    public var parent: Int
    public var user: ShellProcess.User
    /// Its command line (`ps aux`'s COMMAND); the first word's name is its `comm`.
    public var arguments: [String]

    public init(pid: Int, parent: Int, user: ShellProcess.User, arguments: [String]) {
        self.pid = pid
        self.parent = parent
        self.user = user
        self.arguments = arguments
    }
}

/// The processes a simulated shell has running at one moment: the container's main process, the
/// shells and programs it started, each forked one with the next PID. Real PIDs depend on what ran
/// before; these start at 7, the first PID a container's own processes get after runc's setup (seen
/// on the reference engine: `docker run --rm refbox:1 sh -c 'ps; ps'` lists ps as 7, then 8).
struct ProcessTree {
    private(set) var running: [ProcessEntry] = []
    private var nextPID = 7
    /// Whether this process started anything yet: the first program of a `docker exec` is the
    /// runtime's child, not the container's.
    private var startedOwn = false
    /// Set when the next program replaces the current process instead of forking (`exec`, or the
    /// only command of `sh -c`, which the shells exec).
    var execsNext = false

    /// Starts over with `main` (the container's process, for a `docker exec`) or with nothing.
    mutating func reset(main: ProcessEntry?) {
        running = main.map { [$0] } ?? []
        nextPID = 7
        startedOwn = false
        execsNext = false
    }

    /// A new process: PID 1 when the container has none yet, the current process when it execs, a
    /// child otherwise. Returns whether it is a process of its own, for `end`.
    @discardableResult
    mutating func start(_ arguments: [String], user: ShellProcess.User) -> Bool {
        defer {
            startedOwn = true
            execsNext = false
        }
        if running.isEmpty {
            running.append(ProcessEntry(pid: 1, parent: 0, user: user, arguments: arguments))
            return true
        }
        if execsNext && startedOwn, let current = running.popLast() {
            running.append(ProcessEntry(pid: current.pid, parent: current.parent, user: user, arguments: arguments))
            return false
        }
        running.append(ProcessEntry(pid: nextPID, parent: startedOwn ? running[running.count - 1].pid : 0, user: user, arguments: arguments))
        nextPID += 1
        return true
    }

    /// A program `start` started ended; one that replaced its shell ends with the shell.
    mutating func end(_ ownProcess: Bool) {
        if ownProcess { _ = running.popLast() }
    }
}
