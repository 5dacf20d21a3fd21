import Engine
import Foundation
import LayerlabBasics
@testable import EngineAPI
import SimulatedWorld
import Testing

/// The volume routes and the container create's mounts, as moby v28.2.2 answers them
/// (api/server/router/volume, daemon/volume/mounts/linux_parser.go).
@Suite struct VolumeRoutesTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("engine-api-volumes-\(UUID())")

    func router() -> EngineAPIRouter {
        EngineAPIRouter(world: SimulatedWorld(home: home, clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
    }

    func text(_ response: APIResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func volumesAreCreatedListedInspectedAndRemoved() {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        let created = router.respond(to: APIRequest(method: "POST", target: "/v1.50/volumes/create", body: Data(#"{"Name":"regdata"}"#.utf8)))
        #expect(created.status == 201 && text(created).contains("\"Name\":\"regdata\""), "\(text(created))")
        let list = router.respond(to: APIRequest(method: "GET", target: "/v1.50/volumes"))
        #expect(text(list).hasPrefix("{\"Volumes\":[{\"CreatedAt\":\"") && text(list).contains("\"Mountpoint\":\"/var/lib/docker/volumes/regdata/_data\""))
        #expect(router.respond(to: APIRequest(method: "DELETE", target: "/v1.50/volumes/regdata")).status == 204)
        let missing = router.respond(to: APIRequest(method: "GET", target: "/v1.50/volumes/regdata"))
        #expect(missing.status == 404 && text(missing) == "{\"message\":\"get regdata: no such volume\"}\n", "\(text(missing))")
        let labelled = router.respond(to: APIRequest(method: "POST", target: "/v1.50/volumes/create", body: Data(#"{"Name":"other","Labels":{"a":"b"}}"#.utf8)))
        #expect(labelled.status == 501, "labels are refused, not dropped")
    }

    /// `docker run -v regdata:/var/lib/registry` reaches the daemon as a Bind whose source is not a
    /// path: a named volume, kept when the container goes, and in use while it is there.
    @Test func aBindWithANameIsANamedVolume() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        _ = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/create?fromImage=registry&tag=2"))
        let body = #"{"Image":"registry:2","HostConfig":{"Binds":["regdata:/var/lib/registry"]}}"#
        let created = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/create?name=registry", body: Data(body.utf8)))
        #expect(created.status == 201, "\(text(created))")
        let inUse = router.respond(to: APIRequest(method: "DELETE", target: "/v1.50/volumes/regdata"))
        #expect(inUse.status == 409 && text(inUse).contains("remove regdata: volume is in use - ["), "\(text(inUse))")
        #expect(router.respond(to: APIRequest(method: "DELETE", target: "/v1.50/containers/registry?force=1&v=1")).status == 204)
        let names = router.world.perform { engine in engine.allVolumes.map(\.name) }
        #expect(names == ["regdata"], "rm -v leaves a named volume")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/regdata"), "no folder named after the volume")
    }
}
