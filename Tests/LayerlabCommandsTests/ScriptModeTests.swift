import Foundation
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// The built binary with standard input a pipe: no prompt, no colour, errors on stderr, and it keeps going.
@Suite(.waitsOnOtherPrograms) struct ScriptModeTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test func pipedHelpListsTheCommands() throws {
        let result = try BuiltBinary.run(["--home", home.url.path], input: "help\nexit\n")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("Docker\n"))
        #expect(result.output.contains("  tree"))
        #expect(!result.output.contains("\u{1B}["), "no colour when not a terminal")
        #expect(!result.output.contains("layerlab:/workspace>"), "no prompt when not a terminal")
    }

    @Test func errorsGoToStandardErrorAndTheScriptGoesOn() throws {
        let script = "cat > f.txt <<'EOF'\r\nhello\r\nEOF\r\nnope\ncat f.txt\n"
        let result = try BuiltBinary.run(["--home", home.url.path], input: script)
        #expect(result.output == "hello\n")
        #expect(result.error == "layerlab: nope: command not found\nhint: Type 'help' to list the commands.\n")
        #expect(result.status == 0)
    }

    @Test func homeComesFromTheEnvironment() throws {
        let result = try BuiltBinary.run([], input: "echo hi > note.txt\n", environment: ["LAYERLAB_HOME": home.url.path])
        #expect(result.status == 0)
        let note = try String(contentsOf: home.url.appendingPathComponent("workspace/note.txt"), encoding: .utf8)
        #expect(note == "hi\n")
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent("layerlab.sqlite").path))
    }

    @Test func anUnusableHomeIsReported() throws {
        let file = home.url.appendingPathExtension("file")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try BuiltBinary.run(["--home", file.path], input: "")
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("layerlab: cannot create the layerlab home at \(file.path)"))
    }

    /// One name per home (issue 21): `--name` when the home is made, kept; another is refused.
    @Test func theNameAHomeIsMadeWithIsKeptAndExported() throws {
        #expect(try BuiltBinary.run(["--home", home.url.path, "--name", "alice"], input: "lesson 1\n").status == 0)
        let export = try BuiltBinary.run(["progress", "export", "--home", home.url.path, "--format", "csv"], input: "")
        #expect(export.status == 0, "\(export.error)")
        #expect(export.output.contains("\nalice,docker-images,images-and-containers,pull-alpine,opened,"))
        let other = try BuiltBinary.run(["--home", home.url.path, "--name", "bob"], input: "")
        #expect(other.status == 1)
        #expect(other.error == "layerlab: the layerlab home \(home.url.path) is alice's, not bob's: a home keeps the name it was made with\n"
            + "leave out --name to go on as alice in \(home.url.path), or give bob a home of their own: --home DIR\n")
        #expect(try BuiltBinary.run(["--home", home.url.path, "--name", "alice"], input: "").status == 0)
    }

    /// A home a script made without `--name` is its login name's, and `progress export` finds it so.
    @Test func aHomeMadeByAScriptIsExportedWithoutAName() throws {
        #expect(try BuiltBinary.run(["--home", home.url.path], input: "lesson 1\n").status == 0)
        let name = try #require(home.home.savedLearnerName)
        let export = try BuiltBinary.run(["progress", "export", "--home", home.url.path, "--format", "csv"], input: "", environment: ["USER": "someone-else"])
        #expect(export.status == 0, "\(export.error)")
        #expect(export.output.contains("\n\(name),docker-images,images-and-containers,pull-alpine,opened,"))
        let nowhere = try BuiltBinary.run(["progress", "export", "--home", home.url.appendingPathComponent("typo").path], input: "")
        #expect(nowhere.status == 1 && nowhere.error.contains("there is no layerlab home there"))
        #expect(!FileManager.default.fileExists(atPath: home.url.appendingPathComponent("typo").path), "reading a home never makes one")
    }

    /// `--home` before the subcommand, as docker's and git's program-wide options go (issue 21).
    @Test func programWideOptionsGoBeforeTheSubcommandToo() throws {
        let listed = try BuiltBinary.run(["--home", home.url.path, "pack", "list"], input: "")
        #expect(listed.status == 0 && listed.output.hasPrefix("No packs installed."), "\(listed.error)")
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/alpine-basics")
        #expect(try BuiltBinary.run(["--home", home.url.path, "pack", "add", example.path], input: "").status == 0)
        // In the home `--home` names, pack validate finds an installed pack by its ID.
        let validated = try BuiltBinary.run(["--home", home.url.path, "pack", "validate", "alpine-basics"], input: "")
        #expect(validated.status == 0 && validated.output.hasPrefix("alpine-basics 1.0.0: ") && validated.output.hasSuffix(", no problems\n"), "\(validated.output)")
        let refused = try BuiltBinary.run(["--name", "ada", "pack", "list"], input: "")
        #expect(refused.status == 64)
        #expect(refused.error.contains("'layerlab pack list' does not take --name; these commands do: repl, daemon, progress export"))
    }

    /// A copied or installed layerlab has no checkout above it: its course comes from inside it (issue 21).
    @Test func aCopiedBinaryFindsItsBuiltInCourse() throws {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-copy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: copy) }
        let binary = copy.appendingPathComponent("layerlab")
        // A hard link is a copy as far as the executable's path goes, without copying its megabytes.
        do { try FileManager.default.linkItem(at: BuiltBinary.url, to: binary) } catch { try FileManager.default.copyItem(at: BuiltBinary.url, to: binary) }
        let result = try BuiltBinary.run(["--home", home.url.path], input: "lessons\n", executable: binary)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.hasPrefix("Docker images, layer by layer (1.0.0)\n"))
        #expect(FileManager.default.fileExists(atPath: home.home.builtInCourseURL.path))
    }

    @Test func versionAndHelpComeFromTheCommandLine() throws {
        #expect(try BuiltBinary.run(["--version"], input: "").output == "0.1.0\n")
        let help = try BuiltBinary.run(["repl", "--help"], input: "")
        #expect(help.output.contains("--home <DIR>"))
    }
}
