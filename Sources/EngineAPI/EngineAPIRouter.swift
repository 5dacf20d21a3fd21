import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import SimulatedWorld

/// The Docker Engine API over a learner's world: moby's routes, JSON and status codes, so the real
/// Docker CLI prints Docker's own texts. Every request runs in the world's serial domain. A route
/// this API does not serve yet answers 501 and says so; it never answers 200 having done nothing.
public struct EngineAPIRouter: Sendable {
    let world: SimulatedWorld
    let execs = ExecInstances()
    let observer: (any WorldChangeObserver)?

    public init(world: SimulatedWorld, observer: (any WorldChangeObserver)? = nil) {
        self.world = world
        self.observer = observer
    }

    /// The course commands another shell may run through `POST /layerlab/run` (`layerlab check`,
    /// `layerlab lesson 2`): those that only read or move through the course.
    public static let courseCommands: Set<String> = ["check", "hint", "lesson", "lessons", "next", "prev", "progress"]

    /// What every answer carries, as dockerd sends it (API version negotiation reads these).
    static let commonHeaders: [(name: String, value: String)] = [
        ("Api-Version", LayerlabVersion.simulatedAPI), ("Docker-Experimental", "false"), ("Ostype", "linux"),
        ("Server", "Docker/\(LayerlabVersion.simulatedDocker) (linux) layerlab/\(LayerlabVersion.current)"),
    ]

    public func respond(to request: APIRequest) -> APIResponse {
        var response = if let observer, Self.mayChangeWorld(request) {
            observer.around(Self.label(of: request)) { route(request) }
        } else {
            route(request)
        }
        response.headers = Self.commonHeaders + response.headers
        if request.method == "HEAD" { response.body = Data() }
        return response
    }

