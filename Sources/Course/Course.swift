import DockerCLI
import Engine
import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax

/// The learner's way through a lesson pack in one session: where they are, checking the world after
/// every command, hints and solutions, undo and reset, and the progress kept in SQLite.
public final class Course: SessionObserver {
    /// Where the pack comes from: a folder, or nil to find the built-in course.
    let packFolder: URL?
    private var loaded: Result<LessonPack, LessonPackError>?
    /// Index into `pack.exercises` of the exercise being worked on.
    var position: Int?
    private var learnerID: Int64?
    private var pendingSnapshot: URL?
    private var lastActivity: Date?
    /// Exercises whose goal was announced in this session, so it is announced once.
    private var announced: Set<String> = []

    public init(packFolder: URL? = nil) {
        self.packFolder = packFolder
    }

    // MARK: The pack and the world

    func pack(_ context: ShellContext) throws -> LessonPack {
        if let loaded { return try loaded.get() }
        guard let folder = packFolder ?? CourseLocator.builtInPack(environment: context.environment) else {
            throw CommandFailure("layerlab: no lesson pack found", hint: "run layerlab from its checkout, or set LAYERLAB_LESSONS to a pack folder (one with pack.yaml)")
        }
        let result: Result<LessonPack, LessonPackError>
        do {
            result = .success(try CourseLocator.load(folder))
        } catch {
            result = .failure(error)
        }
        loaded = result
        return try result.get()
    }

    func docker(_ context: ShellContext) throws -> DockerCommand {
        guard let docker = context.registry.command(named: "docker") as? DockerCommand else {
            throw CommandFailure("layerlab: the docker command is not available in this session")
        }
        return docker
    }

    func world(_ context: ShellContext) throws -> World {
        World(engine: try docker(context).engine(for: context), workspace: context.workspace.root, home: context.home.url)
    }

    func snapshots(_ context: ShellContext) -> WorldSnapshots { WorldSnapshots(home: context.home.url) }

    /// The exercise being worked on, with its lesson and their numbers (1-based).
    func current(_ context: ShellContext) throws -> Located? {
        guard let position else { return nil }
        return try locate(position, in: pack(context))
    }

    struct Located {
        var lesson: Lesson
        var exercise: Exercise
        var lessonNumber: Int
        var exerciseNumber: Int
        var index: Int
        var key: String { "\(lesson.id)/\(exercise.id)" }
        var label: String { "\(lessonNumber).\(exerciseNumber)" }
    }

    func locate(_ index: Int, in pack: LessonPack) -> Located? {
        var counter = 0
        for (lessonIndex, lesson) in pack.lessons.enumerated() {
            for (exerciseIndex, exercise) in lesson.exercises.enumerated() {
                if counter == index { return Located(lesson: lesson, exercise: exercise, lessonNumber: lessonIndex + 1, exerciseNumber: exerciseIndex + 1, index: index) }
                counter += 1
            }
        }
        return nil
    }

    // MARK: Progress

    func database(_ context: ShellContext) throws -> (ProgressDatabase, Int64) {
        let (database, sessionID) = try context.progress.get()
        if let learnerID { return (database, learnerID) }
        let id = try database.learnerID(ofSession: sessionID)
        learnerID = id
        return (database, id)
    }

    @discardableResult
    func record(_ located: Located, _ context: ShellContext, _ change: @escaping @Sendable (inout ExerciseProgress) -> Void) throws -> ExerciseProgress {
        let (database, learner) = try database(context)
        let packID = try pack(context).manifest.id
        return try database.updateExercise(learnerID: learner, packID: packID, lessonID: located.lesson.id, exerciseID: located.exercise.id, at: context.clock.now, change)
    }

    func progressRecords(_ context: ShellContext) throws -> [String: ExerciseProgress] {
        let (database, learner) = try database(context)
        let records = try database.exerciseProgress(learnerID: learner, packID: pack(context).manifest.id)
        return Dictionary(records.map { ("\($0.lessonID)/\($0.exerciseID)", $0) }, uniquingKeysWith: { $1 })
    }

    func export(_ context: ShellContext) throws -> ProgressExport {
        let (database, learner) = try database(context)
        let name = try database.learner(id: learner)?.name ?? "learner"
        return ProgressExport(learner: name, pack: try pack(context), records: try progressRecords(context), exportedAt: context.clock.now)
    }

    // MARK: Moving

