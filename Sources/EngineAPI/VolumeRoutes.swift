import Engine
import Foundation
import GoSemantics
import SimulatedWorld

/// The volume routes (`docker volume ls`, `create`, `inspect`, `rm`, `prune` of the real CLI), as moby
/// v28.2.2 answers them for local volumes (api/server/router/volume/volume_routes.go). Drivers, labels
/// and driver options are refused as not simulated rather than ignored.
struct VolumeRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("GET", ["volumes"]):
            let filter = try VolumeListFilter(EngineAPIRouter.filters(request.query["filters"]))
            let volumes = world.perform { engine in engine.listVolumes(filter: filter) }
            return .json(Data(GoJSON.marshal(.object([("Volumes", .array(volumes.map(\.document))), ("Warnings", .null)])).utf8))
        case ("POST", ["volumes", "create"]):
            var body: [String: Any] = [:]
            if !request.body.isEmpty {
                guard let object = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any] else {
                    throw .invalidRequest("invalid JSON in the volume's configuration")
                }
                body = object
            }
            if let driver = body["Driver"] as? String, !driver.isEmpty, driver != "local" {
                throw .unsupported("the volume driver \(driver) (layerlab's volumes are local ones)")
            }
            for field in ["Labels", "DriverOpts"] where !(body[field] as? [String: Any] ?? [:]).isEmpty {
                throw .unsupported("a volume's \(field)")
            }
            let name = body["Name"] as? String
            let volume = try world.perform { engine throws(EngineError) in try engine.createVolume(named: name) }
            return .json(Data(GoJSON.marshal(volume.document).utf8), status: 201)
        case ("POST", ["volumes", "prune"]):
            let filters = try PruneRoutes.filters(request.query["filters"], accepted: ["label", "label!", "all"])
            try PruneRoutes.refuseUnsimulated(filters, command: "docker volume prune")
            let all = try Self.all(filters["all"])
            let report = try world.perform { engine throws(EngineError) in try engine.pruneVolumes(all: all) }
            // moby's report holds an empty list, not null, when nothing went.
            return .json(Data(GoJSON.marshal(.object([
                ("VolumesDeleted", .strings(report.deleted)), ("SpaceReclaimed", .number(report.spaceReclaimed)),
            ])).utf8))
        case ("GET", let path) where path.count == 2 && path[0] == "volumes":
            let volume = try world.perform { engine throws(EngineError) in try engine.inspectVolume(path[1]) }
            return .json(Data(GoJSON.marshal(volume.document).utf8))
        case ("DELETE", let path) where path.count == 2 && path[0] == "volumes":
            let force = request.flag("force")
            try world.perform { engine throws(EngineError) in try engine.removeVolume(path[1], force: force) }
            return APIResponse(status: 204, headers: [], body: Data())
        default:
            return nil
        }
    }

    /// The prune's `all` filter as moby reads it (daemon/volume/service/convert.go, withPrune): one
    /// value, Go's strconv.ParseBool.
    static func all(_ values: [String]?) throws(EngineError) -> Bool {
        guard let values else { return false }
        guard values.count == 1 else { throw .invalidRequest("invalid filter 'all=[\(values.joined(separator: " "))]': only one value is expected") }
        guard let all = GoStrconv.parseBool(values[0]) else { throw .invalidRequest("invalid filter 'all': \(GoStrconv.parseBoolError(values[0]))") }
        return all
    }
}
