import LayerlabBasics

/// BuildKit rejected the Dockerfile. The message is BuildKit's own; the line is where BuildKit places it.
public struct DockerfileParseError: Error, Equatable, Sendable, UserFacingError {
    /// BuildKit's message, e.g. `file with no instructions`.
    public var reason: String
    /// The line BuildKit reports (1-based; 0 for an error before the first line).
    public var line: Int
    /// The last line of the instruction the error is about (its continuation lines and heredoc bodies
    /// are in the range BuildKit marks in its excerpt); `line` when the error is about one line.
    public var endLine: Int
    /// The file, for the learner's benefit.
    public var file: String
    /// Whether the message names the line: BuildKit says `dockerfile parse error on line N:` for an
    /// instruction it cannot parse, but only locates (for the excerpt box) errors about the file's
    /// shape, such as an instruction before any FROM (buildkit v0.22.0 instructions/parse.go,
    /// parseError against parser.WithLocation).
    public var namesLine: Bool

    public init(reason: String, line: Int, endLine: Int? = nil, file: String = "Dockerfile", namesLine: Bool = true) {
        self.reason = reason
        self.line = line
        self.endLine = max(line, endLine ?? line)
        self.file = file
        self.namesLine = namesLine
    }

    /// As BuildKit prints it: `dockerfile parse error on line 2: unknown instruction: RNU`.
    public var message: String { namesLine ? "dockerfile parse error on line \(line): \(reason)" : reason }

    public var location: SourceLocation? { nil }

    public var hint: String? { "look at \(file) line \(line)" }
}
