/// `pwd`
public struct PrintWorkingDirectoryCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "pwd", group: .files,
        abstract: "Print the current folder",
        usage: ["pwd"],
        discussion: "Your files live in \(Workspace.displayRoot); builds read their context from here."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        _ = try ShortOptions(arguments, allowed: [], command: "pwd")
        io.print(context.workspace.currentDirectory)
        return 0
    }
}
