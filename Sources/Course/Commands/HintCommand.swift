import Shell

/// `hint`: the current exercise's next hint.
public struct HintCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "hint", group: .lessons,
        abstract: "Show the next hint for the current exercise",
        usage: ["hint"],
        discussion: "Hints go from gentle to explicit; how many you used is kept with your progress."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let located = try course.current(context) else { throw CommandFailure("hint: no exercise is open", hint: "open one with 'lesson 1'") }
        if try course.pack(context).manifest.examMode { throw CommandFailure("hint: hints are off in this exam") }
        let hints = located.exercise.hints
        let used = try course.progressRecords(context)[located.key]?.hintsUsed ?? 0
        guard used < hints.count else {
            io.print("Hint \(hints.count) of \(hints.count): \(hints[hints.count - 1])")
            io.print(context.style.dim("That was the last hint. 'solution' shows a reference solution."))
            return 0
        }
        try course.record(located, context) { $0.hintsUsed = used + 1 }
        io.print("Hint \(used + 1) of \(hints.count): \(hints[used])")
        return 0
    }
}
