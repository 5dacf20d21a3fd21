import ArgumentParser

/// Options every subcommand that touches the learner's state shares.
public struct HomeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Where layerlab keeps progress and your workspace.", valueName: "DIR"))
    public var home: String?

    public init() {}
}
