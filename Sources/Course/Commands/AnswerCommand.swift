import Shell

/// `answer TEXT`: answers the current exercise's question.
public struct AnswerCommand: CourseCommand {
    let course: Course

    public let help = CommandHelp(
        name: "answer", group: .lessons,
        abstract: "Answer the current exercise's question",
        usage: ["answer NUMBER", "answer TEXT"],
        discussion: "For a multiple-choice question give the choice's number; a short answer ignores case and extra spaces."
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard let located = try course.current(context) else { throw CommandFailure("answer: no exercise is open", hint: "open one with 'lesson 1'") }
        guard let quiz = located.exercise.quiz else {
            throw CommandFailure("answer: this exercise is not a question", hint: "do what the goal says, then 'check'")
        }
        guard !arguments.isEmpty else { throw CommandFailure.usage("answer", quiz.choices.isEmpty ? "give your answer" : "give the number of your choice") }
        if quiz.accepts(arguments.joined(separator: " ")) {
            try course.announceCompletion(located, io: io, context: context)
            return 0
        }
        try course.record(located, context) { $0.attempts += 1 }
        io.print("Not quite. Try again, or type 'hint'.")
        return 1
    }
}
