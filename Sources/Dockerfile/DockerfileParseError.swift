import LayerlabBasics

/// BuildKit rejected the Dockerfile. The message is BuildKit's own; the line is where BuildKit places it.
public struct DockerfileParseError: Error, Equatable, Sendable, UserFacingError {
    /// BuildKit's message, e.g. `file with no instructions`.
    public var reason: String
    /// The line BuildKit reports (1-based; 0 for an error before the first line).
    public var line: Int
    /// The file, for the learner's benefit.
    public var file: String

    public init(reason: String, line: Int, file: String = "Dockerfile") {
        self.reason = reason
        self.line = line
        self.file = file
    }

    /// As BuildKit prints it: `dockerfile parse error on line 2: unknown instruction: RNU`.
    public var message: String { "dockerfile parse error on line \(line): \(reason)" }

    public var location: SourceLocation? { nil }

    public var hint: String? { "look at \(file) line \(line)" }
}
