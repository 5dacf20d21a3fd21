import ArgumentParser
import Foundation
@testable import LayerlabCommands
import Testing

/// `--home`, `--name`, `--pack` and `--registry` before the subcommand or after it, as docker's and git's program-wide
/// options go before theirs (issue 21: `layerlab --home DIR pack validate X` said "3 unexpected arguments").
@Suite struct ProgramOptionsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var typed: [String]
        var placed: [String]
        var testDescription: String { typed.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(typed: ["--home", "/h", "pack", "validate", "X"], placed: ["pack", "validate", "--home", "/h", "X"]),
        Case(typed: ["--home=/h", "pack", "add", "X"], placed: ["pack", "add", "--home=/h", "X"]),
        Case(typed: ["--home", "/h", "--name", "pack", "--pack", "p", "progress", "export", "-o", "f"],
             placed: ["progress", "export", "--home", "/h", "--name", "pack", "--pack", "p", "-o", "f"]),
        Case(typed: ["--home", "/h", "daemon", "--home", "/other"], placed: ["daemon", "--home", "/h", "--home", "/other"]),
        Case(typed: ["--registry", "localhost:5055", "--registry=registry.example.com", "daemon"],
             placed: ["daemon", "--registry", "localhost:5055", "--registry=registry.example.com"]),
        // No subcommand: the prompt, the default one, takes them where they are.
        Case(typed: ["--home", "/h", "--no-serve"], placed: ["--home", "/h", "--no-serve"]),
        Case(typed: ["--home", "/h"], placed: ["--home", "/h"]),
        // A value left out is the parser's to report, where it was typed.
        Case(typed: ["--home", "/h", "--name"], placed: ["--home", "/h", "--name"]),
        // After the subcommand they are its own options already.
        Case(typed: ["pack", "list", "--home", "/h"], placed: ["pack", "list", "--home", "/h"]),
    ]

    @Test(arguments: cases)
    func optionsBeforeTheSubcommandGoAfterIt(_ test: Case) throws {
        #expect(try ProgramOptions.placed(in: test.typed) == test.placed)
    }

    @Test func beforeOrAfterTheSubcommandParsesTheSame() throws {
        let before = try #require(try Layerlab.parseAsRoot(ProgramOptions.placed(in: ["--home", "/h", "pack", "validate", "X"])) as? PackValidate)
        let after = try #require(try Layerlab.parseAsRoot(["pack", "validate", "--home", "/h", "X"]) as? PackValidate)
        #expect(before.homeOptions.home == "/h" && before.folder == "X")
        #expect(after.homeOptions.home == before.homeOptions.home && after.folder == before.folder)
        let repl = try #require(try Layerlab.parseAsRoot(ProgramOptions.placed(in: ["--home", "/h", "--name", "ada", "repl"])) as? Repl)
        #expect(repl.homeOptions.home == "/h" && repl.name == "ada")
    }

    @Test func aSubcommandThatDoesNotTakeOneSaysWhichDo() {
        let error = #expect(throws: ValidationError.self) {
            _ = try ProgramOptions.placed(in: ["--name", "ada", "pack", "validate", "X"])
        }
        #expect(error?.message == "'layerlab pack validate' does not take --name; these commands do: repl, daemon, progress export")
    }

    /// What `ProgramOptions` moves must be what each command declares, and the other way round.
    @Test func everyCommandDeclaresTheProgramOptionsItTakes() {
        func check(_ command: any ParsableCommand.Type) {
            let help = Layerlab.helpMessage(for: command, includeHidden: false, columns: 400).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let declared = Set(ProgramOption.allCases.filter { option in help.contains { $0.hasPrefix(option.flag + " <") } })
            let table = (command as? any TakesProgramOptions.Type)?.programOptions ?? []
            #expect(declared == table, "\(command._commandName)")
            command.configuration.subcommands.forEach(check)
        }
        Layerlab.configuration.subcommands.forEach(check)
    }
}
