/// A command's standard streams for one run: the input a heredoc or `<` gave it, and where output goes.
public struct CommandIO {
    /// Text on standard input, when a heredoc or `< FILE` supplied some.
    public var standardInput: String?
    let standardOutputSink: any OutputSink
    let standardErrorSink: any OutputSink

    public init(standardInput: String?, standardOutput: any OutputSink, standardError: any OutputSink) {
        self.standardInput = standardInput
        self.standardOutputSink = standardOutput
        self.standardErrorSink = standardError
    }

    /// Writes `text` as it is to standard output.
    public func write(_ text: String) {
        standardOutputSink.write(text, to: .standardOutput)
    }

    /// Writes one line to standard output.
    public func print(_ line: String = "") {
        write(line + "\n")
    }

    /// Standard error as a sink, for output that belongs there in full (pull progress under `docker run`).
    public var errorSink: any OutputSink { standardErrorSink }

    /// Writes one line to standard error.
    public func printError(_ line: String) {
        standardErrorSink.write(line + "\n", to: .standardError)
    }
}