    /// Opens an exercise: the lesson's text when entering a lesson, the goal, and on first opening
    /// the exercise's start state (the world before it is kept as an undo step).
    func open(_ index: Int, io: CommandIO, context: ShellContext, showLessonText: Bool) throws {
        let pack = try pack(context)
        guard let located = locate(index, in: pack) else { return }
        let records = try progressRecords(context)
        let firstTime = records[located.key] == nil
        position = index
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
            try applyStart(of: located.exercise, context: context, keepUndo: true)
        }
        try record(located, context) { _ in }
        let (database, learner) = try database(context)
        try database.setPosition(CoursePosition(learnerID: learner, packID: pack.manifest.id, lessonID: located.lesson.id, exerciseID: located.exercise.id, updatedAt: context.clock.now))
        describe(located, io: io, context: context)
    }

    func describe(_ located: Located, io: CommandIO, context: ShellContext) {
        io.print(context.style.bold("Exercise \(located.label) (\(located.exercise.id))") + ": " + located.exercise.goal)
        if let quiz = located.exercise.quiz {
            io.print()
            io.print(quiz.question)
            for (number, choice) in quiz.choices.enumerated() { io.print("  \(number + 1). \(choice)") }
            io.print(context.style.dim(quiz.choices.isEmpty ? "Answer with: answer YOUR ANSWER" : "Answer with: answer NUMBER"))
        } else {
            io.print(context.style.dim("Type 'hint' for a hint and 'check' to see how far you are."))
        }
    }

    /// Puts the world in an exercise's start state: a fresh engine, workspace and logins, the
    /// starter files, then the start commands run quietly.
    func applyStart(of exercise: Exercise, context: ShellContext, keepUndo: Bool) throws {
        let snapshots = snapshots(context)
        if keepUndo, let snapshot = try? snapshots.take(label: "the start of exercise \(exercise.id)") { try? snapshots.keep(snapshot) }
        let home = context.home.url
        let cache = home.appendingPathComponent("engine").appendingPathComponent(Engine.catalogDigestsFile)
        let keptCache = FileManager.default.contents(atPath: cache.path)
        for part in WorldSnapshots.parts { try? FileManager.default.removeItem(at: home.appendingPathComponent(part.name)) }
        if let keptCache {
            try FileManager.default.createDirectory(at: cache.deletingLastPathComponent(), withIntermediateDirectories: true)
            try keptCache.write(to: cache)
        }
        try docker(context).reloadEngine()
        context.workspace = try Workspace(root: context.home.workspaceURL)
        if let folder = exercise.start.workspace {
            // The starter folder keeps its name: the learner finds python-app/ in the workspace.
            let source = try pack(context).sandbox.appendingPathComponent(folder)
            try FileManager.default.copyItem(at: source, to: context.workspace.root.appendingPathComponent(folder))
        }
        try runQuietly(exercise.start.commands, context: context, purpose: "set up the start of exercise \(exercise.id)")
        context.workspace = try Workspace(root: context.home.workspaceURL)
    }

    /// Runs commands as the learner would, without logging them or telling observers; fails with their
    /// output when one fails.
    func runQuietly(_ commands: [String], context: ShellContext, purpose: String) throws {
        let sink = BufferOutputSink()
        let session = Session(context: context, output: sink, quiet: true)
        for command in commands where session.execute(command) != 0 {
            throw CommandFailure("layerlab: could not \(purpose): `\(command.split(separator: "\n").first ?? "")` failed:\n\(sink.combined)",
                                 hint: "this is a problem of the lesson pack; 'layerlab pack validate' and 'pack test' find such problems")
        }
    }

    // MARK: Checking

    /// Evaluates the current exercise's checks.
    func evaluate(_ located: Located, context: ShellContext) throws -> [CheckResult] {
        let world = try world(context)
        return located.exercise.checks.map { CheckEvaluator.evaluate($0, in: world) }
    }

    func announceCompletion(_ located: Located, io: CommandIO, context: ShellContext) throws {
        announced.insert(located.key)
        let already = try progressRecords(context)[located.key]?.status == .completed
        if !already {
            let now = context.clock.now
            try record(located, context) { progress in
                progress.status = .completed
                progress.completedAt = now
            }
        }
        let mark = context.style.usesUnicode ? "✓" : "*"
        io.print(context.style.colored("\(mark) Goal reached: exercise \(located.label) (\(located.exercise.id)).", .green))
        if let golf = located.exercise.golf, let score = try? golfScore(golf, context: context) { io.print(score) }
        let total = try pack(context).exercises.count
        io.print(context.style.dim(located.index + 1 < total ? "Type 'next' for the next exercise." : "That was the last exercise of the course. Well done!"))
    }

    /// How the learner's image compares with the reference solution's (which is replayed once).
    func golfScore(_ golf: Golf, context: ShellContext) throws -> String? {
        guard let image = try world(context).engine.image(golf.image), let located = try current(context),
              let folder = packFolder ?? CourseLocator.builtInPack(environment: context.environment) else { return nil }
        var reference: Int64?
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-golf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        _ = ExerciseReplay(packFolder: folder).play(lessonID: located.lesson.id, exerciseID: located.exercise.id, home: home) { world in
            guard let record = world.engine.image(golf.image) else { return }
            reference = golf.measure == .layers ? Int64(record.layers.count) : record.size
        }
        guard let reference else { return nil }
        let mine = golf.measure == .layers ? Int64(image.layers.count) : image.size
        let show: (Int64) -> String = { golf.measure == .layers ? "\($0) layer\($0 == 1 ? "" : "s")" : DockerFormat.size($0) }
        let verdict = mine < reference ? "better than the reference solution!" : mine == reference ? "as good as the reference solution." : "the reference solution gets \(show(reference))."
        return "Golf: \(golf.image) has \(show(mine)); \(verdict)"
    }

    // MARK: SessionObserver

    public func sessionDidStart(io: CommandIO, context: ShellContext) {
        guard let pack = try? pack(context), let (database, learner) = try? database(context) else { return }
        if context.asksLearnerName { welcome(pack, database: database, learner: learner, io: io, context: context) }
        guard let saved = try? database.position(learnerID: learner, packID: pack.manifest.id) else { return }
        guard let index = pack.exercises.firstIndex(where: { $0.lesson.id == saved.lessonID && $0.exercise.id == saved.exerciseID }),
              let located = locate(index, in: pack) else { return }
        position = index
        lastActivity = context.clock.now
        let name = (try? database.learner(id: learner))?.name ?? "there"
        io.print("Welcome back, \(name). You were at lesson \(located.lessonNumber), \(located.lesson.title).")
        describe(located, io: io, context: context)
    }

    /// The first run at a terminal: asks the learner's name and says how to begin. Scripts never see it.
    func welcome(_ pack: LessonPack, database: ProgressDatabase, learner: Int64, io: CommandIO, context: ShellContext) {
        var name = (try? database.learner(id: learner))?.name ?? "learner"
        io.print(context.style.bold("Welcome to layerlab!") + " This is \(pack.manifest.title): \(pack.lessons.count) lessons, \(pack.exercises.count) exercises.")
        if let answer = context.ask("What should layerlab call you? [\(name)] ", secret: false)?.trimmingCharacters(in: .whitespaces), !answer.isEmpty, answer != name {
            if (try? database.renameLearner(id: learner, to: answer)) == true {
                name = answer
            } else {
                io.print("Someone here is already called \(answer); staying \(name) (start with --name \(answer) to be them).")
            }
        }
        // Remembered for later runs, which then neither ask again nor start a record under another name.
        try? context.home.saveLearnerName(name)
        io.print("Hello, \(name). Type 'lessons' to see the course, 'lesson 1' to begin, and 'help' for every command.")
        io.print("Everything runs in a simulated Docker: nothing you do here touches a real engine or the network.")
    }

    /// Commands that cannot change the world, so no undo step is kept for them.
    static let readOnlyCommands: Set<String> = [
        "ls", "cat", "pwd", "cd", "help", "tree", "echo", "lessons", "lesson", "next", "prev", "check", "hint", "solution",
        "progress", "answer", "undo", "reset", "layers", "lint", "exit",
    ]
    static let readOnlyDockerCommands: Set<String> = ["images", "ps", "history", "inspect", "logs", "diff", "search", "manifest", "version", "info", "--help", "help"]

    public func commandWillStart(_ commandLine: SimpleCommandLine, context: ShellContext) {
        let words = commandLine.arguments
        let readOnly = commandLine.redirections.allSatisfy { if case .output = $0 { false } else { true } }
            && (Self.readOnlyCommands.contains(words[0])
                || (words[0] == "docker" && words.count > 1 && (Self.readOnlyDockerCommands.contains(words[1]) || words.contains("--help")))
                || (words[0] == "docker" && words.count > 2 && words[1] == "image" && ["ls", "list", "inspect", "history"].contains(words[2])))
        guard !readOnly else { return }
        let redirections = commandLine.redirections.compactMap { redirection -> String? in
            guard case .output(let fd, let target, let append) = redirection else { return nil }
            return (fd == 1 ? "" : String(fd)) + (append ? ">> " : "> ") + target.text
        }
        pendingSnapshot = try? snapshots(context).take(label: (words + redirections).joined(separator: " "))
    }

    public func commandDidFinish(_ line: String, status: Int32, io: CommandIO, context: ShellContext) {
        if let snapshot = pendingSnapshot {
            pendingSnapshot = nil
            let snapshots = snapshots(context)
            if snapshots.worldDiffers(from: snapshot) { try? snapshots.keep(snapshot) } else { snapshots.discard(snapshot) }
        }
        guard let located = try? current(context) else { return }
        let now = context.clock.now
        let spent = min(max(0, now.timeIntervalSince(lastActivity ?? now)), 300)
        lastActivity = now
        if spent > 0 { _ = try? record(located, context) { $0.secondsSpent += spent } }
        guard !announced.contains(located.key), located.exercise.quiz == nil, !located.exercise.checks.isEmpty,
              let results = try? evaluate(located, context: context), results.allSatisfy(\.passed)
        else { return }
        try? announceCompletion(located, io: io, context: context)
    }
}
