import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// `layerlab pack …` and `layerlab class report`, through the built binary.
@Suite(.waitsOnOtherPrograms) struct PackCommandTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var scratch: URL { home.url.appendingPathComponent("scratch") }

    func tar(_ arguments: [String], in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/tar")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
    }

    @Test func aNewPackValidatesAndItsExerciseBehaves() throws {
        let folder = scratch.appendingPathComponent("my-pack").path
        #expect(try BuiltBinary.run(["pack", "new", folder], input: "").status == 0)
        let validated = try BuiltBinary.run(["pack", "validate", folder], input: "")
        #expect(validated.status == 0 && validated.output == "my-pack 0.1.0: 1 lesson, 1 exercise, no problems\n")
        let tested = try BuiltBinary.run(["pack", "test", folder], input: "")
        #expect(tested.status == 0)
        #expect(tested.output.contains("1 first-image/build-hello   fails    passes"))
        #expect(try BuiltBinary.run(["pack", "new", folder], input: "").status == 1, "an existing pack is never overwritten")
    }

    /// `pack test` used to print "BEFORE: PASSES" for a start that could not be built, and only the
    /// first line of why; `pack validate` did not look at image names.
    @Test func aStartThatCannotBeBuiltIsFoundByValidateAndExplainedByTest() throws {
        let folder = scratch.appendingPathComponent("broken-start").path
        #expect(try BuiltBinary.run(["pack", "new", folder], input: "").status == 0)
        let lesson = URL(fileURLWithPath: folder).appendingPathComponent("01-first-image.md")
        try String(contentsOf: lesson, encoding: .utf8).replacingOccurrences(of: "      workspace: hello\n", with: "      workspace: hello\n      images: [nosuch:1.0]\n")
            .write(to: lesson, atomically: true, encoding: .utf8)
        let validated = try BuiltBinary.run(["pack", "validate", folder], input: "")
        #expect(validated.status == 1)
        #expect(validated.output.contains("\(folder)/01-first-image.md:9: `docker pull nosuch:1.0` needs the image 'nosuch:1.0'"), "\(validated.output)")
        let tested = try BuiltBinary.run(["pack", "test", folder], input: "")
        #expect(tested.status == 1)
        #expect(tested.output.contains("1 first-image/build-hello   NOT BUILT   -       none            its start failed (below)"), "\(tested.output)")
        #expect(tested.output.contains("1 first-image/build-hello: \(folder)/01-first-image.md:9: the start command `docker pull nosuch:1.0` failed (status 1):\n"
            + "    Error response from daemon: pull access denied for nosuch"))
        #expect(tested.output.hasSuffix("0 of 1 exercises behave (fail at the start, pass after the solution)\n"))
    }

    @Test func theBuiltInCourseValidatesAndTheExamplePackPassesItsTests() throws {
        let lessons = try BuiltBinary.run(["pack", "validate", Self.repository.appendingPathComponent("Lessons").path], input: "")
        // Warnings (a Dockerfile a learner is to fix) come before the summary and leave the pack valid.
        #expect(lessons.status == 0 && lessons.output.contains("docker-images 1.0.0: 12 lessons"))
        let example = try BuiltBinary.run(["pack", "test", Self.repository.appendingPathComponent("Examples/alpine-basics").path], input: "")
        #expect(example.status == 0 && example.output.hasSuffix("2 of 2 exercises behave (fail at the start, pass after the solution, and fail after each of their 4 wrong answers)\n"))
    }

    @Test func aBrokenPackGetsEveryProblemAndANonZeroStatus() throws {
        let folder = scratch.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("id: broken\ntitle: B\nversion: 1\nformat_version: 1\nauthor: A\nlessons: [one.md]\n".utf8).write(to: folder.appendingPathComponent("pack.yaml"))
        try Data("---\nid: one\ntitle: One\nexercises:\n  - id: x\n    goal: G\n    checks: [{image_exists: a}]\n---\n".utf8).write(to: folder.appendingPathComponent("one.md"))
        let result = try BuiltBinary.run(["pack", "validate", folder.path], input: "")
        #expect(result.status == 1)
        #expect(result.output.contains("\(folder.path)/one.md:5: the exercise has no hints"))
        #expect(result.output.contains("\(folder.path)/one.md:5: the exercise has no reference solution"))
        // Nothing makes the image the check names (there is no solution), and the catalog has no `a`.
        #expect(result.output.contains("\(folder.path)/one.md:7: the check names the image 'a'"))
        #expect(result.output.hasSuffix("3 problems in \(folder.path)\n"))
    }

    @Test func packsInstallSideBySideAndAHostileArchiveIsRefused() throws {
        let source = scratch.appendingPathComponent("example")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("Examples/alpine-basics"), to: source)
        try tar(["-czf", "example.tar.gz", "example"], in: scratch)
        let added = try BuiltBinary.run(["pack", "add", "--home", home.url.path, scratch.appendingPathComponent("example.tar.gz").path], input: "")
        #expect(added.status == 0 && added.output.hasPrefix("Installed alpine-basics 1.0.0 (2 exercises)"))
        let session = try BuiltBinary.run(["--home", home.url.path, "--pack", "alpine-basics"], input: "lessons\n")
        #expect(session.output.hasPrefix("Alpine basics (1.0.0)\n"))

        try Data("x".utf8).write(to: home.url.appendingPathComponent("evil.txt"))
        try tar(["-czPf", "evil.tar.gz", "../evil.txt"], in: scratch)
        let refused = try BuiltBinary.run(["pack", "add", "--home", home.url.path, scratch.appendingPathComponent("evil.tar.gz").path], input: "")
        #expect(refused.status == 1 && refused.error.contains("has an entry outside the pack: ../evil.txt"))
        let list = try BuiltBinary.run(["pack", "list", "--home", home.url.path], input: "")
        #expect(list.output == "alpine-basics  1.0.0  Alpine basics  (2 exercises, by layerlab)\n")

        // A newer version that renames an exercise is installed, with a warning about its ID.
        let lesson = source.appendingPathComponent("02-check-yourself.md")
        try String(contentsOf: lesson, encoding: .utf8).replacingOccurrences(of: "id: layers-question", with: "id: layer-question")
            .write(to: lesson, atomically: true, encoding: .utf8)
        let renamed = try BuiltBinary.run(["pack", "add", "--home", home.url.path, source.path], input: "")
        #expect(renamed.status == 0)
        #expect(renamed.output.contains("Note: the version it replaced had exercises this one does not: check-yourself/layers-question"))
    }

    @Test func aClassReportAggregatesExportsAndFlagsAnEditedOne() throws {
        let exports = scratch.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: exports, withIntermediateDirectories: true)
        let pack = Self.repository.appendingPathComponent("Examples/alpine-basics").path
        for learner in ["ada", "bob"] {
            // Each learner has a home of their own: a home keeps the one name it was made with.
            let learnerHome = home.url.appendingPathComponent(learner).path
            _ = try BuiltBinary.run(["--home", learnerHome, "--pack", pack, "--name", learner], input: "lesson 2\nanswer 2\n")
            let export = try BuiltBinary.run(["progress", "export", "--home", learnerHome, "--pack", pack, "-o", exports.appendingPathComponent("\(learner).json").path], input: "")
            #expect(export.status == 0)
        }
        let bob = exports.appendingPathComponent("bob.json")
        let edited = try String(contentsOf: bob, encoding: .utf8).replacingOccurrences(of: "\"status\": \"not-started\"", with: "\"status\": \"completed\"")
        try Data(edited.utf8).write(to: bob)
        let report = try BuiltBinary.run(["class", "report", exports.path, "-o", scratch.path], input: "")
        #expect(report.status == 2, "an export that does not match its checksum fails the report")
        #expect(report.output.contains("ada      -     done  1"))
        #expect(report.output.contains("1 export was changed after it was written (its checksum does not match): \(bob.path)"))
        #expect(report.output.contains("anyone can change an export and compute it again"))
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("class-report.html").path))
        #expect(try String(contentsOf: scratch.appendingPathComponent("class-report.csv"), encoding: .utf8).hasPrefix("learner,file,a-tiny-image,check-yourself,"))
    }

    /// Three mistakes that used to print a raw Cocoa error or a misleading one.
    @Test func mistakenArgumentsGetClearMessages() throws {
        try FileManager.default.createDirectory(at: scratch.appendingPathComponent("x"), withIntermediateDirectories: true)
        // An archive whose `x` is a file in one entry and a folder in another.
        try Data("x".utf8).write(to: scratch.appendingPathComponent("file-x"))
        try Data("y".utf8).write(to: scratch.appendingPathComponent("x/y"))
        try tar(["czf", "clash.tar.gz", "--transform", "s|^file-x$|x|", "file-x", "x/y"], in: scratch)
        let added = try BuiltBinary.run(["pack", "add", scratch.appendingPathComponent("clash.tar.gz").path, "--home", home.url.path], input: "")
        #expect(added.status == 1)
        #expect(added.error.contains("clash.tar.gz cannot be unpacked at x/y: a name in it is both a file and a folder"), "\(added.error)")
        let validated = try BuiltBinary.run(["pack", "validate", scratch.appendingPathComponent("clash.tar.gz").path], input: "")
        #expect(validated.status == 1)
        #expect(validated.error.contains("clash.tar.gz is an archive; pack validate reads a pack folder"))
        // progress export -o FOLDER writes the learner's file into it.
        _ = try BuiltBinary.run(["--home", home.url.path, "--name", "ada"], input: "echo hi\n")
        let exported = try BuiltBinary.run(["progress", "export", "--home", home.url.path, "--name", "ada", "-o", scratch.path], input: "")
        #expect(exported.status == 0, "\(exported.error)")
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("ada.json").path))
        let nowhere = try BuiltBinary.run(["progress", "export", "--home", home.url.path, "--name", "ada", "-o", "/nonexistent-\(UUID())/a.json"], input: "")
        #expect(nowhere.status == 1 && nowhere.error.contains("layerlab: cannot write /nonexistent-"))
    }
}
