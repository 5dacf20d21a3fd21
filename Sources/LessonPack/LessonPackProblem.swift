import LayerlabBasics

/// One thing wrong with a lesson pack: where (file:line), what, and what to do. A pack is checked as a
/// whole, so an author sees every problem at once.
public struct LessonPackProblem: Error, Equatable, Sendable, UserFacingError {
    /// An error makes the pack unusable; a warning names something learners may trip on that its author
    /// may mean (a Dockerfile the learner is to fix), and leaves the pack valid.
    public enum Severity: Equatable, Sendable {
        case error, warning
    }

    public var location: SourceLocation?
    public var message: String
    public var hint: String?
    public var severity: Severity

    public init(_ message: String, at location: SourceLocation?, hint: String? = nil, severity: Severity = .error) {
        self.message = message
        self.location = location
        self.hint = hint
        self.severity = severity
    }
}

/// A pack that cannot be used: its problems, the first of which is shown with how many more there are.
public struct LessonPackError: Error, Equatable, Sendable, UserFacingError {
    public var problems: [LessonPackProblem]

    public var message: String {
        let first = problems.first.map { ($0.location.map { "\($0): " } ?? "") + $0.message } ?? "the lesson pack is not valid"
        return problems.count > 1 ? "\(first) (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"))" : first
    }

    public var hint: String? {
        problems.count > 1 ? "run 'layerlab pack validate DIR' to list them all" : problems.first?.hint
    }
}
