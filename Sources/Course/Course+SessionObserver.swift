import DockerCLI
import Engine
import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax

/// What the course does as the session runs: resuming, welcoming, keeping undo steps, and checking
/// the current exercise after every command.
extension Course: SessionObserver {
    /// Greets a returning learner from the note `open` left, without loading the pack or waiting for
    /// the database, so the first prompt comes as fast as before the course existed; the position
    /// itself is restored from the database when first needed.
    public func sessionDidStart(io: CommandIO, context: ShellContext) {
        // Leftovers of a process killed mid-way: this session owns the home now, so they are no one's.
        world.removeAbandonedSnapshots()
        Leftovers.remove(in: context.home.url.appendingPathComponent("tmp"), prefix: "stdin-build-")
        if let crashed = CrashGuard.takeNote(at: context.home.crashNotePath) {
            io.printError("layerlab stopped on an internal error last time, while \(crashed). Your progress up to then is saved.")
            // Checking again after every command would stop layerlab again at once: a crash loop.
            if crashed.hasPrefix(CrashGuard.checkingPrefix) {
                automaticChecksPaused = true
                io.printError(context.style.dim("Goals are not checked after each command in this session; type 'check' to check the exercise."))
            }
        }
        if context.asksLearnerName {
            welcome(io: io, context: context)
            return
        }
        if let note = ResumeNote(home: context.home.url).read(for: context.learnerName) {
            io.write(note.greeting)
            context.promptTag = note.label
        }
    }

    /// The first run at a terminal: asks the learner's name, keeps it as the home's for good, and says
    /// how to begin. Scripts never see it.
    func welcome(io: CommandIO, context: ShellContext) {
        let course = (try? pack(context)).map { " This is \($0.manifest.title): \($0.lessons.count) lessons, \($0.exercises.count) exercises." } ?? ""
        io.print(context.style.bold("Welcome to layerlab!") + course)
        let suggested = context.learnerName
        let answer = context.ask("What should layerlab call you? [\(suggested)] ", secret: false).flatMap(HomeLearner.cleaned)
        // The name the session goes by from here on: its progress record (a home made by an older
        // layerlab may have one under that name already: it is theirs), its resume notes, later runs.
        let name = answer ?? suggested
        context.learnerName = name
        context.asksLearnerName = false
        progress.open(learnerNamed: name)
        do {
            try context.home.saveLearnerName(name)
        } catch {
            io.printError("layerlab: cannot keep your name in \(context.home.url.path) (\(error.localizedDescription)); the next run asks again")
        }
        io.print("Hello, \(name). Type 'lessons' to see the course, 'lesson 1' to begin, and 'help' for every command.")
        io.print("Everything runs in a simulated Docker: nothing you do here touches a real engine or the network.")
    }

    public func commandWillStart(_ commandLine: SimpleCommandLine, kept: String, context: ShellContext) {
        let words = commandLine.arguments
        let writesFile = commandLine.redirections.contains { if case .output = $0 { true } else { false } }
        let command = context.registry.command(named: words[0])
        let mayChangeWorld = writesFile || command?.mayChangeWorld(Array(words.dropFirst())) ?? true
        commandIsReadOnly = !mayChangeWorld && !(command is any CourseCommand)
        guard mayChangeWorld else { return }
        // Undo shows the label again, so it is the line as it may be kept, secrets hidden.
        pendingSnapshot = try? world.beginUndoStep(label: kept.split(separator: "\n").first.map(String.init) ?? kept)
    }

    public func commandDidFinish(_ line: String, status: Int32, io: CommandIO, context: ShellContext) {
        if let snapshot = pendingSnapshot {
            pendingSnapshot = nil
            world.endUndoStep(snapshot)
        }
        // A session whose first commands change nothing has no time to count yet (it starts when the
        // position is restored) and no goal to check: the pack is not read for them, so a scripted
        // `exit` costs what starting costs.
        if !positionRestored && commandIsReadOnly { return }
        guard let located = try? current(context) else { return }
        let now = context.clock.now
        let spent = min(max(0, now.timeIntervalSince(lastActivity ?? now)), 300)
        lastActivity = now
        if spent > 0 { _ = try? record(located, context) { $0.secondsSpent += spent } }
        guard !automaticChecksPaused, !announced.contains(located.key), located.exercise.quiz == nil, !located.exercise.checks.isEmpty else { return }
        // A goal reached in an earlier session was announced then (and its golf score given): once is enough.
        if (try? progressRecords(context)[located.key]?.status) == .completed {
            announced.insert(located.key)
            return
        }
        let outer = CrashGuard.begin("\(CrashGuard.checkingPrefix) \(located.label) after a command")
        defer { CrashGuard.end(restoring: outer) }
        guard evaluate(located.exercise, context: context).allSatisfy(\.passed) else { return }
        try? announceCompletion(located, io: io, context: context)
    }
}
