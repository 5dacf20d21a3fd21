import Engine
import Foundation
import GoSemantics
import SimulatedShell
import SimulatedWorld

/// The container lifecycle of the Engine API without attaching a terminal: create, start, stop,
/// kill, restart, remove and logs, as moby answers them (`docker run -d`, `start`, `stop`, `rm`,
/// `logs` of the real CLI go through these).
struct ContainerRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", ["containers", "create"]):
            let containerRequest = try Self.containerRequest(request.body, name: request.query["name"])
            let container = try world.perform { engine throws(EngineError) in try engine.createContainer(containerRequest) }
            return .json(Data(GoJSON.marshal(.object([("Id", .string(container.id)), ("Warnings", .array([]))])).utf8), status: 201)
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && ["start", "stop", "kill", "restart"].contains(path[2]):
            let name = path[1]
            try world.perform { engine throws(EngineError) in
                switch path[2] {
                case "start": _ = try engine.startContainer(name)
                case "stop": _ = try engine.stopContainer(name)
                case "kill": try engine.killContainer(name)
                default:
                    _ = try engine.stopContainer(name)
                    _ = try engine.startContainer(name)
                }
            }
            return APIResponse(status: 204, headers: [], body: Data())
        case ("DELETE", let path) where path.count == 2 && path[0] == "containers":
            let force = ["1", "true", "True"].contains(request.query["force"] ?? "")
            try world.perform { engine throws(EngineError) in try engine.removeContainer(path[1], force: force) }
            return APIResponse(status: 204, headers: [], body: Data())
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && path[2] == "wait":
            // A container that is not running has its answer now; a running one answers when it ends,
            // which a simulated server never does: the request stays open, as `docker wait` does on a
            // real engine, until the client gives up (`docker run -d` does at once).
            guard let status = try world.perform({ engine throws(EngineError) in try engine.exitStatusOnceEnded(path[1]) }) else { return .pending }
            return .json(Data(GoJSON.marshal(.object([("StatusCode", .number(Int64(status))), ("Error", .null)])).utf8))
        case ("GET", let path) where path.count == 3 && path[0] == "containers" && path[2] == "logs":
            return try logs(of: path[1], query: request.query)
        default:
            return nil
        }
    }

    /// `GET /containers/{id}/logs`: without a terminal the streams come multiplexed as moby's stdcopy
    /// frames (a stream byte, three zeros, the length, the bytes); with one, raw.
    private func logs(of name: String, query: [String: String]) throws(EngineError) -> APIResponse {
        let (logs, tty) = try world.perform { engine throws(EngineError) in
            guard let container = engine.container(name) else { throw EngineError.noSuchContainer(name) }
            return (container.logs, container.tty)
        }
        let wanted = logs.tail(query["tail"])
        let streams: Set<OutputChunk.Stream> = Set([query["stdout"] == "1" ? .standardOutput : nil, query["stderr"] == "1" ? .standardError : nil].compactMap { $0 })
        var body = Data()
        for chunk in wanted.chunks where streams.contains(chunk.stream) {
            let bytes = Data(chunk.text.utf8)
            if !tty {
                let length = UInt32(bytes.count)
                body.append(contentsOf: [chunk.stream == .standardOutput ? 1 : 2, 0, 0, 0,
                                         UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
            }
            body.append(bytes)
        }
        let type = tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream"
        return APIResponse(status: 200, headers: [("Content-Type", type)], body: body)
    }

    /// The create body (moby's container.Config with HostConfig) as what the engine is asked for.
    static func containerRequest(_ body: Data, name: String?) throws(EngineError) -> ContainerRequest {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .invalidRequest("invalid JSON in the container's configuration")
        }
        let host = object["HostConfig"] as? [String: Any] ?? [:]
        var ports: [ContainerRecord.PortBinding] = []
        for (key, value) in (host["PortBindings"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/").map(String.init)
            guard let containerPort = Int(parts[0]) else { throw .invalidRequest("invalid port \(key)") }
            for binding in value as? [[String: Any]] ?? [] {
                let hostIP = (binding["HostIp"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
                let hostPort = (binding["HostPort"] as? String).flatMap(Int.init) ?? 0
                ports.append(.init(hostIP: hostIP, hostPort: hostPort, containerPort: containerPort, proto: parts.count > 1 ? parts[1] : "tcp"))
            }
        }
        let mounts = (host["Binds"] as? [String] ?? []).map { bind -> ContainerRecord.BindMount in
            let fields = bind.split(separator: ":").map(String.init)
            return ContainerRecord.BindMount(source: fields[0], target: fields.count > 1 ? fields[1] : fields[0], readOnly: fields.count > 2 && fields[2].contains("ro"))
        }
        guard let image = object["Image"] as? String, !image.isEmpty else { throw .invalidRequest("config cannot be empty in order to create a container") }
        return ContainerRequest(
            image: image, name: name.flatMap { $0.isEmpty ? nil : $0 }, command: object["Cmd"] as? [String] ?? [],
            entrypoint: object["Entrypoint"] as? [String], environment: object["Env"] as? [String] ?? [],
            user: (object["User"] as? String).flatMap { $0.isEmpty ? nil : $0 }, workingDirectory: (object["WorkingDir"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            ports: ports, publishAll: host["PublishAllPorts"] as? Bool ?? false, mounts: mounts, autoRemove: host["AutoRemove"] as? Bool ?? false,
            interactive: object["OpenStdin"] as? Bool ?? false, tty: object["Tty"] as? Bool ?? false
        )
    }
}
