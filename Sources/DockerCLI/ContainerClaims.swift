import ShellSyntax

/// What a `docker run` or `docker create` line needs for itself: the host ports it publishes and the
/// name it gives, which no other container may hold. A lesson's start frees them before it runs.
public struct ContainerClaims: Equatable, Sendable {
    public var hostPorts: [Int] = []
    public var names: [String] = []

    /// The claims of command lines as typed at the prompt; other lines claim nothing.
    public init(ofCommandLines lines: [String]) {
        for line in lines {
            guard case .success(let tokens) = ShellLexer().tokenize(line), let command = try? SimpleCommandLine.from(tokens) else { continue }
            var words = command.arguments
            guard words.first == "docker" else { continue }
            words.removeFirst()
            if words.first == "container" { words.removeFirst() }
            guard let verb = words.first, verb == "run" || verb == "create",
                  let arguments = try? ParsedArguments(Array(words.dropFirst()), specs: ContainerSubcommands.runFlags, command: ContainerSubcommands.run)
            else { continue }
            hostPorts += arguments.values("publish").compactMap { ContainerSubcommands.parsePort($0)?.hostPort }.filter { $0 != 0 }
            names += arguments.value("name").map { [$0] } ?? []
        }
    }
}
