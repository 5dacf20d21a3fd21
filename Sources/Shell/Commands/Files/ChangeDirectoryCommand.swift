/// `cd`
public struct ChangeDirectoryCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "cd", group: .files,
        abstract: "Change the current folder",
        usage: ["cd [FOLDER]"],
        discussion: "With no folder, goes back to \(Workspace.displayRoot). `cd ..` goes up; the workspace root is as far up as it goes."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: [], command: "cd")
        guard options.operands.count <= 1 else { throw CommandFailure.usage("cd", "too many arguments") }
        do {
            try context.workspace.changeDirectory(to: options.operands.first ?? "~")
        } catch {
            throw CommandFailure("cd", error)
        }
        return 0
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        context.workspace.pathCompletions(for: arguments.last ?? "").filter { $0.hasSuffix("/") }
    }
}
