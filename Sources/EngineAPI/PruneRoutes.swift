import Engine
import Foundation
import GoSemantics
import SimulatedWorld

/// `docker image prune`, `container prune`, `builder prune` and the network prune of `docker system
/// prune` through the Engine API, as moby v28.2.2 answers
/// them (daemon/images/image_prune.go, daemon/prune.go): what went, and the bytes freed. The filters
/// moby takes are checked as it checks them; those layerlab's prunes have no counterpart for (labels,
/// `until`) are refused as not simulated rather than ignored.
struct PruneRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", ["images", "prune"]):
            let filters = try Self.filters(request.query["filters"], accepted: ["dangling", "label", "label!", "until"])
            let danglingOnly = try Self.bool(filters, "dangling", default: true)
            try Self.refuseUnsimulated(filters, command: "docker image prune")
            let report = try world.perform { engine throws(EngineError) in try engine.pruneImages(all: !danglingOnly) }
            // moby's image.PruneReport; nothing deleted is a nil list.
            let deleted: JSONValue = report.deleted.isEmpty ? .null : .array(report.deleted.map(EngineAPIRouter.deleteResponse))
            return .json(Data(GoJSON.marshal(.object([("ImagesDeleted", deleted), ("SpaceReclaimed", .number(report.spaceReclaimed))])).utf8))
        case ("POST", ["containers", "prune"]):
            let filters = try Self.filters(request.query["filters"], accepted: ["label", "label!", "until"])
            try Self.refuseUnsimulated(filters, command: "docker container prune")
            let report = try world.perform { engine throws(EngineError) in try engine.pruneContainers() }
            return .json(Data(GoJSON.marshal(.object([
                ("ContainersDeleted", .strings(report.deleted.isEmpty ? nil : report.deleted)), ("SpaceReclaimed", .number(report.spaceReclaimed)),
            ])).utf8))
        case ("POST", ["build", "prune"]):
            // BuildKit's cache of the prompt's builds; its filters and space limits are not simulated.
            let filters = try EngineAPIRouter.filters(request.query["filters"])
            if let filter = filters.first { throw .unsupported("docker builder prune --filter \(filter.key)=\(filter.value)") }
            for limit in ["reserved-space", "keep-storage", "max-used-space", "min-free-space"] where !(request.query[limit] ?? "").isEmpty {
                throw .unsupported("docker builder prune with \(limit)")
            }
            let report = world.perform { engine in engine.buildCache.prune(all: request.flag("all")) }
            return .json(Data(GoJSON.marshal(.object([
                ("CachesDeleted", .strings(report.deleted.isEmpty ? nil : report.deleted)), ("SpaceReclaimed", .number(report.spaceReclaimed)),
            ])).utf8))
        case ("POST", ["networks", "prune"]):
            // layerlab's containers have only the default networks, which a prune never removes.
            _ = try Self.filters(request.query["filters"], accepted: ["label", "label!", "until"])
            return .json(Data(GoJSON.marshal(.object([("NetworksDeleted", .null)])).utf8))
        default:
            return nil
        }
    }

    /// The filters by key, each key's values; a key the prune does not take is moby's
    /// `invalid filter 'KEY'` (filters.Args.Validate).
    static func filters(_ text: String?, accepted: Set<String>) throws(EngineError) -> [String: [String]] {
        var byKey: [String: [String]] = [:]
        for pair in try EngineAPIRouter.filters(text) { byKey[pair.key, default: []].append(pair.value) }
        if let unknown = byKey.keys.sorted().first(where: { !accepted.contains($0) }) {
            throw .invalidRequest("invalid filter '\(unknown)'")
        }
        return byKey
    }

    /// moby's filters.Args.GetBoolOrDefault: `1`/`true` or `0`/`false`, not both.
    static func bool(_ filters: [String: [String]], _ key: String, default fallback: Bool) throws(EngineError) -> Bool {
        guard let values = filters[key] else { return fallback }
        let isTrue = values.contains("1") || values.contains("true")
        let isFalse = values.contains("0") || values.contains("false")
        guard isTrue != isFalse else { throw .invalidRequest("invalid filter '\(key)=[\(values.joined(separator: " "))]'") }
        return isTrue
    }

    /// Filters moby's prunes take that layerlab's do not simulate.
    static func refuseUnsimulated(_ filters: [String: [String]], command: String) throws(EngineError) {
        for key in ["label", "label!", "until"] {
            if let value = filters[key]?.first { throw .unsupported("\(command) --filter \(key)=\(value)") }
        }
    }
}
