import Engine
import Foundation
import GoSemantics
import Shell

/// `docker ps` and `docker port`: what runs, how it shows in the listing, and which ports it holds.
extension ContainerSubcommands {
    static let ps = DockerSubcommand(
        names: [["ps"], ["container", "ls"], ["container", "list"]],
        usage: "docker ps [OPTIONS]",
        summary: "List containers",
        flags: [
            FlagSpec(long: "all", short: "a", takesValue: false, help: "Show all containers (default shows just running)"),
            FlagSpec(long: "filter", short: "f", takesValue: true, help: "Filter output based on conditions provided"),
            FlagSpec(long: "format", short: nil, takesValue: true, help: "Format output using a custom template"),
            FlagSpec(long: "last", short: "n", takesValue: true, help: "Show n last created containers (includes all states)"),
            FlagSpec(long: "latest", short: "l", takesValue: false, help: "Show the latest created container (includes all states)"),
            FlagSpec(long: "no-trunc", short: nil, takesValue: false, help: "Don't truncate output"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Only display container IDs"),
        ],
        arity: .none,
        readsOnly: true
    ) { invocation in
        let arguments = invocation.arguments
        let filter = try ContainerListFilter(FilterFlag.pairs(arguments.values("filter")))
        var last = arguments.has("latest") ? 1 : -1
        if let text = arguments.value("last") {
            guard let number = Int(text) else {
                throw CommandFailure("invalid argument \"\(text)\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"\(text)\": invalid syntax",
                                     hint: "See 'docker ps --help'.", exitStatus: 125)
            }
            last = number
        }
        let containers = invocation.engine.listContainers(all: arguments.has("all"), limit: last >= 0 ? last : nil, filter: filter)
        if invocation.arguments.has("quiet") {
            invocation.io.write(containers.map { $0.id.prefix(12) + "\n" }.joined())
            return 0
        }
        let noTrunc = invocation.arguments.has("no-trunc")
        let rows: [[String: String]] = containers.map { container in
            let created = Date(timeIntervalSince1970: TimeInterval(container.created))
            return [
                "ID": noTrunc ? container.id : String(container.id.prefix(12)),
                "Image": container.image,
                "Command": "\"" + (noTrunc ? container.command : DockerFormat.ellipsis(container.command, 20)) + "\"",
                "CreatedAt": GoTime.string(created),
                "RunningFor": DockerFormat.ago(created, now: invocation.now),
                "Ports": ports(container.ports),
                "State": container.state,
                "Status": container.status,
                "Size": DockerFormat.size(container.sizeRw),
                "Names": container.names.map { String($0.dropFirst()) }.joined(separator: ","),
                "Labels": "", "Mounts": "", "Networks": "bridge", "LocalVolumes": "0",
            ]
        }
        let columns: [ListingFormat.Column] = [
            .init(field: "ID", header: "CONTAINER ID"), .init(field: "Image", header: "IMAGE"), .init(field: "Command", header: "COMMAND"),
            .init(field: "RunningFor", header: "CREATED"), .init(field: "Status", header: "STATUS"), .init(field: "Ports", header: "PORTS"),
            .init(field: "Names", header: "NAMES"),
        ]
        try containerListing.write(rows, defaultColumns: columns, format: arguments.value("format"), io: invocation.io)
        return 0
    }

    static let containerListing = ListingFormat(headers: [
        "ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT", "RunningFor": "CREATED",
        "Ports": "PORTS", "State": "STATE", "Status": "STATUS", "Size": "SIZE", "Names": "NAMES", "Labels": "LABELS",
        "Mounts": "MOUNTS", "Networks": "NETWORKS", "LocalVolumes": "LOCAL VOLUMES",
    ], structName: "*formatter.ContainerContext")

    /// The PORTS column: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp` for what is published (IPv6
    /// addresses in brackets), `80/tcp` for what is only exposed.
    static func ports(_ ports: [ContainerSummary.Port]) -> String {
        ports.map { port in
            guard let ip = port.ip, let published = port.publicPort else { return "\(port.privatePort)/\(port.type)" }
            return "\(ip.contains(":") ? "[\(ip)]" : ip):\(published)->\(port.privatePort)/\(port.type)"
        }.joined(separator: ", ")
    }

    static let port = DockerSubcommand(
        names: [["port"], ["container", "port"]],
        usage: "docker port CONTAINER [PRIVATE_PORT[/PROTO]]",
        summary: "List port mappings or a specific mapping for the container",
        flags: [],
        arity: .between(1, 2),
        readsOnly: true
    ) { invocation in
        let name = invocation.arguments.operands[0]
        guard let container = invocation.engine.container(name) else { throw EngineError.noSuchContainer(name) }
        // A stopped container holds no ports.
        let bindings = container.isRunning ? container.ports : []
        var lines: [String] = []
        func frontends(_ binding: ContainerRecord.PortBinding) -> [String] {
            binding.hostIP == "0.0.0.0" ? ["0.0.0.0:\(binding.hostPort)", "[::]:\(binding.hostPort)"] : ["\(binding.hostIP):\(binding.hostPort)"]
        }
        if invocation.arguments.operands.count == 2 {
            let wanted = invocation.arguments.operands[1]
            let parts = wanted.split(separator: "/", maxSplits: 1).map(String.init)
            guard let number = UInt16(parts[0]) else {
                let reason = parts[0].allSatisfy(\.isASCII) && UInt64(parts[0]) != nil ? "value out of range" : "invalid syntax"
                throw CommandFailure("Error: invalid port (\(parts[0])): strconv.ParseUint: parsing \"\(parts[0])\": \(reason)", exitStatus: 1)
            }
            let proto = parts.count > 1 ? parts[1] : "tcp"
            let matching = bindings.filter { $0.containerPort == Int(number) && $0.proto == proto }
            guard !matching.isEmpty else { throw CommandFailure("Error: No public port '\(wanted)' published for \(name)", exitStatus: 1) }
            lines = matching.flatMap(frontends)
        } else {
            lines = bindings.flatMap { binding in frontends(binding).map { "\(binding.containerPort)/\(binding.proto) -> \($0)" } }
        }
        for line in lines.sorted(by: { $0.compare($1, options: .numeric) == .orderedAscending }) { invocation.io.print(line) }
        return 0
    }
}
