import GoSemantics
import ImageModel
import LayerlabBasics

/// What the daemon answers for an image's inspection (`GET /images/{name}/json`), with the fields
/// and in the order Docker Engine 28 (API 1.50) gives them.
enum ImageInspectDocument {
    static func json(for record: ImageRecord, engine: Engine) -> JSONValue {
        let configuration = record.configuration
        let tags = engine.images.tags(of: record.id).map(\.familiarDescription)
        let lastTagTime = engine.images.lastTagTime(of: record.id).map(GoTime.rfc3339Nano) ?? "0001-01-01T00:00:00Z"
        let chains = Engine.chainIDs(record.layers.map(\.diffID))
        return .object([
            ("Id", .string(record.id.description)),
            ("RepoTags", JSONValue.strings(tags)),
            ("RepoDigests", JSONValue.strings(engine.images.repoDigests(of: record.id))),
            // The image a legacy build step or `docker commit` started from (daemon/images/image_inspect.go).
            ("Parent", .string(record.parent?.description ?? "")),
            ("Comment", .string(configuration.history.last?.comment ?? "")),
            ("Created", .string(configuration.created.map(GoTime.rfc3339Nano) ?? "")),
            ("DockerVersion", .string(configuration.dockerVersion ?? "")),
            ("Author", .string(configuration.author ?? "")),
            ("Config", config(configuration.config)),
            ("Architecture", .string(configuration.architecture)),
            ("Os", .string(configuration.os)),
            ("Size", .number(record.size)),
            ("GraphDriver", .object([
                ("Data", .object(graphDriverData(chains))),
                ("Name", .string("overlay2")),
            ])),
            ("RootFS", .object([
                ("Type", .string("layers")),
                ("Layers", .array(configuration.rootfs.diffIDs.map { .string($0.description) })),
            ])),
            ("Metadata", .object([("LastTagTime", .string(lastTagTime))])),
        ])
    }

    /// The image config as Engine 28 (API 1.50) prints it: the fields that are set.
    static func config(_ config: ImageConfig) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let user = config.user { members.append(("User", .string(user))) }
        if let ports = config.exposedPorts { members.append(("ExposedPorts", .object(ports.keys.sorted().map { ($0, .object([])) }))) }
        members.append(("Env", JSONValue.strings(config.env)))
        members.append(("Cmd", JSONValue.strings(config.cmd)))
        if let check = config.healthcheck {
            var fields: [(String, JSONValue)] = [("Test", JSONValue.strings(check.test))]
            if let interval = check.interval { fields.append(("Interval", .number(interval))) }
            if let timeout = check.timeout { fields.append(("Timeout", .number(timeout))) }
            if let start = check.startPeriod { fields.append(("StartPeriod", .number(start))) }
            if let retries = check.retries { fields.append(("Retries", .number(Int64(retries)))) }
            members.append(("Healthcheck", .object(fields)))
        }
        if let volumes = config.volumes { members.append(("Volumes", .object(volumes.keys.sorted().map { ($0, .object([])) }))) }
        members.append(("WorkingDir", .string(config.workingDir ?? "")))
        members.append(("Entrypoint", JSONValue.strings(config.entrypoint)))
        if let onBuild = config.onBuild { members.append(("OnBuild", JSONValue.strings(onBuild))) }
        members.append(("Labels", config.labels.map { labels in .object(labels.keys.sorted().map { ($0, .string(labels[$0]!)) }) } ?? .null))
        if let signal = config.stopSignal { members.append(("StopSignal", .string(signal))) }
        // Where image-spec's ImageConfig has it, after StopSignal; only when true (`omitempty`).
        if config.argsEscaped == true { members.append(("ArgsEscaped", .bool(true))) }
        if let shell = config.shell { members.append(("Shell", JSONValue.strings(shell))) }
        return .object(members)
    }

    /// overlay2's directories, named after the top layer's chain ID as a real engine names them.
    static func graphDriverData(_ chains: [Digest]) -> [(String, JSONValue)] {
        guard let top = chains.last else { return [] }
        let directory = "/var/lib/docker/overlay2/\(top.hex)"
        var data: [(String, JSONValue)] = []
        if chains.count > 1 {
            let lowers = chains.dropLast().reversed().map { "/var/lib/docker/overlay2/\($0.hex)/diff" }
            data.append(("LowerDir", .string(lowers.joined(separator: ":"))))
        }
        data.append(("MergedDir", .string("\(directory)/merged")))
        data.append(("UpperDir", .string("\(directory)/diff")))
        data.append(("WorkDir", .string("\(directory)/work")))
        return data
    }
}
