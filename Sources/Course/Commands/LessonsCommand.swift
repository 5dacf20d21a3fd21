import LayerlabBasics
import Shell

/// `lessons`: the course's lessons, with ✓ for finished ones, the current one marked, and a progress bar.
public struct LessonsCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "lessons", group: .lessons,
        abstract: "List the lessons, with your progress",
        usage: ["lessons"],
        discussion: "Each lesson shows how many of its exercises you have done. Open one with 'lesson N'."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard arguments.isEmpty else { throw CommandFailure.usage("lessons", "takes no arguments") }
        let pack = try course.pack(context)
        let records = try course.progressRecords(context)
        let current = try course.current(context)
        let style = context.style
        io.print(style.bold(pack.manifest.title) + " (\(pack.manifest.version))")
        var done = 0
        var total = 0
        for (number, lesson) in pack.lessons.enumerated() {
            let finished = lesson.exercises.filter { records["\(lesson.id)/\($0.id)"]?.status == .completed }.count
            done += finished
            total += lesson.exercises.count
            let complete = finished == lesson.exercises.count && !lesson.exercises.isEmpty
            let mark = complete ? (style.usesUnicode ? "✓" : "x") : " "
            let pointer = current?.lesson.id == lesson.id ? ">" : " "
            let numberText = String(number + 1).leftPadded(to: 2)
            io.print("\(pointer)[\(mark)] \(numberText). \(lesson.title) (\(finished)/\(lesson.exercises.count))")
        }
        io.print(ProgressBar.render(done: done, total: total, style: style) + " \(done)/\(total) exercises")
        if current == nil { io.print(style.dim("Start with 'lesson 1'.")) }
        return 0
    }
}
