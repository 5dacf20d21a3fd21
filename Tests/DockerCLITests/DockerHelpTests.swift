@testable import DockerCLI
import LayerlabTestSupport
import Testing

/// Every docker subcommand answers `--help` with its usage, and `docker` lists them all.
@Suite struct DockerHelpTests {
    @Test func everySubcommandHasHelp() throws {
        let docker = DockerCommand()
        let home = TemporaryHome()
        let lines = docker.subcommands.map { "docker " + $0.names[0].joined(separator: " ") + " --help" }
        let (transcript, status) = try home.run(["docker"] + lines)
        #expect(status == 0)
        for subcommand in docker.subcommands {
            #expect(transcript.contains("Usage:  \(subcommand.usage)\n\n\(subcommand.summary)\n"))
            #expect(transcript.contains("  \(subcommand.names[0].joined(separator: " "))"), "docker lists \(subcommand.displayName)")
            #expect(subcommand.usage.hasPrefix(subcommand.displayName))
        }
    }

    @Test func aliasesReachTheSameSubcommand() {
        let docker = DockerCommand()
        #expect(docker.lookup(["image", "ls", "-q"])?.0.names[0] == ["images"])
        #expect(docker.lookup(["image", "rm", "x"])?.1 == 2)
        #expect(docker.lookup(["image", "inspect", "x"])?.0.names[0] == ["image", "inspect"])
        #expect(docker.lookup(["inspect", "x"])?.0.names[0] == ["inspect"], "plain inspect finds containers and images")
        #expect(docker.lookup(["nope"]) == nil)
    }
}
