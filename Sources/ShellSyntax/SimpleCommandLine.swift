/// A single command with its redirections: what the REPL runs for one input line.
///
/// The REPL runs one command at a time; lists and pipelines (`&&`, `|`) belong to the simulated shell
/// that runs RUN instructions, so here they are refused with a message that says so.
public struct SimpleCommandLine: Equatable, Sendable {
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]

    public init(words: [ShellWord], redirections: [ShellRedirection]) {
        self.words = words
        self.redirections = redirections
    }

    public var arguments: [String] { words.map(\.text) }

    /// Builds the command from tokens; `nil` for a blank or comment-only line.
    public static func from(_ tokens: [ShellToken]) throws(SimpleCommandLineError) -> SimpleCommandLine? {
        var words: [ShellWord] = []
        var redirections: [ShellRedirection] = []
        for token in tokens {
            switch token {
            case .word(let word): words.append(word)
            case .redirection(let redirection): redirections.append(redirection)
            case .newline: continue
            case .operator(let op): throw .unsupportedOperator(op)
            }
        }
        if words.isEmpty && redirections.isEmpty { return nil }
        if words.isEmpty { throw .missingCommand }
        return SimpleCommandLine(words: words, redirections: redirections)
    }
}

public enum SimpleCommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedOperator(ShellOperator)
    case missingCommand

    public var description: String {
        switch self {
        case .unsupportedOperator(let op):
            "layerlab's prompt runs one command at a time, so `\(op.rawValue)` is not supported here"
        case .missingCommand:
            "a redirection needs a command to go with it"
        }
    }
}
