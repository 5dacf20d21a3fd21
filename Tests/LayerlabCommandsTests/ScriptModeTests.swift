import Foundation
import LayerlabSession
import LayerlabTestSupport
import Testing

/// The built binary with standard input a pipe: no prompt, no colour, errors on stderr, and it keeps going.
@Suite struct ScriptModeTests {
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

    @Test func versionAndHelpComeFromTheCommandLine() throws {
        #expect(try BuiltBinary.run(["--version"], input: "").output == "0.1.0\n")
        let help = try BuiltBinary.run(["repl", "--help"], input: "")
        #expect(help.output.contains("--home <DIR>"))
    }
}
