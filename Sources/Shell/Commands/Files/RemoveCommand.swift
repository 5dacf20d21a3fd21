import Foundation

/// `rm`
public struct RemoveCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "rm", group: .files,
        abstract: "Remove files and folders",
        usage: ["rm [-r] [-f] PATH..."],
        discussion: """
          -r  remove folders and everything in them
          -f  ignore paths that do not exist
        There is no undo for files: they are really deleted from your workspace.
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["r", "R", "f"], command: "rm")
        let recursive = options.has("r") || options.has("R")
        guard !options.operands.isEmpty else {
            if options.has("f") { return 0 }
            throw CommandFailure.usage("rm", "missing operand")
        }
        var status: Int32 = 0
        for typed in options.operands {
            // A link is removed, never followed: one that points out of the workspace can still go.
            let path = try context.workspace.resolve(typed, for: "rm", followingLastLink: false)
            if context.workspace.currentComponents.starts(with: path.components) {
                io.printError("rm: refusing to remove '\(typed)': it is the workspace or holds the current folder")
                status = 1
                continue
            }
            guard path.exists else {
                if !options.has("f") {
                    io.printError("rm: cannot remove '\(typed)': No such file or directory")
                    status = 1
                }
                continue
            }
            if path.isDirectory && !path.isSymlink && !recursive {
                io.printError("rm: cannot remove '\(typed)': Is a directory")
                status = 1
                continue
            }
            do {
                try FileManager.default.removeItem(at: path.url)
            } catch {
                io.printError("rm: cannot remove '\(typed)': Permission denied")
                status = 1
            }
        }
        return status
    }
}
