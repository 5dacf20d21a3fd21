import Foundation

/// `mv`
public struct MoveCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "mv", group: .files,
        abstract: "Move or rename files and folders",
        usage: ["mv SOURCE DEST", "mv SOURCE... FOLDER"],
        discussion: "Renames SOURCE to DEST, or moves the sources into FOLDER when it exists."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: [], command: "mv")
        return try Transfer(command: "mv", operands: options.operands, context: context, io: io) { source, destination, _ in
            if destination.exists && !destination.isDirectory {
                try FileManager.default.removeItem(at: destination.url)
            }
            try FileManager.default.moveItem(at: source.url, to: destination.url)
            return true
        }.run()
    }
}
