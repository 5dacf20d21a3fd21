import Shell

/// What the course's REPL commands share: the course they act on, which also follows the session.
protocol CourseCommand: ShellCommand {
    var course: Course { get }
}

extension CourseCommand {
    public var sessionObserver: (any SessionObserver)? { course }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] { [] }
}
