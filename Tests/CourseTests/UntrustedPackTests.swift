import Course
import Foundation
import LayerlabTestSupport
import Testing

@Suite struct UntrustedPackTests {
    let home = TemporaryHome()
    let pack = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString)")

    func makePack(examMode: Bool, solution: String) throws {
        try PackScaffold.write(to: pack, id: "scratch")
        let manifest = pack.appendingPathComponent("pack.yaml")
        try String(contentsOf: manifest, encoding: .utf8).replacingOccurrences(of: "exam_mode: false", with: "exam_mode: \(examMode)")
            .write(to: manifest, atomically: true, encoding: .utf8)
        let lesson = pack.appendingPathComponent("01-first-image.md")
        try String(contentsOf: lesson, encoding: .utf8).replacingOccurrences(of: "      - docker build -t hello:1.0 hello\n    checks", with: "      - \(solution)\n    checks")
            .write(to: lesson, atomically: true, encoding: .utf8)
    }

    @Test func examModeTurnsHintsAndSolutionsOff() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        try makePack(examMode: true, solution: "docker build -t hello:1.0 hello")
        let (transcript, _) = try home.run(["lesson 1", "hint", "solution -y"], configuration: home.configuration(environment: ["LAYERLAB_LESSONS": pack.path]))
        #expect(transcript.contains("hint: hints are off in this exam"))
        #expect(transcript.contains("solution: solutions are off in this exam"))
    }

    @Test func aPackCannotRunAProgramOnTheHost() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        try makePack(examMode: false, solution: "edit hello/Dockerfile")
        let outcome = ExerciseReplay(packFolder: pack).run(lessonID: "first-image", exerciseID: "build-hello")
        #expect(outcome.problem?.contains("would run a program on your computer, which a lesson pack may not do") == true)
    }
}
