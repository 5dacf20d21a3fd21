import Shell

/// `check`: each of the current exercise's checks, passed or not, and what is missing.
public struct CheckCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "check", group: .lessons,
        abstract: "Check the current exercise",
        usage: ["check"],
        discussion: "Looks at the simulated world (images, containers, registries, your files), not at the commands you typed. Goals are also checked after every command."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let located = try course.current(context) else {
            throw CommandFailure("check: no exercise is open", hint: "open one with 'lesson 1'")
        }
        if located.exercise.quiz != nil {
            io.print("This exercise is a question: answer it with 'answer'.")
            course.describe(located, io: io, style: context.style)
            return 0
        }
        let results = course.evaluate(located.exercise, context: context)
        let style = context.style
        io.print(style.bold("Exercise \(located.label)") + ": " + located.exercise.goal)
        // Several checks on a missing image all say so; once is enough.
        var shown: Set<String> = []
        for result in results where shown.insert(result.detail).inserted {
            let mark = result.passed ? (style.usesUnicode ? "✓" : "x") : " "
            io.print("  [\(mark)] " + (result.passed ? result.detail : style.colored(result.detail, .yellow)))
        }
        if results.allSatisfy(\.passed) {
            try course.announceCompletion(located, io: io, context: context)
            return 0
        }
        try course.record(located, context) { $0.attempts += 1 }
        io.print("Not yet: \(results.filter(\.passed).count) of \(results.count) checks pass." + context.style.dim(" 'hint' helps."))
        return 1
    }
}
