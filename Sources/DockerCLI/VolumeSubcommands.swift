import Engine
import Foundation
import Shell

/// `docker volume ls`, `create`, `inspect`, `rm` and `prune`: the engine's volumes (`VolumeRecord`),
/// worded as docker/cli v28.2.2 cli/command/volume words them.
enum VolumeSubcommands {
    static var all: [DockerSubcommand] {
        [list, create, inspect, remove, prune]
    }

    static let list = DockerSubcommand(
        names: [["volume", "ls"], ["volume", "list"]],
        usage: "docker volume ls [OPTIONS]",
        summary: "List volumes",
        flags: [
            FlagSpec(long: "filter", short: "f", takesValue: true, help: "Provide filter values (e.g. \"dangling=true\")"),
            FlagSpec(long: "format", short: nil, takesValue: true, help: "Format output using a custom template"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Only display volume names"),
        ],
        arity: .none,
        readsOnly: true
    ) { invocation in
        let arguments = invocation.arguments
        let volumes = try invocation.engine.listVolumes(filter: VolumeListFilter(FilterFlag.pairs(arguments.values("filter"))))
        if arguments.has("quiet") && arguments.value("format") == nil {
            invocation.io.write(volumes.map { $0.name + "\n" }.joined())
            return 0
        }
        // The fields of docker/cli's volume formatter (cli/command/formatter/volume.go); sizes are not
        // asked of the daemon when listing.
        let rows: [[String: String]] = volumes.map { volume in
            [
                "Name": volume.name, "Driver": "local", "Scope": "local", "Mountpoint": volume.mountpoint,
                "Labels": volume.isAnonymous ? VolumeRecord.anonymousLabel + "=" : "", "Links": "N/A", "Size": "N/A",
            ]
        }
        let headers = ["Name": "VOLUME NAME", "Driver": "DRIVER", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT", "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE"]
        let columns = [ListingFormat.Column(field: "Driver", header: "DRIVER"), .init(field: "Name", header: "VOLUME NAME")]
        try ListingFormat(headers: headers, structName: "formatter.volumeContext").write(rows, defaultColumns: columns, format: arguments.value("format"), io: invocation.io)
        return 0
    }

    static let create = DockerSubcommand(
        names: [["volume", "create"]],
        usage: "docker volume create [OPTIONS] [VOLUME]",
        summary: "Create a volume",
        flags: [
            FlagSpec(long: "driver", short: "d", takesValue: true, help: "Specify volume driver name (default \"local\")"),
            FlagSpec(long: "label", short: nil, takesValue: true, help: "Set metadata for a volume"),
            FlagSpec(long: "opt", short: "o", takesValue: true, help: "Set driver specific options (default map[])"),
        ],
        arity: .atMost(1)
    ) { invocation in
        let arguments = invocation.arguments
        if let driver = arguments.value("driver"), driver != "local" {
            throw EngineError.unsupported("the volume driver \(driver) (layerlab's volumes are local ones)")
        }
        for flag in ["label", "opt"] where arguments.has(flag) { throw EngineError.unsupported("docker volume create --\(flag)") }
        let volume = try invocation.engine.createVolume(named: arguments.operands.first)
        invocation.io.print(volume.name)
        return 0
    }

    static let inspect = DockerSubcommand(
        names: [["volume", "inspect"]],
        usage: "docker volume inspect [OPTIONS] VOLUME [VOLUME...]",
        summary: "Display detailed information on one or more volumes",
        flags: [FlagSpec(long: "format", short: "f", takesValue: true, help: "Format output using a custom template")],
        arity: .atLeast(1),
        readsOnly: true
    ) { invocation in
        try InspectOutput.run(invocation) { name throws(EngineError) in try invocation.engine.inspectVolume(name).document }
    }

    static let remove = DockerSubcommand(
        names: [["volume", "rm"], ["volume", "remove"]],
        usage: "docker volume rm [OPTIONS] VOLUME [VOLUME...]",
        summary: "Remove one or more volumes",
        flags: [FlagSpec(long: "force", short: "f", takesValue: false, help: "Force the removal of one or more volumes")],
        arity: .atLeast(1)
    ) { invocation in
        let force = invocation.arguments.has("force")
        return ContainerSubcommands.eachNamed(invocation) { name in try invocation.engine.removeVolume(name, force: force) }
    }

    static let prune = DockerSubcommand(
        names: [["volume", "prune"]],
        usage: "docker volume prune [OPTIONS]",
        summary: "Remove unused local volumes",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Remove all unused volumes, not just anonymous ones"),
            FlagSpec(long: "filter", short: nil, takesValue: true, help: "Provide filter values (e.g. \"label=<label>\")"),
            FlagSpec(long: "force", short: "f", takesValue: false, help: "Do not prompt for confirmation"),
        ],
        arity: .none
    ) { invocation in
        let arguments = invocation.arguments
        if let filter = arguments.value("filter") { throw EngineError.unsupported("docker volume prune --filter \(filter)") }
        let all = arguments.has("all")
        guard invocation.confirmed("WARNING! This will remove \(all ? "all" : "anonymous") local volumes not used by at least one container.\nAre you sure you want to continue?") else {
            return 0
        }
        return try Pruner.run([.volumes(all: all)], invocation: invocation)
    }
}
