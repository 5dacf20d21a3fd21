import Engine
import Foundation
import LayerlabBasics
import Shell

/// `docker version`, `docker info` and `docker system prune`: the engine described and tidied. Where
/// a real daemon would describe the machine, these say that the engine is layerlab's simulation.
enum SystemSubcommands {
    static var all: [DockerSubcommand] { [version, info, prune, builderPrune] }

    static let simulated = "\(LayerlabVersion.simulatedDocker) (simulated by layerlab \(LayerlabVersion.current))"

    /// `docker --version`.
    static var versionLine: String { "Docker version \(simulated)" }

    static let version = DockerSubcommand(
        names: [["version"]],
        usage: "docker version [OPTIONS]",
        summary: "Show the Docker version information",
        arity: .none,
        readsOnly: true
    ) { invocation in
        let architecture = LayerlabVersion.architecture
        invocation.io.write("""
        Client:
         Version:           \(simulated)
         API version:       \(LayerlabVersion.simulatedAPI)
         OS/Arch:           linux/\(architecture)
         Context:           default

        Server: layerlab's simulated engine
         Engine:
          Version:          \(simulated)
          API version:      \(LayerlabVersion.simulatedAPI) (minimum version 1.24)
          OS/Arch:          linux/\(architecture)
          Note:             no daemon runs; images, containers and registries live in $LAYERLAB_HOME/engine

        """)
        return 0
    }

    static let info = DockerSubcommand(
        names: [["info"], ["system", "info"]],
        usage: "docker info [OPTIONS]",
        summary: "Display system-wide information",
        arity: .none,
        readsOnly: true
    ) { invocation in
        let containers = invocation.engine.allContainers
        let running = containers.filter(\.isRunning).count
        invocation.io.write("""
        Client:
         Version:    \(simulated)
         Context:    default

        Server:
         Containers: \(containers.count)
          Running: \(running)
          Paused: 0
          Stopped: \(containers.count - running)
         Images: \(invocation.engine.images.all.count)
         Server Version: \(simulated)
         Storage Driver: overlay2 (simulated: layers are files in $LAYERLAB_HOME/engine)
         Logging Driver: json-file
         Operating System: layerlab's simulated engine (no containers really run)
         Architecture: \(LayerlabVersion.machine)
         Docker Root Dir: $LAYERLAB_HOME/engine
         Registry: https://index.docker.io/v1/
         Insecure Registries:
          ::1/128
          127.0.0.0/8

        """)
        return 0
    }

    static let prune = DockerSubcommand(
        names: [["system", "prune"]],
        usage: "docker system prune [OPTIONS]",
        summary: "Remove unused data",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Remove all unused images not just dangling ones"),
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Do not prompt for confirmation"),
            FlagSpec(long: "volumes", short: nil, takesValue: false, help: "Prune anonymous volumes"),
        ],
        arity: .none
    ) { invocation in
        let all = invocation.arguments.has("all")
        let volumes = invocation.arguments.has("volumes")
        // docker/cli v28.2.2 cli/command/system/prune.go: its warnings, and its pruners in that order.
        let warning = """
        WARNING! This will remove:
          - all stopped containers
          - all networks not used by at least one container
        """ + (volumes ? "\n  - all anonymous volumes not used by at least one container" : "") + """

          - \(all ? "all images without at least one container associated to them" : "all dangling images")
          - \(all ? "all build cache" : "unused build cache")

        Are you sure you want to continue?
        """
        guard invocation.confirmed(warning) else { return 0 }
        var pruners: [Pruner] = [.containers]
        if volumes { pruners.append(.volumes(all: false)) }
        pruners += [.images(all: all), .buildCache(all: all)]
        return try Pruner.run(pruners, invocation: invocation)
    }
}

extension SystemSubcommands {
    static let builderPrune = DockerSubcommand(
        names: [["builder", "prune"]],
        usage: "docker builder prune",
        summary: "Remove build cache",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Remove all unused build cache, not just dangling ones"),
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Do not prompt for confirmation"),
        ],
        arity: .none
    ) { invocation in
        let all = invocation.arguments.has("all")
        guard invocation.confirmed("WARNING! This will remove all \(all ? "" : "dangling ")build cache. Are you sure you want to continue?") else { return 0 }
        return try Pruner.run([.buildCache(all: all)], invocation: invocation)
    }
}
