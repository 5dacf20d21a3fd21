import Course
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// Opening an exercise keeps what the learner made: their Dockerfile goes on from 5.1 to 5.2, what they
/// pushed in 10.2 is still on the Hub in 10.3, and a start that must replace something says what and
/// that `undo` brings it back.
@Suite struct KeepingWorkTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
    var configuration: SessionConfiguration { home.configuration(environment: ["LAYERLAB_LESSONS": BuiltInCourseTests.lessons.path]) }

    @Test func theDockerfileOfOneExerciseIsStillThereInTheNext() throws {
        let mine = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
        let (transcript, _) = try home.run([
            "lesson 5", "cat > apt-tools/Dockerfile <<'EOF'\n\(mine)EOF", "docker build -q -t tools:1.0 apt-tools", "next", "cat apt-tools/Dockerfile", "docker images tools",
        ], configuration: configuration)
        let afterNext = String(transcript[transcript.range(of: "$ next")!.upperBound...])
        #expect(afterNext.contains(mine), "the learner's Dockerfile, not the starter's")
        #expect(afterNext.contains("tools        1.0"), "the learner's image is kept")
        #expect(!afterNext.contains("'undo' brings back"), "nothing was removed, so nothing is told")
    }

    @Test func aDigestPushedInOneExerciseIsOnTheHubInTheNext() throws {
        let (transcript, _) = try home.run([
            "lesson 10", "next", "docker tag friendlyhello:1.0 learner1/friendlyhello:1.0", "docker push learner1/friendlyhello:1.0",
            "next", "docker pull learner1/friendlyhello:1.0",
        ], configuration: configuration)
        let pushed = try #require(transcript.firstMatch(of: /1\.0: digest: (sha256:[0-9a-f]{64})/)?.output.1)
        let afterNext = String(transcript[transcript.range(of: "$ next", options: .backwards)!.upperBound...])
        #expect(afterNext.contains("Digest: \(pushed)"), "the same digest comes back from the Hub")
        // 10.3's start removes the local copies: the learner is told, and undo brings them back.
        #expect(afterNext.contains("This exercise's start removed images friendlyhello:1.0, learner1/friendlyhello:1.0"))
        #expect(afterNext.contains("'undo' brings back what you had."))
    }

    @Test func aStartThatCannotRunOverTheLearnersWorkStartsFreshAndSaysSo() throws {
        // 10.2's start builds python-app: the learner's own python-app has a Dockerfile that cannot build.
        let (transcript, _) = try home.run([
            "lesson 10", "mkdir python-app", "echo 'FROM nothing-here:1' > python-app/Dockerfile", "echo mine > notes.txt", "next",
            "cat notes.txt", "undo", "cat notes.txt",
        ], configuration: configuration)
        let afterNext = String(transcript[transcript.range(of: "$ next")!.upperBound...])
        #expect(afterNext.contains("This exercise starts from a fresh world (its start, `docker build -q -t friendlyhello:1.0 python-app` failed, could not run over your work)"))
        #expect(afterNext.contains("removed workspace files notes.txt; replaced workspace files python-app/Dockerfile"))
        #expect(transcript.hasSuffix("$ cat notes.txt\nmine\n"), "undo brings the learner's file back")
    }

    @Test func containersInTheWayOfTheStartGoAndTheLearnerIsTold() throws {
        // 11.2's start runs a registry named registry on port 5000, as the learner did in 11.1; 10.3's
        // solution publishes port 4000, which the learner's container from 3.2 holds.
        let (transcript, _) = try home.run([
            "lesson 11", "docker run -d -p 5000:5000 --name registry registry:2", "echo mine > notes.txt", "next", "cat notes.txt", "docker ps --format '{{.Names}} {{.Ports}}'",
        ], configuration: configuration)
        let afterNext = String(transcript[transcript.range(of: "$ next")!.upperBound...])
        #expect(afterNext.contains("This exercise's start replaced containers registry. 'undo' brings back what you had."))
        #expect(afterNext.contains("$ cat notes.txt\nmine\n"), "the rest of the learner's work stays")
        #expect(afterNext.contains("registry 0.0.0.0:5000->5000/tcp"))
    }
}
