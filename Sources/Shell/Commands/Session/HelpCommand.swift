/// `help`
public struct HelpCommand: ShellCommand {
    public init() {}

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public let help = CommandHelp(
        name: "help", group: .session,
        abstract: "List the commands, or explain one",
        usage: ["help [COMMAND]"],
        discussion: "Example: help ls"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        switch arguments.count {
        case 0:
            io.write(Self.overview(of: context.registry, style: context))
        case 1:
            guard let command = context.registry.command(named: arguments[0]) else {
                let suggestion = context.registry.suggestion(for: arguments[0]).map { "Did you mean '\($0)'?" }
                throw CommandFailure("help: no command named '\(arguments[0])'", hint: suggestion ?? "Type 'help' to list the commands.")
            }
            io.write(Self.details(of: command.help))
        default:
            throw CommandFailure.usage("help", "give at most one command")
        }
        return 0
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        position == 0 ? context.registry.listedNames : []
    }

    static func overview(of registry: CommandRegistry, style context: ShellContext) -> String {
        let listed = registry.commands.map(\.help).filter(\.isListed)
        let byGroup = Dictionary(grouping: listed, by: \.group)
        let nameWidth = listed.map(\.name.count).max() ?? 0
        var text = ""
        for group in CommandGroup.allCases {
            guard let helps = byGroup[group] else { continue }
            text += context.style.bold(group.title) + "\n"
            for help in helps.sorted(by: { $0.name < $1.name }) {
                text += "  " + help.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + help.abstract + "\n"
            }
            text += "\n"
        }
        text += "Type 'help COMMAND' to learn more about a command.\n"
        return text
    }

    static func details(of help: CommandHelp) -> String {
        var text = "\(help.name): \(help.abstract)\n\nUsage:\n"
        text += help.usage.map { "  \($0)\n" }.joined()
        if !help.aliases.isEmpty {
            text += "\nAlso called: \(help.aliases.joined(separator: ", "))\n"
        }
        if !help.discussion.isEmpty {
            text += "\n\(help.discussion)\n"
        }
        return text
    }
}
