import Shell

/// What the course's REPL commands share: the course they act on.
protocol CourseCommand: ShellCommand {
    var course: Course { get }
}

extension CourseCommand {
    /// Course commands only look, or keep their own undo step (opening an exercise, reset, undo itself).
    public func mayChangeWorld(_ arguments: [String]) -> Bool { false }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] { [] }
}
