import Course
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Testing

/// Undo and reset put the world back exactly: the same images with the same digests, the same files.
@Suite struct UndoResetTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    /// What identifies the world: `docker images` with full IDs and digests, containers, and files.
    static let probe = ["docker images --digests --no-trunc", "docker ps -a --no-trunc", "ls -a", "ls -a app"]

    func state(after lines: [String]) throws -> String {
        let marker = "----- probe -----"
        let transcript = try home.run(lines + ["echo '\(marker)'"] + Self.probe).transcript
        return String(transcript[transcript.range(of: marker + "\n$", options: .backwards)!.upperBound...])
    }

    @Test func undoRevertsEachStateChangingCommandExactly() throws {
        let setup = [
            "docker pull alpine:3.20", "mkdir app", "echo hello > app/hello.txt",
            "cat > app/Dockerfile <<'EOF'\nFROM alpine:3.20\nCOPY hello.txt /\nEOF",
            "docker build -q -t app:1.0 app",
        ]
        let before = try state(after: setup)
        let changed = try state(after: ["docker tag app:1.0 app:2.0", "docker rmi app:1.0", "echo changed > app/hello.txt", "docker run --name box app:2.0 true"])
        #expect(changed != before)
        let undone = try state(after: ["undo", "undo", "undo", "undo"])
        #expect(undone == before)
        let (transcript, _) = try home.run(["undo", "undo", "undo", "undo", "undo", "undo", "undo"])
        #expect(transcript.contains("Undid: docker pull alpine:3.20"))
        #expect(transcript.contains("undo: there is nothing to undo"))
    }

    @Test func readOnlyCommandsLeaveNoUndoStep() throws {
        let (transcript, _) = try home.run(["docker pull busybox", "docker images", "ls", "docker history busybox", "undo", "docker images -q"])
        #expect(transcript.contains("Undid: docker pull busybox"))
        #expect(transcript.hasSuffix("$ docker images -q\n"), "the pull was the step undone")
    }

    @Test func resetRestoresTheSameStartStateEveryTime() throws {
        let lessons = BuiltInCourseTests.lessons
        let environment = ["LAYERLAB_LESSONS": lessons.path]
        let configuration = home.configuration(environment: environment)
        func probe(_ lines: [String]) throws -> String {
            let marker = "----- probe -----"
            let transcript = try home.run(lines + ["echo '\(marker)'", "docker images --digests --no-trunc", "ls -a python-app"], configuration: configuration).transcript
            return String(transcript[transcript.range(of: marker + "\n$", options: .backwards)!.upperBound...])
        }
        let start = try probe(["lesson 10", "next"])
        let afterWork = try probe(["docker tag friendlyhello:1.0 learner1/friendlyhello:1.0", "rm python-app/app.py", "docker rmi friendlyhello:1.0"])
        #expect(afterWork != start)
        #expect(try probe(["reset"]) == start)
        #expect(try probe(["undo"]) == afterWork, "undo brings back what reset replaced")
    }
}
