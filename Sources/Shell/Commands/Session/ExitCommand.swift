/// `exit`
public struct ExitCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "exit", aliases: ["quit"], group: .session,
        abstract: "Leave layerlab (Ctrl-D does too)",
        usage: ["exit [STATUS]"],
        discussion: "Your progress is saved as you go; nothing is lost by leaving."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard arguments.count <= 1 else { throw CommandFailure.usage("exit", "too many arguments") }
        guard let status = arguments.first.map({ Int32($0) }) ?? 0 else {
            throw CommandFailure.usage("exit", "\(arguments[0]): numeric argument required")
        }
        context.requestedExit = status
        return status
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] { [] }
}
