import Builder
import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import SimulatedWorld

/// `POST /build`, the classic builder's endpoint, which the Docker CLI uses without the buildx plugin
/// or with `DOCKER_BUILDKIT=0`, as moby v28.2.2 answers it (api/server/router/build/build_routes.go
/// postBuild; api/server/backend/build/backend.go). The body is the tar of the context; the answer is
/// the daemon's stream of JSON messages: the steps' text (LegacyBuildMessage, the words the prompt
/// prints too), the image of each stage as aux data, and an error as the last message once the stream
/// has started. An error before anything was streamed (a query the daemon cannot read, a Dockerfile it
/// cannot find or parse, an unknown target) is the answer's status instead. The CLI prints the
/// deprecation notice and `Sending build context to Docker daemon` itself.
struct BuildRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is this route; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        guard request.method == "POST", path == ["build"] else { return nil }
        return try build(request)
    }

    private func build(_ request: APIRequest) throws(EngineError) -> APIResponse {
        let options = try Options(request)
        let archive = request.body
        let result = world.perform { engine in
            LegacyBuilder(engine: engine, clock: engine.clock, login: { options.logins[$0] }).build(
                archive: archive, dockerfile: options.dockerfile, tags: options.tags, target: options.target,
                buildArguments: options.buildArguments, noCache: options.noCache
            )
        }
        let messages = LegacyBuildMessage.messages(of: result, quiet: options.quiet)
        if let failure = result.failure, messages.isEmpty {
            // Nothing written yet (with q=1, nothing held back either): postBuild's errf answers with the
            // error's status. Those the builder finds before its first step are the request's fault.
            throw failure.origin == .stream ? EngineError.daemon(failure.message) : EngineError.invalidRequest(failure.message)
        }
        var stream = JSONMessageStream()
        for message in messages {
            switch message {
            case .stream(let text): stream.stream(text)
            case .imageID(let id): stream.emit(aux: .object([("ID", .string(id.description))]))
            }
        }
        if let failure = result.failure { stream.failure(failure.message, code: failure.code) }
        return stream.response
    }

    /// The query as moby reads it (newImageBuildOptions, then Backend.Build's sanitizeRepoAndTags),
    /// in its order, with its errors. What layerlab's builder does not simulate is refused as such,
    /// never ignored: a build that answers 200 must be the build that was asked for.
    struct Options {
        var tags: [ImageReference] = []
        /// The Dockerfile's path in the context (the CLI sends it relative, slash-separated).
        var dockerfile = "Dockerfile"
        var target: String?
        var buildArguments: [String: String] = [:]
        var noCache = false
        var quiet = false
        /// The client's saved logins by registry host, as it sends them all with the build.
        var logins: [String: RegistryCredentials] = [:]

        init(_ request: APIRequest) throws(EngineError) {
            func value(_ name: String) -> String { request.query[name] ?? "" }
            if !(request.queryValues["securityopt"] ?? []).isEmpty {
                throw .invalidRequest("security options are not supported on linux")
            }
            // On Linux only the default isolation is valid (container.Isolation.IsValid).
            if !value("isolation").isEmpty && value("isolation").lowercased() != "default" {
                throw .invalidRequest("unsupported isolation: \(GoQuote.string(value("isolation")))")
            }
            // `{"NAME":"value"}`; a name without a value (`"NAME":null`: --build-arg NAME with NAME unset
            // on the client) sets nothing, as at the prompt.
            if !value("buildargs").isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: Data(value("buildargs").utf8)) as? [String: Any],
                      object.values.allSatisfy({ $0 is String || $0 is NSNull })
                else { throw .invalidRequest("error reading build args: \(value("buildargs")) is not an object of strings") }
                buildArguments = object.compactMapValues { $0 as? String }
            }
            if !value("labels").isEmpty {
                guard let labels = try? JSONSerialization.jsonObject(with: Data(value("labels").utf8)) as? [String: Any] else {
                    throw .invalidRequest("error reading labels: \(value("labels")) is not an object of strings")
                }
                if !labels.isEmpty { throw .unsupported("docker build --label") }
            }
            switch value("version") {
            case "", "1": break
            case "2":
                throw .unsupported("BuildKit through the Engine API (POST /build?version=2): layerlab's daemon runs the classic builder; build with DOCKER_BUILDKIT=0")
            case let other:
                throw .invalidRequest("invalid version \(GoQuote.string(other))")
            }
            // The daemon says it is not experimental (the Docker-Experimental header).
            if request.flag("squash") { throw .invalidRequest("squash is only supported with experimental mode") }

            // Backend.Build's sanitizeRepoAndTags: each name parsed, `latest` added, the same name once.
            var seen: Set<String> = []
            for typed in request.queryValues["t"] ?? [] where !typed.isEmpty {
                let reference: ImageReference
                do {
                    reference = try ImageReference.parse(typed)
                } catch {
                    throw .invalidRequest(error.message)
                }
                if reference.digest != nil { throw .invalidRequest("build tag cannot contain a digest") }
                let tagged = reference.withDefaultTag
                if seen.insert(tagged.description).inserted { tags.append(tagged) }
            }

            if !value("remote").isEmpty {
                throw .unsupported("a build context the daemon fetches (POST /build?remote=\(value("remote")): a URL or a Git repository)")
            }
            try BuildRequest.checkPlatform(request.query["platform"])
            // What changes how the steps run or what they print, which the simulated builder does not do.
            if request.flag("forcerm") { throw .unsupported("docker build --force-rm") }
            if !value("rm").isEmpty && !request.flag("rm") {
                throw .unsupported("docker build --rm=false (the simulated builder keeps no intermediate containers)")
            }
            if request.flag("pull") { throw .unsupported("docker build --pull with the classic builder") }
            if !value("networkmode").isEmpty && value("networkmode") != "default" { throw .unsupported("docker build --network") }
            let lists = [("extrahosts", "--add-host"), ("cachefrom", "--cache-from"), ("ulimits", "--ulimit"), ("outputs", "--output")]
            for (name, flag) in lists where !value(name).isEmpty && !["[]", "null"].contains(value(name)) {
                throw .unsupported("docker build \(flag)")
            }
            let limits = [
                ("memory", "--memory"), ("memswap", "--memory-swap"), ("cpushares", "--cpu-shares"), ("cpuperiod", "--cpu-period"),
                ("cpuquota", "--cpu-quota"), ("cpusetcpus", "--cpuset-cpus"), ("cpusetmems", "--cpuset-mems"),
                ("cgroupparent", "--cgroup-parent"), ("shmsize", "--shm-size"),
            ]
            for (name, flag) in limits where !value(name).isEmpty && value(name) != "0" {
                throw .unsupported("docker build \(flag) (limits on the build's containers)")
            }

            if !value("dockerfile").isEmpty { dockerfile = value("dockerfile") }
            target = value("target").isEmpty ? nil : value("target")
            noCache = request.flag("nocache")
            quiet = request.flag("q")
            logins = request.headers["x-registry-config"].map(EngineAPIRouter.registryConfig) ?? [:]
        }
    }
}
