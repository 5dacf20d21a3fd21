import LayerlabBasics
import Shell

/// `lesson N|ID`: opens a lesson (its text and its first unfinished exercise).
public struct LessonCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "lesson", group: .lessons,
        abstract: "Open a lesson by number or ID",
        usage: ["lesson N", "lesson ID"],
        discussion: "Shows the lesson's text and its first exercise you have not finished. Without an argument, shows the current exercise again."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let pack = try course.pack(context)
        guard let wanted = arguments.first else {
            guard let current = try course.current(context) else { throw CommandFailure("lesson: no lesson is open", hint: "open the first with 'lesson 1'; 'lessons' lists them all") }
            course.describe(current, io: io, style: context.style)
            return 0
        }
        guard arguments.count == 1 else { throw CommandFailure.usage("lesson", "give one lesson number or ID") }
        let lessonIndex: Int
        if let number = Int(wanted) {
            guard (1...pack.lessons.count).contains(number) else {
                throw CommandFailure("lesson: there is no lesson \(number)", hint: "the lessons are numbered 1 to \(pack.lessons.count); 'lessons' lists them")
            }
            lessonIndex = number - 1
        } else if let index = pack.lessons.firstIndex(where: { $0.id == wanted }) {
            lessonIndex = index
        } else {
            let suggestion = Suggestion.closest(to: wanted, in: pack.lessons.map(\.id)).map { "did you mean '\($0)'? " } ?? ""
            throw CommandFailure("lesson: there is no lesson '\(wanted)'", hint: suggestion + "'lessons' lists them")
        }
        let records = try course.progressRecords(context)
        let lesson = pack.lessons[lessonIndex]
        guard !lesson.exercises.isEmpty else { throw CommandFailure("lesson: '\(lesson.id)' has no exercises") }
        let firstIndex = pack.lessons[..<lessonIndex].reduce(0) { $0 + $1.exercises.count }
        let unfinished = lesson.exercises.firstIndex { records["\(lesson.id)/\($0.id)"]?.status != .completed } ?? 0
        try course.open(firstIndex + unfinished, io: io, context: context, showLessonText: true)
        return 0
    }
}
