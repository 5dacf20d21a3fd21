import ArgumentParser
import LayerlabBasics

/// The `layerlab` command: the REPL by default, and tools for instructors and conformance checks.
public struct Layerlab: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "layerlab",
        abstract: "Learn how Docker images really work, in a simulated sandbox.",
        version: LayerlabVersion.current,
        subcommands: [Repl.self, Daemon.self, Env.self, Lesson.self, Next.self, Check.self, Hint.self, Parse.self, CheckIgnore.self, Bench.self, Lint.self, ProgressCommandGroup.self, PackCommand.self, ClassCommand.self, CatalogCommand.self],
        defaultSubcommand: Repl.self
    )

    public init() {}
}

