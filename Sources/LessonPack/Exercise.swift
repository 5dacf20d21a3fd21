import LayerlabBasics

/// Something the learner does, checked by looking at the simulated world afterwards.
public struct Exercise: Equatable, Sendable {
    public var id: String
    /// What to achieve, in a sentence or two.
    public var goal: String
    public var start: StartState
    /// Shown one at a time, in order.
    public var hints: [String]
    /// The commands of a reference solution, as typed at the prompt.
    public var solution: [String]
    /// Where each of `solution` is written, so a failing one is reported at its line.
    public var solutionLocations: [SourceLocation] = []
    /// All must pass for the goal to be reached.
    public var checks: [LessonCheck]
    /// A question answered with `answer`, instead of (or besides) checks on the world.
    public var quiz: Quiz?
    /// An optional score: how the learner's image compares with the reference solution's.
    public var golf: Golf?
    /// Answers a plausible learner would give that must not reach the goal: `pack test` proves each
    /// one fails the checks (or the quiz), as it proves the reference solution passes.
    public var wrongAnswers: [WrongAnswer]
    public var location: SourceLocation

    /// The commands a replay runs (its start, each wrong answer, the solution): roughly how long
    /// `pack test` takes over it.
    public var replayedCommandCount: Int {
        start.commands.count + solution.count + wrongAnswers.reduce(0) { $0 + $1.commands.count }
    }
}

/// A wrong answer to an exercise: commands typed at the prompt, or a quiz answer.
public struct WrongAnswer: Equatable, Sendable {
    /// The commands, in order; for a quiz, one entry: the answer.
    public var commands: [String]
    /// Why it is wrong, for the pack's author and `pack test`'s report.
    public var why: String?
    public var location: SourceLocation

    public init(commands: [String], why: String?, location: SourceLocation) {
        self.commands = commands
        self.why = why
        self.location = location
    }
}

/// Where an exercise starts from: a starter build context copied into the workspace, and commands
/// (pulls, builds, a running registry, a login) run before the learner begins.
public struct StartState: Equatable, Sendable {
    /// A folder of the pack's `Sandbox/`, copied to the workspace root.
    public var workspace: String?
    /// Commands run in a fresh world, as the learner would type them.
    public var commands: [String]
    /// Where each of `commands` is written (an `images:` entry for its pull), so a failing one is reported at its line.
    public var commandLocations: [SourceLocation]

    public init(workspace: String? = nil, commands: [String] = [], commandLocations: [SourceLocation] = []) {
        self.workspace = workspace
        self.commands = commands
        self.commandLocations = commandLocations
    }
}

/// A multiple-choice or short-answer question.
public struct Quiz: Equatable, Sendable {
    public var question: String
    /// For multiple choice; the learner answers with the choice's number.
    public var choices: [String]
    /// The right choice's number (1-based) or the accepted short answers.
    public var answers: [String]

    /// The right answer as shown: the choice with its number, or the first accepted short answer.
    public var answerText: String {
        guard let first = answers.first else { return "" }
        if !choices.isEmpty, let number = Int(first), choices.indices.contains(number - 1) { return "\(number). \(choices[number - 1])" }
        return first
    }

    /// Short answers match ignoring case, surrounding space and repeated inner space.
    public func accepts(_ answer: String) -> Bool {
        let normalized = Self.normalize(answer)
        return answers.contains { Self.normalize($0) == normalized }
    }

    static func normalize(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// A golf score: fewest layers, smallest image or best efficiency (as dive scores it), compared with the reference solution's.
public struct Golf: Equatable, Sendable {
    public enum Measure: String, Sendable {
        case layers, size, efficiency
    }

    public var image: String
    public var measure: Measure
}
