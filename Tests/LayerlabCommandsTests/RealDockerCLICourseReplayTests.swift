import Foundation
import LayerlabTestSupport
import LessonPack
import Testing

/// The whole built-in course done with the real Docker CLI: each exercise's reference solution, its
/// `docker` lines typed into the real CLI (in the workspace folder the prompt is in) and the rest at the
/// prompt, which serves its world; every exercise's goal must be reached. A goal that only the prompt
/// could reach would not hold for a learner who works in their own shell.
extension RealDockerCLITests {
    @Test func everyExerciseIsReachedThroughTheRealCLI() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let pack = try LessonPack.load(from: PackCommandTests.repository.appendingPathComponent("Lessons"), sandbox: PackCommandTests.repository.appendingPathComponent("Sandbox"))
        let prompt = try LayerlabProcess(["--home", home.path, "--serve", "--name", "replay"])
        defer { prompt.closeInput(); prompt.wait(seconds: 20) }
        let socket = home.appendingPathComponent("docker.sock").path
        var marks = 0
        /// Sends lines to the prompt and waits until they ran; returns what they printed.
        @discardableResult
        func atPrompt(_ text: String) -> String {
            marks += 1
            let before = prompt.standardOutput.count
            prompt.send(text)
            prompt.send("echo replay-mark-\(marks)")
            #expect(prompt.waitFor("replay-mark-\(marks)\n", seconds: 60), "\(text): \(prompt.standardOutput.suffix(2000))")
            return String(prompt.standardOutput.dropFirst(before)).replacingOccurrences(of: "replay-mark-\(marks)\n", with: "")
        }
        atPrompt("lesson 1")
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: socket) && Date() < deadline { usleep(10_000) }
        for (index, (lesson, exercise)) in pack.exercises.enumerated() {
            let label = "\(pack.lessons.firstIndex(of: lesson)! + 1).\(lesson.exercises.firstIndex(of: exercise)! + 1)"
            if index > 0 { atPrompt("next") }
            if let quiz = exercise.quiz { atPrompt("answer \(quiz.answers[0])") }
            for line in exercise.solution {
                if line.hasPrefix("docker ") && !line.contains("\n") {
                    let cli = try #require(DockerCLIBinary.url)
                    let shell = Process()
                    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
                    shell.arguments = ["-c", cli.path + line.dropFirst("docker".count)]
                    shell.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path, "PATH": "/usr/bin:/bin"]
                    // In the folder the prompt is in, as a learner's second terminal would be.
                    let directory = atPrompt("pwd").trimmingCharacters(in: .newlines)
                    shell.currentDirectoryURL = home.appendingPathComponent(String(directory.dropFirst()))
                    let errors = Pipe()
                    shell.standardOutput = FileHandle.nullDevice
                    shell.standardError = errors
                    try shell.run()
                    let said = errors.fileHandleForReading.readDataToEndOfFile()
                    shell.waitUntilExit()
                    #expect(shell.terminationStatus == 0, "\(label) \(line): \(String(decoding: said, as: UTF8.self))")
                } else {
                    atPrompt(line)
                }
            }
            #expect(prompt.waitFor("Goal reached: exercise \(label) (\(exercise.id))", seconds: 20), "exercise \(label) (\(exercise.id)): \(prompt.standardOutput.suffix(1500))")
        }
    }
}
