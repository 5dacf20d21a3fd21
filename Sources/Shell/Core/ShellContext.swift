import LayerlabBasics

/// The state a session's commands share: where files are, the time, how to style output.
public final class ShellContext {
    public let home: LayerlabHome
    public var workspace: Workspace
    public let clock: any WallClock
    public let style: TerminalStyle
    public let environment: [String: String]
    /// True at a terminal prompt; false for scripts and tests, where nothing may wait for a person.
    public let isInteractive: Bool
    /// The commands, so `help` can describe them.
    public internal(set) var registry: CommandRegistry
    /// Set by `exit`: the session ends with this status after the current command.
    public var requestedExit: Int32?
    /// A container shell the prompt is attached to, if any.
    public var attachedShell: (any AttachedShell)?
    /// True at a terminal when no name was given: a first run asks the learner's name.
    public var asksLearnerName = false
    /// A short marker the prompt shows, e.g. the current exercise (`3.1`).
    public var promptTag: String?
    /// Whose session this is, as given at the start (the database has the record).
    public var learnerName = "learner"
    /// Where a command's questions are answered: the session's line reader while it runs.
    var answerReader: (any LineReader)?
    /// `NAME=value` words typed before the running command (`DOCKER_BUILDKIT=0 docker build .`).
    public internal(set) var commandAssignments: [String: String] = [:]

    public init(
        home: LayerlabHome,
        workspace: Workspace,
        clock: any WallClock,
        style: TerminalStyle,
        environment: [String: String],
        isInteractive: Bool,
        registry: CommandRegistry
    ) {
        self.home = home
        self.workspace = workspace
        self.clock = clock
        self.style = style
        self.environment = environment
        self.isInteractive = isInteractive
        self.registry = registry
    }

    /// A variable as the running command sees it: assigned before it on the line, else layerlab's own
    /// environment.
    public func variable(_ name: String) -> String? {
        commandAssignments[name] ?? environment[name]
    }

    /// Asks the learner a question (`Username: `), as `docker login` does; nil when input has ended
    /// or was cancelled. A secret answer is not echoed on a terminal.
    public func ask(_ question: String, secret: Bool) -> String? {
        guard let answerReader, case .line(let answer) = answerReader.readLine(prompt: .question(question, secret: secret)) else { return nil }
        return answer
    }
}