    private func route(_ request: APIRequest) -> APIResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        do throws(EngineError) {
            switch (request.method, parts) {
            case ("GET", ["_ping"]), ("HEAD", ["_ping"]):
                return APIResponse(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-cache, no-store, must-revalidate")], body: Data("OK".utf8))
            case ("GET", ["version"]):
                return .json(Data(GoJSON.marshal(Self.version).utf8))
            case ("GET", ["info"]):
                return .json(Data(GoJSON.marshal(world.perform(Self.info)).utf8))
            case ("GET", ["images", "json"]):
                let filter = try ImageListFilter(try Self.filters(request.query["filters"]))
                let all = request.flag("all")
                return try .json(Self.encode(world.perform { engine throws(EngineError) in try engine.listImages(filter: filter, all: all) }))
            case ("GET", let path) where path.count >= 3 && path[0] == "images" && path.last == "json":
                let name = Self.imageName(in: path)
                return try .json(Data(GoJSON.marshal(world.perform { engine throws(EngineError) in try engine.inspectImage(name) }).utf8))
            case ("GET", let path) where path.count >= 3 && path[0] == "images" && path.last == "history":
                let name = Self.imageName(in: path)
                return try .json(Self.encode(world.perform { engine throws(EngineError) in try engine.history(of: name) }))
            case ("POST", ["images", "create"]):
                return try pull(request)
            case ("GET", ["events"]):
                let filter = try EventFilter(pairs: try Self.filters(request.query["filters"]), since: request.query["since"], until: request.query["until"])
                return APIResponse(status: 200, headers: [("Content-Type", "application/json")], body: Data(), stream: .events(filter))
            case ("POST", ["layerlab", "run"]):
                return try runCourseCommand(request)
            case ("POST", let path) where path.count >= 3 && path[0] == "images" && path.last == "tag":
                let name = Self.imageName(in: path)
                let repository = request.query["repo"] ?? ""
                let target: ImageReference
                do {
                    target = try ImageReference.parse(repository + (request.query["tag"].map { $0.isEmpty ? "" : ":" + $0 } ?? ""))
                } catch {
                    throw .invalidReference(repository, error.message)
                }
                try world.perform { engine throws(EngineError) in try engine.tag(source: name, target: target) }
                return APIResponse(status: 201, headers: [], body: Data())
            case ("DELETE", let path) where path.count >= 2 && path[0] == "images":
                let name = path.dropFirst().joined(separator: "/")
                let force = request.flag("force")
                let lines = try world.perform { engine throws(EngineError) in try engine.remove(name, force: force) }
                return .json(Data(GoJSON.marshal(.array(lines.map(Self.deleteResponse))).utf8))
            case ("GET", ["containers", "json"]):
                let filter = try ContainerListFilter(try Self.filters(request.query["filters"]))
                let all = request.flag("all")
                let limit = request.query["limit"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
                return try .json(Self.encode(world.perform { engine in engine.listContainers(all: all, limit: limit, filter: filter) }))
            case ("GET", let path) where path.count == 3 && path[0] == "containers" && path[2] == "json":
                return try .json(Data(GoJSON.marshal(world.perform { engine throws(EngineError) in try engine.inspectContainer(path[1]) }).utf8))
            default:
                if let answer = try ContainerRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try ExecRoutes(world: world, execs: execs).respond(request, path: parts) { return answer }
                if let answer = try ContainerFileRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try ContainerProcessRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try ImageTransferRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try PruneRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try SystemRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try VolumeRoutes(world: world).respond(request, path: parts) { return answer }
                if let answer = try BuildRoutes(world: world).respond(request, path: parts) { return answer }
                // Nothing here says the prompt has it: most of what is not served is not simulated at all.
                return .error("layerlab's Engine API does not serve \(request.method) \(request.path): layerlab simulates images, builds, containers, volumes and registries ('docker --help' at the layerlab prompt lists what it has)", status: 501)
            }
        } catch {
            return .error(error.streamedMessage, status: error.kind.httpStatus)
        }
    }

    /// Whether answering `request` waits for the serving session (the prompt, busy with a command of
    /// its own for as long as that takes): such requests are answered off the server's thread, so
    /// the others (`docker ps`, open streams) go on meanwhile.
    func waitsForSession(_ request: APIRequest) -> Bool {
        observer != nil && Self.mayChangeWorld(request)
    }

    /// Where requests that wait for the session are answered, one after the other as the session
    /// takes them.
    static let sessionQueue = DispatchQueue(label: "layerlab.engine-api.session")

    /// Requests that may change images, containers, registries or the saved logins; not those that
    /// only wait, attach, resize or prepare an exec.
    static func mayChangeWorld(_ request: APIRequest) -> Bool {
        guard ["POST", "PUT", "DELETE"].contains(request.method), !request.path.hasPrefix("/layerlab/") else { return false }
        let last = request.path.split(separator: "/").last ?? ""
        return !["attach", "wait", "resize", "exec"].contains(last)
    }

    /// How a request is named where commands are listed (the command log, undo): what the client
    /// asked, as it reached the daemon, written as a command line (query items as quoted words).
    static func label(of request: APIRequest) -> String {
        let items = request.query.sorted { $0.key < $1.key }.map { shellWord("\($0.key)=\($0.value)") }
        return (["docker-api", request.method, request.path] + items).joined(separator: " ")
    }

    /// A word as a command line takes it: as it is, or single-quoted when it holds anything else.
    static func shellWord(_ word: String) -> String {
        !word.isEmpty && word.allSatisfy({ $0.isLetter || $0.isNumber || "=/:._-,".contains($0) }) ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// `POST /layerlab/run {"command": "check"}`: layerlab's own request, for `layerlab check` and
    /// `layerlab hint` in another shell while this program holds the world.
    private func runCourseCommand(_ request: APIRequest) throws(EngineError) -> APIResponse {
        guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any], let command = object["command"] as? String,
              let name = command.split(separator: " ").first, Self.courseCommands.contains(String(name)),
              command.allSatisfy({ $0.isLetter || $0.isNumber || $0 == " " || $0 == "." || $0 == "-" })
        else { throw .invalidRequest("layerlab runs these course commands from another shell: \(Self.courseCommands.sorted().joined(separator: ", "))") }
        guard let observer else {
            return .error("this server has no course to check: it serves a world without a session", status: 501)
        }
        let (output, status) = observer.runCourseCommand(command)
        return .json(Data(GoJSON.marshal(.object([("output", .string(output)), ("status", .number(Int64(status)))])).utf8))
    }

    /// `POST /images/create?fromImage=NAME&tag=TAG`: the pull, answered as the daemon's progress stream
    /// of JSON messages; a failure before it starts is an error answer, as moby gives it.
    private func pull(_ request: APIRequest) throws(EngineError) -> APIResponse {
        let image = request.query["fromImage"] ?? ""
        let tag = request.query["tag"] ?? ""
        let typed = tag.isEmpty ? image : image + (tag.hasPrefix("sha256:") ? "@" : ":") + tag
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(typed)
        } catch {
            throw .invalidReference(typed, error.message)
        }
        let credentials = request.headers["x-registry-auth"].flatMap(Self.registryAuth)
        let report = try world.perform { engine throws(EngineError) in try engine.pull(reference, credentials: credentials) }
        var stream = JSONMessageStream()
        for message in report.messages { stream.status(message) }
        return stream.response
    }

    /// One line of an image's removal as moby's image.DeleteResponse (`docker rmi`, `docker image prune`).
    static func deleteResponse(_ line: RemovalLine) -> JSONValue {
        switch line {
        case .untagged(let name): .object([("Untagged", .string(name))])
        case .deleted(let id): .object([("Deleted", .string(id.description))])
        }
    }

