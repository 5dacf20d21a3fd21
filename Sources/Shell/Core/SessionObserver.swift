import ShellSyntax

/// Follows a session: told when it starts and ends, before and after every command, and of each
/// command line it keeps, so it can react to what changed (the course keeps undo steps and announces
/// a reached goal as soon as a command reaches it; the command log records each line).
public protocol SessionObserver: AnyObject {
    func sessionDidStart(io: CommandIO, context: ShellContext)
    /// Before a command the session knows runs; `kept` is the line as it may be kept or shown again.
    func commandWillStart(_ commandLine: SimpleCommandLine, kept: String, context: ShellContext)
    /// Every line the session keeps, secrets hidden: commands that ran, and lines that did not parse or
    /// named no command, with how each ended.
    func commandWasKept(_ line: String, status: Int32, outcome: CommandOutcome, io: CommandIO, context: ShellContext)
    /// After each command line, with the line as logged and its exit status.
    func commandDidFinish(_ line: String, status: Int32, io: CommandIO, context: ShellContext)
    func sessionDidEnd(context: ShellContext)
}

extension SessionObserver {
    public func sessionDidStart(io: CommandIO, context: ShellContext) {}
    public func commandWillStart(_ commandLine: SimpleCommandLine, kept: String, context: ShellContext) {}
    public func commandWasKept(_ line: String, status: Int32, outcome: CommandOutcome, io: CommandIO, context: ShellContext) {}
    public func commandDidFinish(_ line: String, status: Int32, io: CommandIO, context: ShellContext) {}
    public func sessionDidEnd(context: ShellContext) {}
}

/// How a kept command line ended.
public enum CommandOutcome: Sendable {
    case succeeded, failed, syntaxError, unknownCommand, internalError
}
