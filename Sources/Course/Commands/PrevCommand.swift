import Shell

/// `prev`: the exercise before the current one.
public struct PrevCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "prev", group: .lessons,
        abstract: "Go back to the previous exercise",
        usage: ["prev"],
        discussion: "Going back does not reset that exercise: type 'reset' for its start state."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let pack = try course.pack(context)
        guard let current = try course.current(context), current.index > 0 else {
            throw CommandFailure("prev: this is the first exercise", hint: "'lessons' lists the lessons")
        }
        let previous = current.index - 1
        try course.open(previous, io: io, context: context, showLessonText: course.locate(previous, in: pack)?.lesson.id != current.lesson.id)
        return 0
    }
}
