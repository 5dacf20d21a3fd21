import Course
import Foundation
import LayerlabSession
import LessonPack
import Testing

/// The built-in course: it loads without problems, and every exercise fails in its start state and
/// passes after its reference solution, replayed in a fresh home.
@Suite struct BuiltInCourseTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons")

    static let exercises: [String] = {
        guard let pack = try? CourseLocator.load(lessons) else { return [] }
        return pack.exercises.map { "\($0.lesson.id)/\($0.exercise.id)" }
    }()

    @Test func theCourseLoadsAndIsBigEnough() throws {
        let pack = try CourseLocator.load(Self.lessons)
        #expect(pack.exercises.count >= 20)
        #expect(pack.lessons.last?.id == "capstone")
        #expect(Set(Self.exercises).count == Self.exercises.count)
    }

    @Test(arguments: exercises)
    func exerciseFailsAtItsStartAndPassesAfterItsSolution(_ key: String) {
        let parts = key.split(separator: "/").map(String.init)
        let outcome = ExerciseReplay(packFolder: Self.lessons, commandSet: LayerlabCommandSet.commands).run(lessonID: parts[0], exerciseID: parts[1])
        #expect(outcome.problem == nil, "\(outcome.problem ?? "")")
        #expect(outcome.failedBefore, "the goal is already reached in the start state")
        #expect(outcome.passedAfter, "after the reference solution: \(outcome.detailsAfter.joined(separator: "; "))")
        // Wrong answers a learner would plausibly give: each must leave the goal unreached.
        #expect(outcome.wrongAnswers.count >= 2, "every built-in exercise has at least two wrong answers")
        for wrong in outcome.wrongAnswers {
            #expect(wrong.rejected, "the wrong answer at \(wrong.answer.location) reaches the goal")
        }
    }
}
