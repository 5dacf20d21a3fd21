import Shell

/// What the course's REPL commands share: the course they act on.
protocol CourseCommand: ShellCommand {
    var course: Course { get }
}

extension CourseCommand {
    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] { [] }
}
