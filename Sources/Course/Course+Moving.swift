import DockerCLI
import Engine
import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax

/// Opening exercises and putting the world in their start state.
extension Course {
    /// Opens an exercise: the lesson's text when entering a lesson, the goal, and on first opening
    /// the exercise's start state (the world before it is kept as an undo step).
    func open(_ index: Int, io: CommandIO, context: ShellContext, showLessonText: Bool) throws {
        let pack = try pack(context)
        guard let located = locate(index, in: pack) else { return }
        let records = try progressRecords(context)
        let firstTime = records[located.key] == nil
        position = index
        positionRestored = true
        lastActivity = context.clock.now
        if showLessonText {
            io.print(context.style.bold("Lesson \(located.lessonNumber) of \(pack.lessons.count): \(located.lesson.title)"))
            io.print()
            if !located.lesson.text.isEmpty {
                io.write(TerminalMarkdown(style: context.style).render(located.lesson.text))
                io.print()
            }
        }
        if firstTime {
            let note = try applyStartKeepingWork(of: located.exercise, context: context)
            if let note { io.print(context.style.colored(note, .yellow)) }
        }
        try record(located, context) { _ in }
        let (database, learner) = try database(context)
        try database.setPosition(CoursePosition(learnerID: learner, packID: pack.manifest.id, lessonID: located.lesson.id, exerciseID: located.exercise.id, updatedAt: context.clock.now))
        describe(located, io: io, style: context.style)
        let name = try database.learner(id: learner)?.name ?? context.learnerName
        let description = BufferOutputSink()
        // Plain: the note may be shown by a later session without colour.
        describe(located, io: CommandIO(standardInput: nil, standardOutput: description, standardError: description), style: .plain)
        ResumeNote(home: context.home.url).write(
            label: located.label,
            greeting: "Welcome back, \(name). You were at lesson \(located.lessonNumber), \(located.lesson.title).\n" + description.combined,
            for: context.learnerName
        )
        context.promptTag = located.label
    }

    func describe(_ located: Located, io: CommandIO, style: TerminalStyle) {
        io.print(style.bold("Exercise \(located.label) (\(located.exercise.id))") + ": " + located.exercise.goal)
        if let quiz = located.exercise.quiz {
            io.print()
            io.print(quiz.question)
            for (number, choice) in quiz.choices.enumerated() { io.print("  \(number + 1). \(choice)") }
            io.print(style.dim(quiz.choices.isEmpty ? "Answer with: answer YOUR ANSWER" : "Answer with: answer NUMBER"))
        } else {
            io.print(style.dim("Type 'hint' for a hint and 'check' to see how far you are."))
        }
    }

    /// Opens an exercise's start over what the learner has made: starter folders the workspace lacks
    /// are copied (the learner's own copy is kept), and the start commands run over the learner's
    /// world. When they cannot (the learner's files or containers are in their way), the exercise
    /// starts from a fresh world instead. Either way the world before is an undo step, and what the
    /// start removed or replaced is told: the returned note.
    func applyStartKeepingWork(of exercise: Exercise, context: ShellContext) throws -> String? {
        let before = viewingWorld(context) { WorldInventory($0) }
        try world.keepUndoStep(label: "the start of exercise \(exercise.id)")
        var freshBecause: String?
        do {
            // What the start and the reference solution publish and name must be free, as they are
            // in a fresh world: the learner's containers holding them go (and are told of).
            let claims = ContainerClaims(ofCommandLines: exercise.start.commands + exercise.solution)
            try world.perform { engine throws(EngineError) in
                for container in engine.allContainers where claims.names.contains(container.name)
                    || container.isRunning && container.ports.contains(where: { claims.hostPorts.contains($0.hostPort) }) {
                    try engine.removeContainer(container.id, force: true)
                }
            }
            if let folder = exercise.start.workspace {
                let target = context.workspace.root.appendingPathComponent(folder)
                if !FileManager.default.fileExists(atPath: target.path) {
                    try FileManager.default.copyItem(at: try pack(context).sandbox.appendingPathComponent(folder), to: target)
                }
            }
            try runQuietly(exercise.start.commands, at: exercise.start.commandLocations, context: context, purpose: "set up the start of exercise \(exercise.id)")
            context.workspace = try Workspace(root: context.home.workspaceURL)
        } catch let failure as PackCommandFailure {
            freshBecause = "`\(failure.commandLine)` failed"
            try applyStart(of: exercise, context: context, keepUndo: false)
        }
        let losses = before.losses(in: viewingWorld(context) { WorldInventory($0) })
        guard !losses.isEmpty else { return nil }
        let opening = freshBecause.map { "This exercise starts from a fresh world (its start, \($0), could not run over your work): " }
            ?? "This exercise's start "
        return opening + losses.joined(separator: "; ") + ". 'undo' brings back what you had."
    }

    /// Puts the world in an exercise's start state: a fresh engine, workspace and logins, the
    /// starter files, then the start commands run quietly.
    func applyStart(of exercise: Exercise, context: ShellContext, keepUndo: Bool) throws {
        if keepUndo { try? world.keepUndoStep(label: "the start of exercise \(exercise.id)") }
        world.clear()
        context.workspace = try Workspace(root: context.home.workspaceURL)
        if let folder = exercise.start.workspace {
            // The starter folder keeps its name: the learner finds python-app/ in the workspace.
            let source = try pack(context).sandbox.appendingPathComponent(folder)
            try FileManager.default.copyItem(at: source, to: context.workspace.root.appendingPathComponent(folder))
        }
        try runQuietly(exercise.start.commands, at: exercise.start.commandLocations, context: context, purpose: "set up the start of exercise \(exercise.id)")
        context.workspace = try Workspace(root: context.home.workspaceURL)
    }

    /// Runs commands as the learner would, without logging them or telling observers; fails with the
    /// output of the one that fails, and where it is written (`locations`, one per command, when known),
    /// unless told to go on as a learner would after a failed command.
    func runQuietly(_ commands: [String], at locations: [SourceLocation] = [], context: ShellContext, purpose: String,
                    stoppingAtFailure: Bool = true) throws(PackCommandFailure) {
        let sink = BufferOutputSink()
        let session = Session(quietlyOver: context, output: sink)
        // A pack is untrusted: a quiet session refuses every command that reaches the host.
        for (index, command) in commands.enumerated() {
            // Only the failing command's own output says why it failed.
            sink.removeAll()
            let status = session.execute(command)
            guard status != 0, stoppingAtFailure else { continue }
            throw PackCommandFailure(purpose: purpose, command: command, commandLocation: locations.indices.contains(index) ? locations[index] : nil,
                                     status: status, output: sink.combined)
        }
    }
}
