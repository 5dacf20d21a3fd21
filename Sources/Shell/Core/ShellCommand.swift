/// The sections `help` lists commands under.
public enum CommandGroup: Int, CaseIterable, Sendable, Comparable {
    case docker, lessons, files, session

    public var title: String {
        switch self {
        case .docker: "Docker"
        case .lessons: "Lessons"
        case .files: "Files in your workspace"
        case .session: "Session"
        }
    }

    public static func < (lhs: CommandGroup, rhs: CommandGroup) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Everything `help` says about a command.
public struct CommandHelp: Sendable {
    public var name: String
    public var aliases: [String]
    public var group: CommandGroup
    /// One line, shown in the command list.
    public var abstract: String
    /// The synopsis lines, e.g. `ls [-a] [-l] [PATH...]`.
    public var usage: [String]
    /// Details and examples.
    public var discussion: String
    /// False for a command that `help` does not list and Tab does not offer: a program that layerlab
    /// only names as not simulated (`docker-compose`), so that typing it says so.
    public var isListed: Bool

    public init(name: String, aliases: [String] = [], group: CommandGroup, abstract: String, usage: [String], discussion: String, isListed: Bool = true) {
        self.name = name
        self.aliases = aliases
        self.group = group
        self.abstract = abstract
        self.usage = usage
        self.discussion = discussion
        self.isListed = isListed
    }
}

/// A command the REPL runs.
public protocol ShellCommand {
    var help: CommandHelp { get }

    /// Runs the command. `arguments` excludes the command word itself. Returns the exit status; a failure the
    /// learner can act on is thrown as a `UserFacingError`.
    func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32

    /// Candidates for the word being typed at `position` (0 is the first argument).
    func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String]

    /// The form of the command line that may be written to the command log, with secrets removed.
    func loggedArguments(_ arguments: [String]) -> [String]

    /// False for a command that only looks (`ls`, `docker images`, `hint`) or keeps its own undo step
    /// (`reset`): the session keeps no undo step before it. Output redirected to a file changes the
    /// workspace whatever the command.
    func mayChangeWorld(_ arguments: [String]) -> Bool

    /// True when the command reads a secret on its standard input (`docker login --password-stdin`): a
    /// heredoc feeding it is never kept.
    func readsSecretInput(_ arguments: [String]) -> Bool

    /// True for a command that acts on the learner's computer rather than the simulation (`edit` starts
    /// their editor): a lesson pack's commands may never run it.
    var reachesHost: Bool { get }
}

extension ShellCommand {
    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        context.workspace.pathCompletions(for: arguments.last ?? "")
    }

    public func loggedArguments(_ arguments: [String]) -> [String] { arguments }

    public var reachesHost: Bool { false }

    public func mayChangeWorld(_ arguments: [String]) -> Bool { true }

    public func readsSecretInput(_ arguments: [String]) -> Bool { false }
}
