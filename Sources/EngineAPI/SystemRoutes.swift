import Engine
import Foundation
import GoSemantics
import SimulatedWorld

/// The system routes beyond version and info, as moby v28.2.2 answers them (api/server/router/
/// system/system_routes.go): a login checked against a registry (`docker login`, which keeps the
/// credentials on the client's side) and what the engine's objects take on disk (`docker system df`).
struct SystemRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", ["auth"]):
            return try login(request.body)
        case ("GET", ["system", "df"]):
            return try diskUsage(types: request.queryValues["type"])
        default:
            return nil
        }
    }

    /// `POST /auth` with moby's registry.AuthConfig: the registry checks the name and password the
    /// way a pull or push would; a refused Hub login is a 401 with the registry's words.
    private func login(_ body: Data) throws(EngineError) -> APIResponse {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .invalidRequest("invalid JSON in the login's configuration")
        }
        let host = CredentialStore.host(typed: object["serveraddress"] as? String)
        let credentials = RegistryCredentials(username: object["username"] as? String ?? "", password: object["password"] as? String ?? "")
        _ = try world.perform { engine throws(EngineError) in try engine.login(to: host, credentials: credentials) }
        // The real CLI keeps the login in its own config.json; the world's client keeps it too, as the
        // one learner's client it is: the prompt's push and the course's check of the login see it.
        do {
            try world.credentials.save(credentials, for: host)
        } catch {
            throw .storage(error.message)
        }
        // moby's registry.AuthenticateOKBody; layerlab's registries hand out no identity tokens.
        return .json(Data(GoJSON.marshal(.object([("IdentityToken", .string("")), ("Status", .string("Login Succeeded"))])).utf8))
    }

    /// `GET /system/df?type=…`: moby's types.DiskUsage; without `type`, every kind. (No BuilderSize:
    /// moby stopped sending it in API 1.40; the CLI adds up the records that are not shared.)
    private func diskUsage(types: [String]?) throws(EngineError) -> APIResponse {
        let known = ["container", "image", "volume", "build-cache"]
        if let unknown = types?.first(where: { !known.contains($0) }) { throw .invalidRequest("unknown object type: \(unknown)") }
        func wants(_ type: String) -> Bool { types.map { $0.contains(type) } ?? true }
        let usage = try world.perform { engine throws(EngineError) in try engine.diskUsage() }
        let images = try wants("image") ? Self.json(usage.images) : "null"
        let containers = try wants("container") ? Self.json(usage.containers) : "null"
        let volumes = wants("volume") ? GoJSON.marshal(JSONValue.array(usage.volumes.map(\.document))) : "null"
        let body = "{\"LayersSize\":\(wants("image") ? usage.layersSize : 0),\"Images\":\(images),\"Containers\":\(containers),"
            + "\"Volumes\":\(volumes),\"BuildCache\":\(wants("build-cache") ? GoJSON.marshal(JSONValue.array(usage.buildCache.map(\.document))) : "null")}"
        return .json(Data(body.utf8))
    }

    private static func json<Value: Encodable>(_ value: Value) throws(EngineError) -> String {
        let data = try EngineAPIRouter.encode(value)
        return String(decoding: data, as: UTF8.self)
    }
}
