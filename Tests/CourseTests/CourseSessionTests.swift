import Course
import Foundation
import LayerlabSession
import LayerlabTestSupport
import ProgressStore
import Shell
import Testing

@Suite struct CourseSessionTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)


    @Test func aRestartResumesWhereTheLearnerWas() throws {
        let configuration = home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path])
        _ = try home.run(["lesson 2", "next"], configuration: configuration)
        let (transcript, _) = try home.run(["check"], configuration: configuration)
        #expect(transcript.hasPrefix("Welcome back, learner. You were at lesson 2, Layers and the union filesystem.\nExercise 2.2 (container-changes):"))
        #expect(transcript.contains("$ check\nExercise 2.2:"))
    }

    @Test func thePromptShowsTheCurrentExerciseFromTheStart() throws {
        let configuration = home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path])
        let first = try configuration.openSession(output: BufferOutputSink())
        #expect(!first.prompt.contains("["))
        first.execute("lesson 2")
        #expect(first.prompt == "layerlab[2.1]:/workspace> ")
        first.finish()
        let second = try configuration.openSession(output: BufferOutputSink())
        _ = second.run(reader: ScriptedLineReader(lines: []))
        #expect(second.prompt == "layerlab[2.1]:/workspace> ", "a restart shows it before anything is loaded")
    }

    @Test func progressExportOptionsWithoutValuesAreUsageErrors() throws {
        let configuration = home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path])
        let (transcript, status) = try home.run(["progress export --format", "progress export -o", "progress export --format yaml"], configuration: configuration)
        #expect(transcript.contains("progress: --format needs a value") && transcript.contains("progress: -o needs a value"))
        #expect(transcript.contains("progress: --format is json or csv") && status == 2)
    }

    @Test func aGolfScoreComparesWithTheReferenceSolution() throws {
        let configuration = home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path])
        let dockerfile = "cat > apt-tools/Dockerfile <<'EOF'\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF"
        let (transcript, _) = try home.run(["lesson 5", dockerfile, "docker build -q -t tools:1.0 apt-tools"], configuration: configuration)
        #expect(transcript.contains("Goal reached: exercise 5.1 (combine-runs).\nGolf: tools:1.0 has 2 layers; as good as the reference solution.\n"))
    }
}
