import Foundation

/// `mkdir`
public struct MakeDirectoryCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "mkdir", group: .files,
        abstract: "Create folders",
        usage: ["mkdir [-p] FOLDER..."],
        discussion: "  -p  create missing parent folders too, and do not complain if the folder exists"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["p"], command: "mkdir")
        guard !options.operands.isEmpty else { throw CommandFailure.usage("mkdir", "missing operand") }
        var status: Int32 = 0
        for typed in options.operands {
            let path = try context.workspace.resolve(typed, for: "mkdir")
            if path.exists {
                if options.has("p") && path.isDirectory { continue }
                io.printError("mkdir: cannot create directory '\(typed)': File exists")
                status = 1
            } else if !options.has("p") && !path.parent.isDirectory {
                io.printError("mkdir: cannot create directory '\(typed)': No such file or directory")
                status = 1
            } else {
                do {
                    try FileManager.default.createDirectory(at: path.url, withIntermediateDirectories: true)
                } catch {
                    io.printError("mkdir: cannot create directory '\(typed)': Not a directory")
                    status = 1
                }
            }
        }
        return status
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        context.workspace.pathCompletions(for: arguments.last ?? "").filter { $0.hasSuffix("/") }
    }
}
