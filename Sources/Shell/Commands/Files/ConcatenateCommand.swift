import Foundation

/// `cat`
public struct ConcatenateCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "cat", group: .files,
        abstract: "Print files, or write one with a heredoc",
        usage: ["cat FILE...", "cat > FILE <<'EOF'"],
        discussion: """
        Prints the files one after another. With no file, prints what comes on standard input, which is how
        you write a file without an editor:

          cat > Dockerfile <<'EOF'
          FROM python:3.12-slim
          EOF
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: [], command: "cat")
        if options.operands.isEmpty {
            io.write(io.standardInput ?? "")
            return 0
        }
        var status: Int32 = 0
        for typed in options.operands {
            if typed == "-" {
                io.write(io.standardInput ?? "")
                continue
            }
            let path = try context.workspace.resolve(typed, for: "cat")
            if path.isDirectory {
                io.printError("cat: \(typed): Is a directory")
                status = 1
            } else if let data = FileManager.default.contents(atPath: path.url.path) {
                io.write(String(decoding: data, as: UTF8.self))
            } else {
                io.printError("cat: \(typed): No such file or directory")
                status = 1
            }
        }
        return status
    }
}
