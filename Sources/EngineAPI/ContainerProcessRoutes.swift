import Engine
import Foundation
import GoSemantics
import SimulatedWorld

/// What the Engine API asks of a running container's process, as moby v28.2.2 answers it
/// (api/server/router/container/container_routes.go): its terminal's size (`docker run -t` and
/// `docker start -a` send it) and its process list (`docker top`). layerlab runs no processes — a
/// container's command is simulated to its end, or its program is not simulated at all — so it has
/// no process list to give, and says so rather than make one up.
struct ContainerProcessRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && path[2] == "resize":
            _ = try Self.dimension(request.query["h"], "height")
            _ = try Self.dimension(request.query["w"], "width")
            // A simulated terminal has no size to change; the container must be running, as moby asks.
            _ = try world.perform { engine throws(EngineError) in try engine.runningContainer(path[1]) }
            return APIResponse(status: 200, headers: [], body: Data())
        case ("GET", let path) where path.count == 3 && path[0] == "containers" && path[2] == "top":
            _ = try world.perform { engine throws(EngineError) in try engine.runningContainer(path[1]) }
            throw .unsupported("docker top (layerlab runs no processes in its containers, so it has none to list)")
        default:
            return nil
        }
    }

    /// moby's httputils.Uint32Value, with the route's wording: `invalid resize height "x": invalid syntax`.
    static func dimension(_ text: String?, _ name: String) throws(EngineError) -> UInt32 {
        let text = text ?? ""
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) else {
            throw .invalidRequest("invalid resize \(name) \(GoQuote.string(text)): invalid syntax")
        }
        guard !negative, let value = UInt32(digits) else {
            throw .invalidRequest("invalid resize \(name) \(GoQuote.string(text)): value out of range")
        }
        return value
    }
}
