import Foundation
import GoSemantics
import ImageModel

/// What the daemon answers for a container's inspection (`GET /containers/{id}/json`): the fields
/// learners look at, in Docker Engine 28's order.
enum ContainerInspectDocument {
    static func json(for container: ContainerRecord) -> JSONValue {
        let (exitCode, finished): (Int32, Date?) = if case .exited(let code, let at) = container.state { (code, at) } else { (0, nil) }
        let zero = "0001-01-01T00:00:00Z"
        let bindings = Dictionary(grouping: container.ports) { "\($0.containerPort)/\($0.proto)" }
        return .object([
            ("Id", .string(container.id)),
            ("Created", .string(GoTime.rfc3339Nano(container.created))),
            ("Path", .string(container.command.first ?? "")),
            ("Args", .array(container.command.dropFirst().map(JSONValue.string))),
            ("State", .object([
                ("Status", .string(container.statusName)),
                ("Running", .bool(container.isRunning)),
                ("ExitCode", .number(Int64(exitCode))),
                ("StartedAt", .string(container.started.map(GoTime.rfc3339Nano) ?? zero)),
                ("FinishedAt", .string(finished.map(GoTime.rfc3339Nano) ?? zero)),
            ])),
            ("Image", .string(container.image.description)),
            ("Name", .string("/" + container.name)),
            ("HostConfig", .object([
                ("PortBindings", .object(bindings.keys.sorted().map { key in
                    (key, .array(bindings[key]!.map { .object([("HostIp", .string($0.hostIP == "0.0.0.0" ? "" : $0.hostIP)), ("HostPort", .string(String($0.hostPort)))]) }))
                })),
                ("AutoRemove", .bool(container.autoRemove)),
            ])),
            ("Config", .object([
                ("Hostname", .string(container.shortID)),
                ("User", .string(container.user)),
                ("Tty", .bool(container.tty)),
                ("ExposedPorts", container.exposedPorts.isEmpty ? .null : .object(container.exposedPorts.map { ($0, .object([])) })),
                ("OpenStdin", .bool(container.interactive)),
                ("Env", .array(container.environment.map(JSONValue.string))),
                ("Cmd", .array(container.command.map(JSONValue.string))),
                ("Image", .string(container.imageName)),
                ("WorkingDir", .string(container.workingDirectory)),
            ])),
            ("NetworkSettings", .object([("Ports", networkPorts(container))])),
        ])
    }

    /// The ports a running container's network holds: each published one with its host addresses
    /// (IPv4 and IPv6 for 0.0.0.0), each exposed one with null; a stopped container holds none.
    static func networkPorts(_ container: ContainerRecord) -> JSONValue {
        guard container.isRunning else { return .object([]) }
        var ports: [String: JSONValue] = [:]
        for port in container.exposedPorts { ports[port] = .null }
        for binding in container.ports {
            let key = "\(binding.containerPort)/\(binding.proto)"
            var frontends: [JSONValue] = []
            if case .array(let existing)? = ports[key] { frontends = existing }
            let addresses = binding.hostIP == "0.0.0.0" ? ["0.0.0.0", "::"] : [binding.hostIP]
            frontends += addresses.map { .object([("HostIp", .string($0)), ("HostPort", .string(String(binding.hostPort)))]) }
            ports[key] = .array(frontends)
        }
        return .object(ports.keys.sorted().map { ($0, ports[$0]!) })
    }
}
