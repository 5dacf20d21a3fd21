import Foundation

/// `cp`
public struct CopyCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "cp", group: .files,
        abstract: "Copy files and folders",
        usage: ["cp [-r] SOURCE DEST", "cp [-r] SOURCE... FOLDER"],
        discussion: "  -r  copy folders and everything in them"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: ["r", "R"], command: "cp")
        let recursive = options.has("r") || options.has("R")
        return try Transfer(command: "cp", operands: options.operands, context: context, io: io) { source, destination, typed in
            if source.isDirectory && !recursive {
                io.printError("cp: -r not specified; omitting directory '\(typed)'")
                return false
            }
            if destination.exists && !destination.isDirectory {
                try FileManager.default.removeItem(at: destination.url)
            }
            try FileManager.default.copyItem(at: source.url, to: destination.url)
            return true
        }.run()
    }
}
