import LayerlabBasics

/// Reads lines from standard input with no prompt and no editing: the scripted, non-tty path.
public final class PlainLineReader: LineReader {
    public init() {}

    public func readLine(prompt: LinePrompt) -> LineReadResult {
        guard var line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }
}
