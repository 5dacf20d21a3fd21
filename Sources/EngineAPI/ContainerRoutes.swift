import Engine
import Foundation
import GoSemantics
import SimulatedShell
import SimulatedWorld

/// The container lifecycle of the Engine API: create, start, stop, kill, restart, remove, wait,
/// attach and logs, as moby answers them (`docker run`, `start`, `stop`, `rm`, `wait`, `logs` of the
/// real CLI go through these).
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
            let (force, volumes) = (request.flag("force"), request.flag("v"))
            try world.perform { engine throws(EngineError) in try engine.removeContainer(path[1], force: force, volumes: volumes) }
            return APIResponse(status: 204, headers: [], body: Data())
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && path[2] == "wait":
            return try wait(for: path[1], condition: request.query["condition"])
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && path[2] == "attach":
            return try attach(to: path[1], query: request.query)
        case ("GET", let path) where path.count == 3 && path[0] == "containers" && path[2] == "logs":
            return try logs(of: path[1], query: request.query)
        default:
            return nil
        }
    }

    /// `POST /containers/{id}/wait?condition=`: a container that already meets the condition is
    /// answered at once; otherwise the head goes now and the status when it is met (moby's
    /// `postContainersWait`). A running simulated server never ends, so `docker wait` on one waits
    /// until the client gives up, as it would on a real engine.
    private func wait(for name: String, condition text: String?) throws(EngineError) -> APIResponse {
        let condition: APIStream.WaitCondition
        if let text, !text.isEmpty {
            guard let known = APIStream.WaitCondition(rawValue: text) else { throw .invalidRequest("invalid condition: \"\(text)\"") }
            condition = known
        } else {
            condition = .notRunning
        }
        let (id, status) = try world.perform { engine throws(EngineError) in
            guard let container = engine.container(name) else { throw EngineError.noSuchContainer(name) }
            return (container.id, try engine.exitStatusOnceEnded(container.id))
        }
        if condition == .notRunning, let status { return .json(Self.waitAnswer(status)) }
        return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(), stream: .containerWait(containerID: id, condition: condition))
    }

    private func container(_ name: String) throws(EngineError) -> ContainerRecord {
        try world.perform { engine throws(EngineError) in
            guard let container = engine.container(name) else { throw EngineError.noSuchContainer(name) }
            return container
        }
    }

    /// moby's `container.WaitResponse`.
    static func waitAnswer(_ status: Int32) -> Data {
        Data(GoJSON.marshal(.object([("StatusCode", .number(Int64(status))), ("Error", .null)])).utf8)
    }

    /// `POST /containers/{id}/attach?stream=1&stdout=1&stderr=1`: the connection is hijacked and
    /// carries the main process's output as it is printed (`logs=1`: what it printed before too),
    /// framed unless the container has a terminal, until the process ends.
    private func attach(to name: String, query: [String: String]) throws(EngineError) -> APIResponse {
        let container = try container(name)
        let streams = ContainerOutputFrames.streams(query)
        let multiplexed = !container.tty
        let earlier = APIRequest.isTrue(query["logs"]) ? ContainerOutputFrames.encode(container.logs.chunks, streams: streams, multiplexed: multiplexed) : Data()
        let type = ContainerOutputFrames.contentType(multiplexed: multiplexed)
        let stream: APIStream? = APIRequest.isTrue(query["stream"]) ? .containerOutput(containerID: container.id, streams: streams, multiplexed: multiplexed) : nil
        return APIResponse(status: 101, headers: [("Content-Type", type)], body: earlier, stream: stream)
    }

    /// `GET /containers/{id}/logs`: what the main process printed (`tail`: its last lines), framed
    /// unless the container has a terminal; `follow=1` on a running container goes on with what it
    /// prints until it ends.
    private func logs(of name: String, query: [String: String]) throws(EngineError) -> APIResponse {
        // layerlab keeps no time for each line it logged: these are refused rather than ignored.
        if APIRequest.isTrue(query["timestamps"]) { throw .unsupported("docker logs --timestamps") }
        for option in ["since", "until"] where !(query[option] ?? "").isEmpty && query[option] != "0" {
            throw .unsupported("docker logs --\(option)")
        }
        let container = try container(name)
        let streams = ContainerOutputFrames.streams(query)
        let multiplexed = !container.tty
        let body = ContainerOutputFrames.encode(container.logs.tail(query["tail"]).chunks, streams: streams, multiplexed: multiplexed)
        let type = ContainerOutputFrames.contentType(multiplexed: multiplexed)
        let follows = APIRequest.isTrue(query["follow"]) && container.isRunning
        return APIResponse(status: 200, headers: [("Content-Type", type)], body: body,
                           stream: follows ? .containerOutput(containerID: container.id, streams: streams, multiplexed: multiplexed) : nil)
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
            guard let first = parts.first, let containerPort = Int(first) else { throw .invalidRequest("invalid port \(key)") }
            for binding in value as? [[String: Any]] ?? [] {
                let hostIP = (binding["HostIp"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "0.0.0.0"
                let hostPort = (binding["HostPort"] as? String).flatMap(Int.init) ?? 0
                ports.append(.init(hostIP: hostIP, hostPort: hostPort, containerPort: containerPort, proto: parts.count > 1 ? parts[1] : "tcp"))
            }
        }
        var mounts: [ContainerRecord.BindMount] = []
        var volumes: [ContainerRecord.VolumeMount] = []
        // `-v` reaches the daemon as Binds (moby's linux_parser.go): an absolute source is a host path,
        // any other a volume's name, and a path alone an anonymous volume.
        for bind in host["Binds"] as? [String] ?? [] {
            let fields = bind.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard let source = fields.first, !source.isEmpty, fields.count <= 3, fields.dropFirst().allSatisfy({ !$0.isEmpty }),
                  fields.count > 1 || source.hasPrefix("/")
            else {
                throw .invalidRequest("invalid volume specification: '\(bind)'")
            }
            let readOnly = fields.count > 2 && fields[2].contains("ro")
            if fields.count == 1 {
                volumes.append(.init(name: "", target: source, readOnly: false))
            } else if source.hasPrefix("/") {
                mounts.append(.init(source: source, target: fields[1], readOnly: readOnly))
            } else {
                volumes.append(.init(name: source, target: fields[1], readOnly: readOnly))
            }
        }
        // `--mount` reaches it as Mounts (moby's mount.Mount).
        for mount in host["Mounts"] as? [[String: Any]] ?? [] {
            let type = mount["Type"] as? String ?? ""
            let source = mount["Source"] as? String ?? ""
            let target = mount["Target"] as? String ?? ""
            let readOnly = mount["ReadOnly"] as? Bool ?? false
            guard !target.isEmpty else { throw .invalidRequest("invalid mount config for type \"\(type)\": field Target must not be empty") }
            switch type {
            case "bind":
                guard FileManager.default.fileExists(atPath: source) else {
                    throw .invalidRequest("invalid mount config for type \"bind\": bind source path does not exist: \(source)")
                }
                mounts.append(.init(source: source, target: target, readOnly: readOnly))
            case "volume":
                volumes.append(.init(name: source, target: target, readOnly: readOnly))
            default:
                throw .unsupported("a mount of type \(type)")
            }
        }
        // `-v /path` reaches it as the config's Volumes: an anonymous volume each.
        let named = Set(mounts.map(\.target) + volumes.map(\.target))
        for path in (object["Volumes"] as? [String: Any] ?? [:]).keys.sorted() where !named.contains(path) {
            volumes.append(.init(name: "", target: path, readOnly: false))
        }
        guard let image = object["Image"] as? String, !image.isEmpty else { throw .invalidRequest("config cannot be empty in order to create a container") }
        return ContainerRequest(
            image: image, name: name.flatMap { $0.isEmpty ? nil : $0 }, command: object["Cmd"] as? [String] ?? [],
            entrypoint: object["Entrypoint"] as? [String], environment: object["Env"] as? [String] ?? [],
            user: (object["User"] as? String).flatMap { $0.isEmpty ? nil : $0 }, workingDirectory: (object["WorkingDir"] as? String).flatMap { $0.isEmpty ? nil : $0 },
            ports: ports, publishAll: host["PublishAllPorts"] as? Bool ?? false, mounts: mounts, volumes: volumes, autoRemove: host["AutoRemove"] as? Bool ?? false,
            interactive: object["OpenStdin"] as? Bool ?? false, tty: object["Tty"] as? Bool ?? false
        )
    }
}
