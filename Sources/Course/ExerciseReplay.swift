import Foundation
import LayerlabBasics
import LessonPack
import Shell

/// Plays an exercise in a fresh home of its own: its start state, the checks, its reference solution,
/// the checks again. Every exercise must fail before and pass after; `pack test` and the tests use
/// this, and golf scores measure the reference image it leaves.
public struct ExerciseReplay {
    /// Its temporary homes' names begin so; a killed replay's home is removed by a later session.
    static let homePrefix = "layerlab-replay-"

    public struct Outcome {
        public var failedBefore: Bool
        public var passedAfter: Bool
        /// What each check said after the solution ran (for explaining a failure).
        public var detailsAfter: [String]
        /// The solution's output, for finding what went wrong in a broken one.
        public var problem: String?
    }

    public let packFolder: URL

    public init(packFolder: URL) {
        self.packFolder = packFolder
    }

    public func run(lessonID: String, exerciseID: String) -> Outcome {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(Self.homePrefix + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: home) }
        return play(lessonID: lessonID, exerciseID: exerciseID, home: home) { _ in }
    }

    /// Plays the exercise in `home`, then lets `inspect` look at the world it leaves.
    func play(lessonID: String, exerciseID: String, home: URL, inspect: (World) -> Void) -> Outcome {
        var outcome = Outcome(failedBefore: false, passedAfter: false, detailsAfter: [])
        let commands = LayerlabCommandSet.standard(packFolder: packFolder)
        let configuration = SessionConfiguration(
            home: LayerlabHome(url: home), environment: [:], clock: FixedWallClock(FixedWallClock.transcriptEpoch),
            style: .plain, isInteractive: false, learnerName: "reference", commands: commands
        )
        do {
            let session = try configuration.openSession(output: BufferOutputSink())
            let context = session.context
            guard let course = (context.registry.command(named: "check") as? CheckCommand)?.course else { return outcome }
            let pack = try course.pack(context)
            guard let located = pack.exercises.first(where: { $0.lesson.id == lessonID && $0.exercise.id == exerciseID }) else {
                outcome.problem = "no exercise \(lessonID)/\(exerciseID)"
                return outcome
            }
            let exercise = located.exercise
            try course.applyStart(of: exercise, context: context, keepUndo: false)
            let world = try course.world(context)
            if let quiz = exercise.quiz {
                outcome.failedBefore = !quiz.accepts("")
                outcome.passedAfter = quiz.answers.first.map(quiz.accepts) ?? false
                return outcome
            }
            outcome.failedBefore = !exercise.checks.map { CheckEvaluator.evaluate($0, in: world) }.allSatisfy(\.passed)
            try course.runQuietly(exercise.solution, context: context, purpose: "run the reference solution")
            // The solution may have replaced the engine's files (a reset, an undo): look afresh.
            let finalWorld = try course.world(context)
            let after = exercise.checks.map { CheckEvaluator.evaluate($0, in: finalWorld) }
            outcome.passedAfter = after.allSatisfy(\.passed)
            outcome.detailsAfter = after.filter { !$0.passed }.map(\.detail)
            inspect(finalWorld)
        } catch {
            outcome.problem = (error as? any UserFacingError)?.message ?? "\(error)"
        }
        return outcome
    }
}
