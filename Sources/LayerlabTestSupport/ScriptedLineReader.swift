import LayerlabBasics
import Shell

/// Feeds a session fixed lines and echoes each into the output the way a terminal shows typed input:
/// `$ ` before a command, `> ` before a continuation line, `$$ ` before a line typed into a container's
/// shell, `?? ` and the question before an answer to a command's question (`?? Password: s3cret`). The
/// captured output is then a transcript.
public final class ScriptedLineReader: LineReader {
    private var lines: [String]
    private let echo: (any OutputSink)?

    public init(lines: [String], echoingTo echo: (any OutputSink)? = nil) {
        self.lines = lines
        self.echo = echo
    }

    public func readLine(prompt: LinePrompt) -> LineReadResult {
        guard !lines.isEmpty else { return .endOfInput }
        let line = lines.removeFirst()
        let marker = prompt.isAnswer ? "?? " + prompt.text : prompt.isContinuation ? "> " : prompt.isAttached ? "$$ " : "$ "
        echo?.write(marker + line + "\n", to: .standardOutput)
        return .line(line)
    }

    /// What the session let the reader keep in its history.
    public private(set) var remembered: [String] = []

    public func remember(_ line: String) {
        remembered.append(line)
    }
}
