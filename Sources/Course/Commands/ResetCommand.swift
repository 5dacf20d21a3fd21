import Shell

/// `reset`: the current exercise's start state again (undo brings back what was there).
public struct ResetCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "reset", group: .lessons,
        abstract: "Put the current exercise back to its start state",
        usage: ["reset"],
        discussion: "Replaces your images, containers, registries, logins and workspace files with the exercise's start. 'undo' brings back what you had."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let located = try course.current(context) else { throw CommandFailure("reset: no exercise is open", hint: "open one with 'lesson 1'") }
        try course.applyStart(of: located.exercise, context: context, keepUndo: true)
        io.print("Exercise \(located.label) is back at its start. ('undo' brings back what you had.)")
        return 0
    }
}
