/// `echo`
public struct EchoCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "echo", group: .files,
        abstract: "Print text, or write it to a file with >",
        usage: ["echo [-n] [TEXT...]"],
        discussion: """
          -n  no newline at the end
        Example: echo node_modules >> .dockerignore
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        var words = arguments
        var newline = true
        if words.first == "-n" {
            newline = false
            words.removeFirst()
        }
        io.write(words.joined(separator: " ") + (newline ? "\n" : ""))
        return 0
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] { [] }
}
