import DockerCLI
import Engine
import Foundation
import LayerlabBasics
import LessonPack
import ProgressStore
import Shell
import ShellSyntax
import SessionLog
import SimulatedWorld

/// The learner's way through a lesson pack in one session: where they are, checking the world after
/// every command, hints and solutions, undo and reset, and the progress kept in SQLite.
public final class Course {
    /// Where the pack comes from: a folder, or nil to find the built-in course.
    let packFolder: URL?
    /// The world the learner works on, shared with the docker commands.
    public let world: SimulatedWorld
    /// The learner's records; opened by the session's command log.
    let progress: ProgressConnection
    /// The commands of a session on this course, for the sessions that replay reference solutions.
    let commandSet: CommandSetMaker
    private var loaded: Result<LessonPack, LessonPackError>?
    /// Index into `pack.exercises` of the exercise being worked on.
    var position: Int?
    /// Set once the position of an earlier session has been looked up.
    var positionRestored = false
    private var learnerID: Int64?
    var pendingSnapshot: WorldSnapshots.Pending?
    /// The command running changes nothing a check reads (`ls`, `docker images`, `exit`), and is not a
    /// course command (which may open an exercise whose goal the learner's world already reaches).
    var commandIsReadOnly = false
    var lastActivity: Date?
    /// Exercises whose goal was announced in this session, so it is announced once.
    var announced: Set<String> = []
    /// Set when the last session died while checking after a command, so this one does not do it again.
    var automaticChecksPaused = false

    init(packFolder: URL?, world: SimulatedWorld, progress: ProgressConnection, commandSet: @escaping CommandSetMaker,
         loaded: Result<LessonPack, LessonPackError>? = nil) {
        self.packFolder = packFolder
        self.loaded = loaded
        self.world = world
        self.progress = progress
        self.commandSet = commandSet
    }

    /// Sets up a session on a course in `configuration`'s home: the world and the learner's records
    /// there, the commands `commandSet` makes, the command log and the course following the session.
    /// `loaded` is the pack when the caller has read it already (a replay, once for all its sessions).
    @discardableResult
    public static func equip(_ configuration: inout SessionConfiguration, packFolder: URL?, commandSet: @escaping CommandSetMaker,
                             loaded: Result<LessonPack, LessonPackError>? = nil) -> Course {
        let world = SimulatedWorld(home: configuration.home.url, clock: configuration.clock)
        let progress = ProgressConnection(path: configuration.home.databasePath, learnerName: configuration.learnerName, clock: configuration.clock)
        let course = Course(packFolder: packFolder, world: world, progress: progress, commandSet: commandSet, loaded: loaded)
        configuration.commands = commandSet(course, world)
        configuration.observers = [CommandLog(progress: progress), course]
        return course
    }

    /// The course's own commands.
    public var commands: [any ShellCommand] {
        [
            LessonsCommand(course: self), LessonCommand(course: self), NextCommand(course: self), PrevCommand(course: self),
            CheckCommand(course: self), HintCommand(course: self), SolutionCommand(course: self), AnswerCommand(course: self),
            ResetCommand(course: self), UndoCommand(course: self), ProgressCommand(course: self),
        ]
    }

    // MARK: The pack and the world

    /// The folder of the pack: the one given, or the built-in course's.
    func packRoot(_ context: ShellContext) throws(PackError) -> URL {
        if let packFolder { return packFolder }
        return try CourseLocator.builtInPack(environment: context.environment, home: context.home)
    }

    func pack(_ context: ShellContext) throws -> LessonPack {
        if let loaded { return try loaded.get() }
        let folder = try packRoot(context)
        let result: Result<LessonPack, LessonPackError>
        do {
            result = .success(try CourseLocator.load(folder))
        } catch {
            result = .failure(error)
        }
        loaded = result
        return try result.get()
    }

    /// Runs `body` with the world as checks see it, holding the world meanwhile.
    func viewingWorld<T, Failure: Error>(_ context: ShellContext, _ body: (WorldView) throws(Failure) -> T) throws(Failure) -> T {
        try world.perform { engine throws(Failure) in
            try body(WorldView(engine: engine, workspace: context.workspace.root, credentials: world.credentials))
        }
    }

    /// The exercise being worked on, with its lesson and their numbers (1-based).
    func current(_ context: ShellContext) throws -> Located? {
        if !positionRestored {
            positionRestored = true
            // Opening an exercise always leaves a resume note: without one there is no position to
            // restore, and the pack (every lesson parsed) need not be read after each command.
            // This halves what `echo exit | layerlab` costs for a learner who never opened a lesson.
            guard ResumeNote(home: context.home.url).read(for: context.learnerName) != nil else { return nil }
            try restorePosition(context)
        }
        guard let position else { return nil }
        return try locate(position, in: pack(context))
    }

    /// Where the learner was in an earlier session, from the database.
    func restorePosition(_ context: ShellContext) throws {
        let pack = try pack(context)
        let (database, learner) = try database(context)
        guard let saved = try database.position(learnerID: learner, packID: pack.manifest.id),
              let index = pack.exercises.firstIndex(where: { $0.lesson.id == saved.lessonID && $0.exercise.id == saved.exerciseID })
        else { return }
        position = index
        lastActivity = context.clock.now
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
        let (database, sessionID) = try progress.get()
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
}
