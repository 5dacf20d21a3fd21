import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
import Registry
import RegistryClient

extension Engine {
    /// The folder of Docker Hub's user repositories and accounts.
    var hubRoot: URL { storage.url("registries/docker.io") }

    public var hubAccounts: HubAccounts { HubAccounts(root: hubRoot) }

    /// The registry behind a host name, or the error Docker gives when nothing answers there. A real
    /// registry the learner allowed is reached with `credentials`; any other host is refused, saying
    /// how to allow it.
    public func endpoint(for host: String, credentials: RegistryCredentials? = nil) throws(EngineError) -> RegistryEndpoint {
        if host == ImageReference.defaultDomain {
            return RegistryEndpoint(host: host, kind: .hub, registry: Registry(root: hubRoot, recreatableLayers: images.recreatableLayers))
        }
        if let allowed = allowedRegistries.entry(for: host) {
            let remote = RemoteRegistry(base: allowed.baseURL, login: credentials.map { (username: $0.username, password: $0.password) },
                                        scratch: storage.url(Self.transfersFolder))
            return RegistryEndpoint(host: host, remote: remote)
        }
        let parts = host.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts[0]
        guard ["localhost", "127.0.0.1"].contains(name) else {
            throw .registryNotAllowed(host: host, configPath: allowedRegistries.configPath, configProblem: allowedRegistries.configProblem)
        }
        let port = parts.count > 1 ? Int(parts[1]) ?? -1 : 80
        let serving = allContainers.first { container in
            container.isRunning && RegistryServer.runs(container)
                && container.ports.contains { $0.hostPort == port && $0.containerPort == RegistryServer.listeningPort }
        }
        guard let container = serving else { throw .registryUnreachable(host) }
        return RegistryEndpoint(
            host: host, kind: .container(id: container.id, auth: RegistryAuth(container: container) { hostPath(of: $0, in: container) }),
            registry: Registry(root: registryRoot(of: container), recreatableLayers: images.recreatableLayers)
        )
    }

    /// Checks a login against a registry: Hub accounts (created on first login), any name and
    /// password for a `registry:2` without auth (its `/v2/` answers 200 to everyone), or a real
    /// registry's own answer to `GET /v2/` through its challenge.
    public func login(to host: String, credentials: RegistryCredentials) throws(EngineError) -> HubAccounts.LoginOutcome {
        let endpoint = try endpoint(for: host, credentials: credentials)
        switch endpoint.kind {
        case .remote:
            do throws(RemoteRegistryError) {
                try endpoint.remote?.checkLogin()
            } catch .unauthorized(let text) {
                throw .loginRefused("Get \"\(endpoint.remote?.base.absoluteString ?? host)/v2/\": \(text)")
            } catch {
                throw error.engineError(pushing: false)
            }
            return .accepted
        case .hub:
            if !hubAccounts.exists(credentials.username) && !HubAccounts.isValidDockerID(credentials.username) {
                throw .invalidDockerID(credentials.username)
            }
            let outcome: HubAccounts.LoginOutcome
            do {
                outcome = try hubAccounts.login(username: credentials.username, password: credentials.password)
            } catch {
                throw .storage(error.message)
            }
            // The Hub's token service says unauthorized, which moby's translateV2AuthError makes a 401.
            if outcome == .rejected {
                throw .loginRefused("Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password")
            }
            return outcome
        case .container(_, let auth):
            // moby's loginV2 words this status untyped: the daemon answers it as a 500, not a 401.
            if let auth, !auth.accepts(credentials) {
                throw .daemon("login attempt to http://\(host)/v2/ failed with status: 401 Unauthorized")
            }
            return .accepted
        }
    }

    /// What `curl` gets from a registry's HTTP API.
    public func registryResponse(host: String, method: String, path: String, credentials: RegistryCredentials?) throws(EngineError) -> HTTPResponse {
        let endpoint = try endpoint(for: host)
        guard let registry = endpoint.registry else {
            throw .unsupported("curl at layerlab's prompt to the real registry \(host) (use curl in a terminal of your own)")
        }
        let access: RegistryAPI.Access
        switch endpoint.kind {
        case .hub:
            // Docker Hub's registry wants a bearer token even to read, which curl does not fetch by itself.
            access = .challenge("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\"")
        case .container(_, let auth?) where !auth.accepts(credentials):
            access = .challenge("Basic realm=\"\(auth.realm)\"")
        case .container, .remote:
            access = .granted
        }
        return RegistryAPI(registry: registry, access: access, date: clock.now).respond(method: method, path: path)
    }

