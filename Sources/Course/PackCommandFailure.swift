import LayerlabBasics

/// A command a lesson pack runs, a start command or one of a reference solution, failed: a problem of
/// the pack, told with where the command is written and what it printed, which says why.
public struct PackCommandFailure: Error, UserFacingError {
    /// What the commands were run for: "set up the start of exercise build-hello".
    public var purpose: String
    public var command: String
    /// Where the command is written, relative to the pack's folder, when known.
    public var commandLocation: SourceLocation?
    public var status: Int32
    /// Everything the command printed, both streams as a terminal shows them.
    public var output: String

    /// The command's first line: a heredoc's body is in the lesson file, at `commandLocation`.
    public var commandLine: String { String(command.split(separator: "\n").first ?? "") }

    public var message: String { "layerlab: could not \(purpose): `\(commandLine)` failed:\n\(output)" }

    public var hint: String? {
        "this is a problem of the lesson pack" + (commandLocation.map { " (the command is at \($0))" } ?? "")
            + "; 'layerlab pack validate' and 'pack test' find such problems"
    }
}
