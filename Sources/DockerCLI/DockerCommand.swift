import Engine
import Foundation
import LayerlabBasics
import Shell
import SimulatedWorld

/// `docker …` at the layerlab prompt: the simulated engine, spoken to as the real CLI.
public struct DockerCommand: ShellCommand {
    let world: SimulatedWorld

    static let subcommands = [BuildSubcommand.build] + ContainerSubcommands.all + [CopySubcommand.copy] + ImageSubcommands.all
        + VolumeSubcommands.all + RegistrySubcommands.all + ArchiveSubcommands.all + SystemSubcommands.all + BuildxSubcommands.all

    public init(world: SimulatedWorld) {
        self.world = world
    }

    public let help = CommandHelp(
        name: "docker", group: .docker,
        abstract: "Run Docker commands against layerlab's simulated engine",
        usage: ["docker COMMAND [OPTIONS] [ARGUMENTS]"],
        discussion: "Type 'docker' for the list of commands and 'docker COMMAND --help' for one of them. Nothing here talks to a real Docker engine or the network."
    )

    /// Commands of Docker 28's CLI that layerlab's simulation has no counterpart for.
    static let notSimulated: Set<String> = [
        "network", "stats", "compose", "swarm", "service", "stack", "secret", "config", "node", "plugin",
        "context", "trust", "top", "attach", "pause", "unpause", "update", "rename", "events", "export", "import",
    ]

    /// One of them named: said to be Docker's but not simulated, with what to do instead where
    /// something at the prompt does the same work.
    static func notSimulatedFailure(_ command: String) -> CommandFailure {
        let hint = switch command {
        case "network":
            "layerlab's containers have no networks to manage: reach one through the port it publishes (docker run -d -p 8080:80 nginx, then curl localhost:8080)"
        case "stats", "top":
            "layerlab's containers run no real processes, so there is no CPU, memory or process to show; docker ps lists the running containers"
        case "compose", "docker-compose":
            "start each service with docker run (after docker build for those a Dockerfile builds); a compose file's ports:, volumes: and environment: are run's -p, -v and -e"
        default:
            "layerlab's engine simulates images, builds, containers, volumes and registries; 'docker --help' lists what it has"
        }
        let name = command == "docker-compose" ? command : "docker \(command)"
        return CommandFailure("layerlab: \(name) is a Docker command that layerlab does not simulate", hint: hint, exitStatus: 1)
    }

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let first = arguments.first, first != "--help", first != "help" else {
            io.write(Self.overview)
            return 0
        }
        if first == "--version" || first == "-v" {
            io.print(SystemSubcommands.versionLine)
            return 0
        }
        if Self.groups[first] != nil, arguments.count == 1 || arguments[1] == "--help" {
            io.write(Self.groupOverview(first))
            return 0
        }
        guard let (subcommand, consumed) = Self.lookup(arguments) else {
            // Docker's own commands that layerlab does not simulate are named as such, not as unknown.
            if Self.notSimulated.contains(first) { throw Self.notSimulatedFailure(first) }
            let word = arguments.count > 1 && Self.groups[first] != nil ? "\(first) \(arguments[1])" : first
            throw CommandFailure("docker: unknown command: docker \(word)\n\nRun 'docker --help' for more information", exitStatus: 1)
        }
        let rest = Array(arguments.dropFirst(consumed))
        if rest.contains("--help") {
            io.write(subcommand.helpText)
            return 0
        }
        let parsed = try ParsedArguments(rest, specs: subcommand.flags, command: subcommand)
        try subcommand.checkArity(parsed.operands.count)
        do {
            return try world.perform { engine in
                try subcommand.run(DockerInvocation(subcommand: subcommand, arguments: parsed, io: io, context: context, world: world, engine: engine))
            }
        } catch let error as EngineError {
            throw DaemonFailure(error)
        }
    }

    public func mayChangeWorld(_ arguments: [String]) -> Bool {
        guard let first = arguments.first, !["--help", "help", "--version", "-v"].contains(first), !arguments.contains("--help") else { return false }
        return Self.lookup(arguments).map { !$0.0.readsOnly } ?? false
    }

    public func readsSecretInput(_ arguments: [String]) -> Bool {
        arguments.first == "login" && arguments.contains("--password-stdin")
    }

    /// `docker login -p SECRET` is kept in the command log with the password hidden.
    public func loggedArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "login" else { return arguments }
        var logged: [String] = []
        var hideNext = false
        for argument in arguments {
            if hideNext {
                logged.append("********")
                hideNext = false
            } else if argument == "-p" || argument == "--password" {
                logged.append(argument)
                hideNext = true
            } else if argument.hasPrefix("--password=") {
                logged.append("--password=********")
            } else if argument.hasPrefix("-p"), argument.count > 2 {
                logged.append("-p********")
            } else {
                logged.append(argument)
            }
        }
        return logged
    }

    /// The words that name a group of subcommands (`docker volume ls`), with what the group is for.
    static let groups = ["container": "Manage containers", "image": "Manage images", "system": "Manage Docker", "volume": "Manage volumes"]

    /// `docker volume` alone: the group's commands, as cobra lists a parent command's.
    static func groupOverview(_ group: String) -> String {
        let rows: [(String, String)] = subcommands.compactMap { subcommand in
            subcommand.names.first { $0.count == 2 && $0[0] == group }.map { ($0[1], subcommand.summary.components(separatedBy: "\n")[0]) }
        }.sorted { $0.0 < $1.0 }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        return "\nUsage:  docker \(group) COMMAND\n\n\(groups[group] ?? "")\n\nCommands:\n"
            + rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
            + "\nRun 'docker \(group) COMMAND --help' for more information on a command.\n"
    }

    /// The subcommand named by the longest matching prefix of the words, and how many words it took.
    static func lookup(_ words: [String]) -> (DockerSubcommand, Int)? {
        var best: (DockerSubcommand, Int)?
        for subcommand in subcommands {
            for name in subcommand.names where words.starts(with: name) && name.count > (best?.1 ?? 0) {
                best = (subcommand, name.count)
            }
        }
        return best
    }

    static var overview: String {
        var text = "\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers (simulated by layerlab)\n\nCommands:\n"
        let rows = subcommands.map { ($0.names[0].joined(separator: " "), $0.summary.components(separatedBy: "\n")[0]) }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        text += rows.map { "  " + $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
        return text + "\nRun 'docker COMMAND --help' for more information on a command.\n"
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        if position == 0 { return Array(Set(Self.subcommands.map { $0.names[0][0] })).sorted() }
        if position == 1, Self.groups[arguments[0]] != nil {
            return Self.subcommands.compactMap { $0.names.first { $0.count == 2 && $0[0] == arguments[0] }?[1] }.sorted()
        }
        // Image names for commands that take them.
        return world.perform(\.images.familiarNames) + context.workspace.pathCompletions(for: arguments.last ?? "")
    }
}