    /// The `X-Registry-Auth` header: base64url of `{"username":…,"password":…}`.
    static func registryAuth(_ header: String) -> RegistryCredentials? {
        (base64URLJSON(header) as? [String: Any]).flatMap(Self.credentials)
    }

    /// The `X-Registry-Config` header a build comes with: base64url of every login the client saved,
    /// `{"SERVER":{"username":…,"password":…}}`, here by registry host (the Hub's URL is `docker.io`),
    /// as the daemon resolves them (moby v28.2.2 api/server/router/build/build_routes.go,
    /// getAuthConfigs; registry.ResolveAuthConfig). What cannot be read is no login, as moby ignores it.
    static func registryConfig(_ header: String) -> [String: RegistryCredentials] {
        guard let servers = base64URLJSON(header) as? [String: Any] else { return [:] }
        var logins: [String: RegistryCredentials] = [:]
        for (server, entry) in servers {
            guard let login = (entry as? [String: Any]).flatMap(Self.credentials) else { continue }
            logins[CredentialStore.host(typed: server)] = login
        }
        return logins
    }

    private static func base64URLJSON(_ header: String) -> Any? {
        var text = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text).flatMap { try? JSONSerialization.jsonObject(with: $0) }
    }

    private static func credentials(_ object: [String: Any]) -> RegistryCredentials? {
        guard let username = object["username"] as? String, let password = object["password"] as? String, !username.isEmpty else { return nil }
        return RegistryCredentials(username: username, password: password)
    }

    /// The image a path names between `images/` and its last part (a name may hold slashes:
    /// `images/localhost:5000/app/json`).
    static func imageName(in path: [String]) -> String {
        path.dropFirst().dropLast().joined(separator: "/")
    }

    /// The `filters` query as the client sends it: `{"reference":{"alpine":true}}` (or, from old
    /// clients, `{"reference":["alpine"]}`), as key and value pairs.
    static func filters(_ text: String?) throws(EngineError) -> [(key: String, value: String)] {
        guard let text, !text.isEmpty else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw .invalidRequest("invalid filter")
        }
        var pairs: [(key: String, value: String)] = []
        for (key, values) in object.sorted(by: { $0.key < $1.key }) {
            if let map = values as? [String: Any] {
                pairs += map.keys.sorted().map { (key, $0) }
            } else if let list = values as? [String] {
                pairs += list.map { (key, $0) }
            }
        }
        return pairs
    }

    static func encode<Value: Encodable>(_ value: Value) throws(EngineError) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw .storage("cannot encode \(Value.self): \(error)")
        }
    }

    /// `GET /version`, saying plainly whose engine this is.
    static var version: JSONValue {
        let architecture = LayerlabVersion.architecture
        return .object([
            ("Platform", .object([("Name", .string("layerlab (simulated Docker Engine)"))])),
            ("Components", .array([
                .object([
                    ("Name", .string("Engine")), ("Version", .string(LayerlabVersion.simulatedDocker)),
                    ("Details", .object([
                        ("ApiVersion", .string(LayerlabVersion.simulatedAPI)), ("Arch", .string(architecture)),
                        ("MinAPIVersion", .string("1.24")), ("Os", .string("linux")),
                    ])),
                ]),
                .object([("Name", .string("layerlab")), ("Version", .string(LayerlabVersion.current)), ("Details", .object([]))]),
            ])),
            ("Version", .string(LayerlabVersion.simulatedDocker)), ("ApiVersion", .string(LayerlabVersion.simulatedAPI)),
            ("MinAPIVersion", .string("1.24")), ("Os", .string("linux")), ("Arch", .string(architecture)),
        ])
    }

    /// `GET /info`: what the world holds; the machine's own figures are not simulated and left out.
    static func info(_ engine: Engine) -> JSONValue {
        let containers = engine.allContainers
        let running = containers.filter(\.isRunning).count
        return .object([
            ("ID", .string("layerlab")), ("Containers", .number(Int64(containers.count))), ("ContainersRunning", .number(Int64(running))),
            ("ContainersPaused", .number(0)), ("ContainersStopped", .number(Int64(containers.count - running))),
            ("Images", .number(Int64(engine.images.all.count))), ("Driver", .string("overlay2")),
            ("OperatingSystem", .string("layerlab (a simulated Docker Engine)")), ("OSType", .string("linux")),
            ("Architecture", .string(LayerlabVersion.machine)), ("Name", .string("layerlab")),
            ("ServerVersion", .string(LayerlabVersion.simulatedDocker)),
        ])
    }
}
