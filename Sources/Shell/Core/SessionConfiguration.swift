import Foundation
import LayerlabBasics

/// Everything needed to open a session, gathered by the command line or by a test.
public struct SessionConfiguration {
    public var home: LayerlabHome
    public var environment: [String: String]
    public var clock: any WallClock
    public var style: TerminalStyle
    public var isInteractive: Bool
    public var learnerName: String
    /// True at a first run at a terminal without `--name`: the course asks the name and keeps it (`HomeLearner`).
    public var asksLearnerName: Bool
    public var commands: [any ShellCommand]
    /// Who follows the session (the command log, the course), told in this order.
    public var observers: [any SessionObserver]

    public init(
        home: LayerlabHome,
        environment: [String: String],
        clock: any WallClock,
        style: TerminalStyle,
        isInteractive: Bool,
        learnerName: String,
        asksLearnerName: Bool = false,
        commands: [any ShellCommand] = BuiltinCommands.all,
        observers: [any SessionObserver] = []
    ) {
        self.home = home
        self.environment = environment
        self.clock = clock
        self.style = style
        self.isInteractive = isInteractive
        self.learnerName = learnerName
        self.asksLearnerName = asksLearnerName
        self.commands = commands
        self.observers = observers
    }

    /// The learner's name when none is given: the login name, as `whoami` would say.
    public static func defaultLearnerName(environment: [String: String]) -> String {
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        return "learner"
    }

    /// Creates the home and workspace if needed, and starts a session. A new home keeps the learner's
    /// name from now on, unless the course is about to ask it.
    public func openSession(output: any OutputSink) throws(SessionStartError) -> Session {
        do {
            try home.prepare()
        } catch {
            throw SessionStartError(message: error.description, hint: "choose another folder with --home DIR")
        }
        if !asksLearnerName && home.savedLearnerName == nil {
            do {
                try home.saveLearnerName(learnerName)
            } catch {
                throw SessionStartError(message: "cannot keep the learner's name in \(home.url.path): \(error.localizedDescription)",
                                        hint: "check the permissions of \(home.url.path)")
            }
        }
        let workspace: Workspace
        do {
            workspace = try Workspace(root: home.workspaceURL)
        } catch {
            throw SessionStartError(message: error.description, hint: "check the permissions of \(home.url.path)")
        }
        let context = ShellContext(
            home: home, workspace: workspace, clock: clock, style: style, environment: environment,
            isInteractive: isInteractive, registry: CommandRegistry(commands)
        )
        context.asksLearnerName = asksLearnerName
        context.learnerName = learnerName
        return Session(context: context, output: output, observers: observers)
    }
}

/// Why a session could not start.
public struct SessionStartError: UserFacingError, Equatable {
    public var message: String
    public var hint: String?
}
