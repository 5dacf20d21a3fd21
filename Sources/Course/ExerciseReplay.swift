import Foundation
import LayerlabBasics
import LessonPack
import Shell

/// Plays an exercise in a fresh home of its own: its start state, the checks, its reference solution,
/// the checks again. Every exercise must fail before and pass after; `pack test` and the tests use
/// this, and golf scores measure the reference image it leaves.
public struct ExerciseReplay: Sendable {
    /// Its temporary homes' names begin so; a killed replay's home is removed by a later session.
    static let homePrefix = "layerlab-replay-"

    public struct Outcome: Sendable {
        /// Whether the start state was built; when it was not, nothing was checked and `problem` says why.
        public var startBuilt = false
        public var failedBefore = false
        public var passedAfter = false
        /// The checks that failed after the solution ran: where each is written and what it said.
        public var failedChecksAfter: [(location: SourceLocation, detail: String)] = []
        /// Why the replay stopped, in full: the start or solution command that failed with all it
        /// printed, or an exercise that is not there.
        public var problem: String?
        /// Where the command that failed is written, relative to the pack's folder.
        public var problemLocation: SourceLocation?
        /// Each wrong answer of the exercise, in order: whether the checks (or the quiz) rejected it.
        public var wrongAnswers: [WrongAnswerOutcome] = []

        /// What each failed check said after the solution ran (for explaining a failure).
        public var detailsAfter: [String] { failedChecksAfter.map { $0.detail } }

        /// Records why the start or the solution could not be played.
        mutating func stop(_ error: any Error, in stage: String) {
            guard let failure = error as? PackCommandFailure else {
                problem = (error as? any UserFacingError)?.message ?? "\(error)"
                return
            }
            var output = failure.output
            while output.last?.isNewline == true { output.removeLast() }
            problem = "\(stage) `\(failure.commandLine)` failed (status \(failure.status))" + (output.isEmpty ? ", printing nothing" : ":\n" + output)
            problemLocation = failure.commandLocation
        }

    }

    public struct WrongAnswerOutcome: Sendable {
        public var answer: WrongAnswer
        public var rejected: Bool
        /// What each check that failed said (for a quiz: that the answer is not accepted).
        public var failedChecks: [String]
    }

    public let packFolder: URL
    let commandSet: CommandSetMaker
    /// The pack, read once for every replay (`pack test` replays each exercise and wrong answer).
    let loaded: Result<LessonPack, LessonPackError>

    /// `pack` is the pack at `packFolder` when the caller has read it already.
    public init(packFolder: URL, commandSet: @escaping CommandSetMaker, pack: LessonPack? = nil) {
        self.packFolder = packFolder
        self.commandSet = commandSet
        loaded = pack.map { .success($0) } ?? Result { () throws(LessonPackError) -> LessonPack in try CourseLocator.load(packFolder) }
        // Once per replayer rather than per replay: listing the temporary folder (thousands of entries
        // on a busy machine) cost each replay milliseconds, and only replays leave such homes behind.
        Course.removeAbandonedReplayHomes()
    }

    public func run(lessonID: String, exerciseID: String) -> Outcome {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(Self.homePrefix + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: home) }
        return play(lessonID: lessonID, exerciseID: exerciseID, home: home) { _ in }
    }

    /// Plays the exercise in `home`, then lets `inspect` look at the world it leaves.
    func play(lessonID: String, exerciseID: String, home: URL, inspect: (WorldView) -> Void) -> Outcome {
        var outcome = Outcome()
        var configuration = SessionConfiguration(
            home: LayerlabHome(url: home), environment: [:], clock: FixedWallClock(FixedWallClock.transcriptEpoch),
            style: .plain, isInteractive: false, learnerName: "reference"
        )
        let course = Course.equip(&configuration, packFolder: packFolder, commandSet: commandSet, loaded: loaded)
        do {
            let context = try configuration.openSession(output: BufferOutputSink()).context
            let pack = try course.pack(context)
            guard let located = pack.exercises.first(where: { $0.lesson.id == lessonID && $0.exercise.id == exerciseID }) else {
                outcome.problem = "no exercise \(lessonID)/\(exerciseID)"
                return outcome
            }
            let exercise = located.exercise
            do {
                try course.applyStart(of: exercise, context: context, keepUndo: false)
            } catch {
                outcome.stop(error, in: "the start command")
                return outcome
            }
            outcome.startBuilt = true
            if let quiz = exercise.quiz {
                outcome.failedBefore = !quiz.accepts("")
                outcome.passedAfter = quiz.answers.first.map(quiz.accepts) ?? false
                outcome.wrongAnswers = exercise.wrongAnswers.map { answer in
                    let accepted = quiz.accepts(answer.commands.joined(separator: " "))
                    return WrongAnswerOutcome(answer: answer, rejected: !accepted, failedChecks: accepted ? [] : ["the quiz does not accept it"])
                }
                return outcome
            }
            outcome.failedBefore = !course.evaluate(exercise, context: context).allSatisfy(\.passed)
            // Each wrong answer from the start state, which undo brings back after it.
            for answer in exercise.wrongAnswers {
                try course.world.keepUndoStep(label: "a wrong answer")
                try course.runQuietly(answer.commands, context: context, purpose: "play a wrong answer", stoppingAtFailure: false)
                let failed = course.evaluate(exercise, context: context).filter { !$0.passed }.map(\.detail)
                outcome.wrongAnswers.append(WrongAnswerOutcome(answer: answer, rejected: !failed.isEmpty, failedChecks: failed))
                _ = try course.world.undo()
                context.workspace = try Workspace(root: context.home.workspaceURL)
            }
            do {
                try course.runQuietly(exercise.solution, at: exercise.solutionLocations, context: context, purpose: "run the reference solution")
            } catch {
                outcome.stop(error, in: "the reference solution's command")
                return outcome
            }
            let after = course.evaluate(exercise, context: context)
            outcome.passedAfter = after.allSatisfy(\.passed)
            // Results come in the order of the checks.
            outcome.failedChecksAfter = zip(exercise.checks, after).filter { !$0.1.passed }.map { (location: $0.0.location, detail: $0.1.detail) }
            course.viewingWorld(context, inspect)
        } catch {
            outcome.problem = (error as? any UserFacingError)?.message ?? "\(error)"
        }
        return outcome
    }
}
