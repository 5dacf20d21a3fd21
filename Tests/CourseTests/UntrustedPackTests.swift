import Course
import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

@Suite struct UntrustedPackTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
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

    /// Decided on the command as it would run: `V=1 edit f` and `$(echo edit) f` used to pass because
    /// only a first word of `edit` was refused.
    @Test(arguments: ["edit hello/Dockerfile", "V=1 edit hello/Dockerfile", "$(echo edit) hello/Dockerfile"])
    func aPackCannotRunAProgramOnTheHost(_ solution: String) throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        try makePack(examMode: false, solution: solution)
        let outcome = ExerciseReplay(packFolder: pack, commandSet: LayerlabCommandSet.commands).run(lessonID: "first-image", exerciseID: "build-hello")
        #expect(outcome.problem?.contains("layerlab: edit runs a program on the learner's computer, which a lesson pack may not do") == true,
                "\(outcome.problem ?? "no problem reported")")
    }

    /// `pack add` of a folder holding a FIFO used to wait forever and leave `packs/.staging-…` behind.
    @Test func aPackWithANamedPipeIsRefusedWithoutWaiting() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        try PackScaffold.write(to: pack, id: "scratch")
        let fifo = pack.appendingPathComponent("Sandbox/pipe")
        try FileManager.default.createDirectory(at: fifo.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(mkfifo(fifo.path, 0o644) == 0)
        let installed = InstalledPacks(home: home.url)
        #expect {
            _ = try installed.add(pack)
        } throws: { error in
            "\(error)".contains("\(fifo.path) is not a plain file, folder or link")
        }
        let left = (try? FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("packs").path)) ?? []
        #expect(left.isEmpty)
    }

    /// What a process killed mid-way leaves: a snapshot being taken, removed by the next session on the
    /// home, and a golf replay's home, removed when the next replay starts (only once an hour old:
    /// another home's may be live; a start that replays nothing does not list the temporary folder).
    @Test func leftoversOfAKilledSessionAreRemovedAtTheNextStart() throws {
        defer { try? FileManager.default.removeItem(at: pack) }
        let pending = home.url.appendingPathComponent("snapshots/pending-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: pending.appendingPathComponent("engine"), withIntermediateDirectories: true)
        let oldGolf = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-golf-\(UUID().uuidString)")
        let newGolf = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-golf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: newGolf) }
        for folder in [oldGolf, newGolf] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-7200)], ofItemAtPath: oldGolf.path)
        _ = try home.run(["echo hi"])
        #expect(!FileManager.default.fileExists(atPath: pending.path))
        // (Whether the old golf home is still there now depends on the other tests' replays, which
        // run alongside and clean the same temporary folder.)
        try PackScaffold.write(to: pack, id: "scratch")
        _ = ExerciseReplay(packFolder: pack, commandSet: LayerlabCommandSet.commands).run(lessonID: "first-image", exerciseID: "build-hello")
        #expect(!FileManager.default.fileExists(atPath: oldGolf.path))
        #expect(FileManager.default.fileExists(atPath: newGolf.path))
    }
}
