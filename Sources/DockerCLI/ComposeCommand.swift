import Shell

/// `docker-compose`, Compose's standalone program: not simulated, and says so as `docker compose`
/// does (see `DockerCommand.notSimulatedFailure`) rather than being an unknown command.
public struct ComposeCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "docker-compose", group: .docker,
        abstract: "Docker Compose, which layerlab does not simulate",
        usage: ["docker-compose COMMAND"],
        discussion: "layerlab's engine runs containers one docker run at a time; start each service of a compose file that way.",
        isListed: false
    )

    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        throw DockerCommand.notSimulatedFailure("docker-compose")
    }
}
