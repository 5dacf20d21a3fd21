import Course
import Foundation
import LayerlabBasics
import LayerlabSession
import Testing

/// What `pack test` learns from a replay when an exercise misbehaves: the whole reason, and the line
/// of the lesson file it comes from. The pack is `pack new`'s, with one thing broken.
@Suite struct ExerciseReplayTests {
    let pack = FileManager.default.temporaryDirectory.appendingPathComponent("replay-\(UUID().uuidString)")

    /// `pack new`'s lesson with `original` replaced, then the exercise replayed.
    func replay(replacing original: String, with replacement: String) throws -> ExerciseReplay.Outcome {
        try PackScaffold.write(to: pack, id: "scratch")
        let lesson = pack.appendingPathComponent("01-first-image.md")
        let text = try String(contentsOf: lesson, encoding: .utf8)
        #expect(text.contains(original))
        try text.replacingOccurrences(of: original, with: replacement).write(to: lesson, atomically: true, encoding: .utf8)
        return ExerciseReplay(packFolder: pack, commandSet: LayerlabCommandSet.commands).run(lessonID: "first-image", exerciseID: "build-hello")
    }

    /// A start that could not be built used to show as "BEFORE: PASSES", with the daemon's reason cut off.
    @Test func aStartThatCannotBeBuiltSaysSoWithTheWholeReasonAndItsLine() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        let outcome = try replay(replacing: "      workspace: hello\n", with: "      workspace: hello\n      images: [nosuch:1.0]\n")
        #expect(!outcome.startBuilt && !outcome.failedBefore)
        #expect(outcome.problemLocation == SourceLocation(file: "01-first-image.md", line: 9))
        let problem = try #require(outcome.problem)
        #expect(problem.hasPrefix("the start command `docker pull nosuch:1.0` failed (status 1):\n"), "\(problem)")
        // Docker's words for an image Hub does not have (moby's errdefs, as `docker pull` prints them).
        #expect(problem.contains("pull access denied for nosuch, repository does not exist or may require 'docker login'"))
    }

    @Test func aFailingSolutionCommandIsNamedAtTheFirstLineOfItsText() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        let outcome = try replay(replacing: "      - docker build -t hello:1.0 hello\n", with: "      - |\n        docker build -t hello:1.0 nowhere\n")
        #expect(outcome.startBuilt && outcome.failedBefore && !outcome.passedAfter)
        // The `|` is on line 13; the command's text starts on line 14.
        #expect(outcome.problemLocation == SourceLocation(file: "01-first-image.md", line: 14))
        #expect(outcome.problem?.hasPrefix("the reference solution's command `docker build -t hello:1.0 nowhere` failed") == true, "\(outcome.problem ?? "")")
    }

    @Test func checksThatStillFailAfterTheSolutionAreNamedAtTheirLines() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        let outcome = try replay(replacing: "      - docker build -t hello:1.0 hello\n", with: "      - docker pull alpine:3.20\n")
        #expect(outcome.startBuilt && outcome.problem == nil && !outcome.passedAfter)
        #expect(outcome.failedChecksAfter.map { $0.location.line } == [15, 16])
        #expect(outcome.detailsAfter == ["there is no image hello:1.0 yet", "there is no image hello:1.0 yet"])
    }
}
