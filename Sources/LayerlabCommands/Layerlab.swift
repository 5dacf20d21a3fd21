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

    /// Runs layerlab on `arguments` (the command line without the program's name), the program-wide
    /// options given before the subcommand first put where it reads them (`ProgramOptions`).
    public static func main(commandLine arguments: [String]) {
        let placed: [String]
        do {
            placed = try ProgramOptions.placed(in: arguments)
        } catch {
            Self.exit(withError: error)
        }
        main(placed)
    }
}

