import Shell

/// `next`: the exercise after the current one (the next lesson's first, with its text).
public struct NextCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "next", group: .lessons,
        abstract: "Go to the next exercise",
        usage: ["next"],
        discussion: "You may move on before finishing; 'lessons' shows what is left."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let pack = try course.pack(context)
        guard let current = try course.current(context) else {
            try course.open(0, io: io, context: context, showLessonText: true)
            return 0
        }
        guard current.index + 1 < pack.exercises.count else {
            throw CommandFailure("next: this is the last exercise of the course", hint: "'lessons' shows anything left to finish")
        }
        let next = current.index + 1
        try course.open(next, io: io, context: context, showLessonText: course.locate(next, in: pack)?.lesson.id != current.lesson.id)
        return 0
    }
}
