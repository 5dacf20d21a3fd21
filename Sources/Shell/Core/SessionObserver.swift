import ShellSyntax

/// Follows a session: told when it starts, before and after every command, so it can react to what
/// changed (the course keeps undo steps and announces a reached goal as soon as a command reaches it).
public protocol SessionObserver: AnyObject {
    func sessionDidStart(io: CommandIO, context: ShellContext)
    /// Before a command the session knows runs; `kept` is the line as it may be kept or shown again.
    func commandWillStart(_ commandLine: SimpleCommandLine, kept: String, context: ShellContext)
    /// After each command line, with the line as logged and its exit status.
    func commandDidFinish(_ line: String, status: Int32, io: CommandIO, context: ShellContext)
}
