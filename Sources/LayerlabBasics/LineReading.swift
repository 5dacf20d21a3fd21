import Foundation
/// What the reader shows before a line: the main prompt, or the continuation prompt when a command
/// spans several lines (an open quote, a heredoc).
public struct LinePrompt: Equatable, Sendable {
    public var text: String
    public var isContinuation: Bool
    /// True when the line goes to a shell inside a container rather than to layerlab.
    public var isAttached: Bool
    /// True when a command asks a question (`Username: `); the answer is not a command for history.
    public var isAnswer: Bool
    /// True for a password: not echoed, never kept.
    public var isSecret: Bool

    public init(text: String, isContinuation: Bool, isAttached: Bool = false, isAnswer: Bool = false, isSecret: Bool = false) {
        self.text = text
        self.isContinuation = isContinuation
        self.isAttached = isAttached
        self.isAnswer = isAnswer
        self.isSecret = isSecret
    }

    /// A command's question to the learner.
    public static func question(_ text: String, secret: Bool) -> LinePrompt {
        LinePrompt(text: text, isContinuation: false, isAnswer: true, isSecret: secret)
    }
}

/// What one read from the user gave.
public enum LineReadResult: Equatable, Sendable {
    case line(String)
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
    /// Ctrl-C: the partial line is discarded.
    case interrupted
}

/// Where the shell's input lines come from: libedit on a terminal, standard input in scripts, a list in tests.
public protocol LineReader: AnyObject {
    func readLine(prompt: LinePrompt) -> LineReadResult
    /// Keeps a line in the reader's history (recall and the history file): what the session decided
    /// may be kept of a command, with its secrets hidden.
    func remember(_ line: String)
    /// Shows `text` above the line being typed (something that happened meanwhile, from another
    /// thread while `readLine` waits for keys), then the prompt and that line again, untouched.
    func interject(_ text: String)
}

extension LineReader {
    public func remember(_ line: String) {}

    public func interject(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

/// Supplies completion candidates for the word under the cursor.
public protocol CompletionProvider: AnyObject {
    /// All words that could stand where the last word of `lineBeforeCursor` is being typed.
    func completionCandidates(lineBeforeCursor: String) -> [String]
}
