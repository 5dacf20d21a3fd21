import Shell

/// `solution`: the reference solution, after the learner confirms (viewing it is recorded).
public struct SolutionCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "solution", group: .lessons,
        abstract: "Show a reference solution for the current exercise",
        usage: ["solution", "solution -y"],
        discussion: "Asks first, since seeing it is recorded in your progress; -y skips the question."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let located = try course.current(context) else { throw CommandFailure("solution: no exercise is open", hint: "open one with 'lesson 1'") }
        if try course.pack(context).manifest.examMode { throw CommandFailure("solution: solutions are off in this exam") }
        if !arguments.contains("-y") {
            let answer = context.ask("Show the reference solution? It is recorded in your progress. [y/N] ", secret: false) ?? ""
            guard ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces)) else {
                io.print("Not shown.")
                return 0
            }
        }
        try course.record(located, context) { $0.solutionViewed = true }
        if let quiz = located.exercise.quiz {
            io.print("Answer: \(quiz.answerText)")
            return 0
        }
        io.print("A reference solution (from the exercise's start state):")
        for command in located.exercise.solution {
            let lines = command.split(separator: "\n", omittingEmptySubsequences: false)
            io.print("  $ " + lines[0])
            for line in lines.dropFirst() { io.print("  > " + line) }
        }
        return 0
    }
}
