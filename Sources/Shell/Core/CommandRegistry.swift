import LayerlabBasics

/// The commands a session knows, found by name or alias.
public struct CommandRegistry {
    public private(set) var commands: [any ShellCommand] = []
    private var byName: [String: Int] = [:]

    public init(_ commands: [any ShellCommand] = []) {
        for command in commands { register(command) }
    }

    /// Adds a command; a later registration of the same name replaces the earlier one.
    public mutating func register(_ command: any ShellCommand) {
        let index: Int
        if let existing = byName[command.help.name] {
            commands[existing] = command
            index = existing
        } else {
            commands.append(command)
            index = commands.count - 1
        }
        for name in [command.help.name] + command.help.aliases {
            byName[name] = index
        }
    }

    public func command(named name: String) -> (any ShellCommand)? {
        byName[name].map { commands[$0] }
    }

    /// Every name and alias, sorted.
    public var names: [String] { byName.keys.sorted() }

    /// The names and aliases of the commands `help` lists, sorted: what Tab offers.
    public var listedNames: [String] { byName.filter { commands[$0.value].help.isListed }.keys.sorted() }

    /// The closest known name, for "did you mean".
    public func suggestion(for name: String) -> String? {
        Suggestion.closest(to: name, in: names)
    }
}
