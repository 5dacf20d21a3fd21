import Course
import LayerlabSession
import LayerlabTestSupport
import Shell
import Testing

/// Every command a learner can type is explained by `help`, so nothing is undiscoverable.
@Suite struct HelpCoverageTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)
    var registry: CommandRegistry { CommandRegistry(home.configuration().commands) }

    @Test func everyCommandHasHelp() throws {
        #expect(!registry.commands.isEmpty)
        for command in registry.commands {
            let help = command.help
            #expect(!help.abstract.isEmpty, "\(help.name) has no abstract")
            #expect(!help.usage.isEmpty, "\(help.name) has no usage")
            #expect(help.usage.allSatisfy { $0.hasPrefix(help.name) }, "\(help.name) usage does not start with its name")
        }
    }

    @Test func helpExplainsEveryCommandAndAlias() throws {
        let (transcript, _) = try home.run(["help"] + registry.names.map { "help \($0)" })
        for command in registry.commands {
            #expect(transcript.contains("  \(command.help.name)"), "help does not list \(command.help.name)")
            #expect(transcript.contains("\(command.help.name): \(command.help.abstract)\n\nUsage:"))
        }
        #expect(!transcript.contains("no command named"))
    }
}