    /// Fails as the daemon does when a registry with htpasswd auth gets no or wrong credentials.
    /// `request` names the HTTP request that failed, as a pull's message does (`Head "http://…"`).
    func checkAccess(_ endpoint: RegistryEndpoint, _ credentials: RegistryCredentials?, request: String? = nil) throws(EngineError) {
        guard case .container(_, let auth?) = endpoint.kind, !auth.accepts(credentials) else { return }
        let prefix = request.map { "\($0): " } ?? ""
        throw .registryAuth(prefix + (credentials == nil ? "no basic auth credentials" : "unauthorized: authentication required"))
    }

    /// Where a registry:2 container keeps its content: in the folder mounted at /var/lib/registry, its
    /// image's VOLUME (so a volume, anonymous or named, or a bind mount), below the path distribution's
    /// filesystem driver writes to. A container made before layerlab had volumes has a folder of its
    /// own in the store instead.
    func registryRoot(of container: ContainerRecord) -> URL {
        guard let folder = hostPath(of: RegistryServer.dataPath, in: container) else { return storage.url("registries/\(container.id)") }
        return RegistryServer.root(in: URL(fileURLWithPath: folder))
    }

    /// Forgets a registry container's content when it was its own (see `registryRoot`); content in a
    /// volume or a bind mount outlives the container.
    func removeRegistryContent(of container: ContainerRecord) {
        guard RegistryServer.runs(container), hostPath(of: RegistryServer.dataPath, in: container) == nil else { return }
        storage.remove("registries/\(container.id)")
    }
}

extension RemoteRegistryError {
    /// The failure as the daemon reports it: a registry's refusal of a push is streamed as it came,
    /// anything else is the daemon's error.
    func engineError(pushing: Bool) -> EngineError {
        switch self {
        case .unauthorized(let text): .registryAuth(text)
        case .registry(let error) where pushing: .pushRefused(error.clientText)
        case .transport, .registry, .refused, .unexpected: .daemon(message)
        }
    }
}

/// A repository as `docker search` lists it.
public struct HubSearchResult: Equatable, Sendable {
    public var name: String
    public var description: String
    public var stars: Int
    public var isOfficial: Bool
}

extension Engine {
    /// Docker Hub's search: official repositories and learners' pushed repositories whose name or
    /// description contains the term, most stars first.
    public func searchHub(_ term: String) throws(EngineError) -> [HubSearchResult] {
        let catalog: ImageCatalog
        do {
            catalog = try images.catalog()
        } catch {
            throw .storage(error.message)
        }
        let needle = term.lowercased()
        var results = catalog.listings.map { path, listing in
            HubSearchResult(name: String(path.dropFirst("library/".count)), description: listing.description, stars: listing.stars, isOfficial: true)
        }
        results += Registry(root: hubRoot).repositoryNames.map { HubSearchResult(name: $0, description: "", stars: 0, isOfficial: false) }
        return results
            .filter { $0.name.contains(needle) || $0.description.lowercased().contains(needle) }
            .sorted { ($0.stars, $1.name) > ($1.stars, $0.name) }
    }
}

/// A running `registry:2` container as a real listener serves it: the host address and port its
/// published port names (127.0.0.1 for all addresses: layerlab answers on this machine only), where its
/// content is, and who may come in.
public struct ServedRegistry: Hashable, Sendable {
    public var containerID: String
    public var host: String
    public var port: Int
    public var root: URL
    public var auth: RegistryAuth?

    /// The address a published port's listener binds: the one given, or 127.0.0.1 for all of them.
    static func listeningHost(_ binding: ContainerRecord.PortBinding) -> String {
        ["0.0.0.0", "", "::"].contains(binding.hostIP) ? "127.0.0.1" : binding.hostIP
    }

    /// What a request's `Authorization` header gets: in, or the challenge registry:2 answers with.
    public func access(_ authorization: String?) -> RegistryAPI.Access {
        guard let auth else { return .granted }
        return auth.accepts(RegistryCredentials(basicAuthorization: authorization)) ? .granted : .challenge("Basic realm=\"\(auth.realm)\"")
    }
}

extension RegistryCredentials {
    /// `Basic BASE64(user:password)`, as HTTP clients send it; nil for anything else.
    public init?(basicAuthorization header: String?) {
        guard let header, header.lowercased().hasPrefix("basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        self.init(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }
}

extension Engine {
    /// What makes a registry's blobs that were pushed as catalog layers (see `RecreatableLayers`).
    public var recreatableLayers: RecreatableLayers { images.recreatableLayers }

    /// Every running registry:2 container's published registry port.
    public func servedRegistries() -> [ServedRegistry] {
        allContainers.filter { $0.isRunning && RegistryServer.runs($0) }.flatMap { container in
            container.ports.filter { $0.containerPort == RegistryServer.listeningPort && $0.hostPort > 0 }.map { binding in
                ServedRegistry(
                    containerID: container.id, host: ServedRegistry.listeningHost(binding),
                    port: binding.hostPort, root: registryRoot(of: container),
                    auth: RegistryAuth(container: container) { hostPath(of: $0, in: container) }
                )
            }
        }
    }
}
