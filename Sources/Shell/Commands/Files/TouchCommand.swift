import Foundation

/// `touch`: makes empty files, or gives existing ones the current time (which `docker build` notices
/// only where BuildKit looks at times).
public struct TouchCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "touch", group: .files,
        abstract: "Create empty files, or set a file's time to now",
        usage: ["touch [-c] FILE..."],
        discussion: "  -c  do not create files that do not exist"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["c"], command: "touch")
        guard !options.operands.isEmpty else { throw CommandFailure.usage("touch", "missing file operand") }
        var status: Int32 = 0
        for typed in options.operands {
            let path = try context.workspace.resolve(typed, for: "touch")
            if path.exists {
                do {
                    try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: path.url.path)
                } catch {
                    io.printError("touch: cannot touch '\(typed)': Permission denied")
                    status = 1
                }
            } else if !options.has("c") {
                guard path.parent.isDirectory, FileManager.default.createFile(atPath: path.url.path, contents: nil) else {
                    io.printError("touch: cannot touch '\(typed)': No such file or directory")
                    status = 1
                    continue
                }
            }
        }
        return status
    }
}
