@testable import DockerCLI
import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import Shell
import SimulatedWorld
import Testing

/// Every docker subcommand answers `--help` with its usage, and `docker` lists them all.
@Suite struct DockerHelpTests {
    @Test func everySubcommandHasHelp() throws {
        let docker = DockerCommand.self
        let home = TemporaryHome(equip: LayerlabCommandSet.standard)
        let lines = docker.subcommands.map { "docker " + $0.names[0].joined(separator: " ") + " --help" }
        let (transcript, status) = try home.run(["docker"] + lines)
        #expect(status == 0)
        for subcommand in docker.subcommands {
            #expect(transcript.contains("Usage:  \(subcommand.usage)\n\n\(subcommand.summary)\n"))
            #expect(transcript.contains("  \(subcommand.names[0].joined(separator: " "))"), "docker lists \(subcommand.displayName)")
            #expect(subcommand.usage.hasPrefix(subcommand.displayName))
        }
    }

    /// `docker network ls` is a real command layerlab lacks, not a typo: it used to say "unknown command".
    /// Where something at the prompt does the same work, the hint says what.
    @Test func dockersOwnCommandsThatAreNotSimulatedSaySo() throws {
        let docker = DockerCommand.self
        #expect(docker.subcommands.allSatisfy { !DockerCommand.notSimulated.contains($0.names[0][0]) }, "a simulated command is not listed as missing")
        let (transcript, status) = try TemporaryHome(equip: LayerlabCommandSet.standard).run([
            "docker network ls", "docker stats", "docker compose up", "docker-compose up", "docker swarm init", "docker nope",
        ])
        #expect(status == 1)
        #expect(transcript.contains("layerlab: docker network is a Docker command that layerlab does not simulate\nhint: layerlab's containers have no networks to manage: reach one through the port it publishes"))
        #expect(transcript.contains("layerlab: docker stats is a Docker command that layerlab does not simulate\nhint: layerlab's containers run no real processes"))
        #expect(transcript.contains("layerlab: docker compose is a Docker command that layerlab does not simulate\nhint: start each service with docker run"))
        #expect(transcript.contains("layerlab: docker-compose is a Docker command that layerlab does not simulate\nhint: start each service with docker run"))
        #expect(transcript.contains("layerlab: docker swarm is a Docker command that layerlab does not simulate\nhint: layerlab's engine simulates images, builds, containers, volumes and registries"))
        #expect(transcript.contains("docker: unknown command: docker nope\n"))
    }

    /// `docker-compose` answers when typed, but `help` does not list it and Tab does not offer it
    /// (`doc` still completes to `docker `).
    @Test func dockerComposeIsNotOffered() throws {
        let home = TemporaryHome(equip: LayerlabCommandSet.standard)
        let session = try home.configuration().openSession(output: BufferOutputSink())
        let candidates = session.completionCandidates(lineBeforeCursor: "doc")
        #expect(candidates.contains("docker") && !candidates.contains("docker-compose"))
        let (transcript, _) = try home.run(["help"])
        #expect(!transcript.contains("docker-compose"))
    }

    @Test func aliasesReachTheSameSubcommand() {
        let docker = DockerCommand.self
        #expect(docker.lookup(["image", "ls", "-q"])?.0.names[0] == ["images"])
        #expect(docker.lookup(["image", "rm", "x"])?.1 == 2)
        #expect(docker.lookup(["image", "inspect", "x"])?.0.names[0] == ["image", "inspect"])
        #expect(docker.lookup(["inspect", "x"])?.0.names[0] == ["inspect"], "plain inspect finds containers and images")
        #expect(docker.lookup(["nope"]) == nil)
    }

    /// The session keeps an undo step (a copy of the world) before each command that may change it;
    /// listings and inspections need none, whichever of their names is typed.
    @Test func onlyCommandsThatLookAreReadOnly() {
        let docker = DockerCommand(world: SimulatedWorld(home: URL(fileURLWithPath: "/nonexistent"), clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
        for looking in [["images"], ["image", "ls"], ["ps", "-a"], ["container", "ls"], ["inspect", "x"], ["image", "history", "x"], ["logs", "c"], ["run", "--help"], ["--version"], ["nosuch"]] {
            #expect(!docker.mayChangeWorld(looking), "\(looking)")
        }
        for changing in [["pull", "x"], ["run", "x"], ["image", "rm", "x"], ["tag", "a", "b"], ["login"], ["build", "."], ["system", "prune"]] {
            #expect(docker.mayChangeWorld(changing), "\(changing)")
        }
    }
}
