import Engine
import ImageModel
import Foundation
import LayerlabBasics
@testable import EngineAPI
import SimulatedWorld
import Testing

/// The routes the Engine API serves answer with moby's shapes and statuses; the rest say they are not
/// served, never a 200 with nothing done.
@Suite struct EngineAPIRouterTests {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("engine-api-\(UUID())")

    func router() -> EngineAPIRouter {
        EngineAPIRouter(world: SimulatedWorld(home: home, clock: FixedWallClock(FixedWallClock.transcriptEpoch)))
    }

    @Test func pingAndVersionNegotiateAPI150() {
        defer { try? FileManager.default.removeItem(at: home) }
        let ping = router().respond(to: APIRequest(method: "HEAD", target: "/_ping"))
        #expect(ping.status == 200 && ping.body.isEmpty)
        #expect(ping.headers.contains { $0.name == "Api-Version" && $0.value == "1.50" })
        let version = router().respond(to: APIRequest(method: "GET", target: "/v1.50/version"))
        #expect(String(decoding: version.body, as: UTF8.self).contains("\"ApiVersion\":\"1.50\""))
    }

    @Test func listsAndInspectsImagesWithMobysErrors() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        let alpine = try ImageReference.parse("alpine:3.20")
        _ = try router.world.perform { engine throws(EngineError) in try engine.pull(alpine) }
        let list = router.respond(to: APIRequest(method: "GET", target: "/v1.50/images/json?filters=%7B%22reference%22%3A%7B%22alp%2A%22%3Atrue%7D%7D"))
        #expect(list.status == 200)
        let summaries = try JSONDecoder().decode([ImageSummary].self, from: list.body)
        #expect(summaries.map(\.repoTags) == [["alpine:3.20"]])
        let missing = router.respond(to: APIRequest(method: "GET", target: "/v1.50/images/nosuch/json"))
        #expect(missing.status == 404)
        #expect(String(decoding: missing.body, as: UTF8.self) == "{\"message\":\"No such image: nosuch:latest\"}\n")
        let badFilter = router.respond(to: APIRequest(method: "GET", target: "/v1.50/containers/json?filters=%7B%22nope%22%3A%7B%221%22%3Atrue%7D%7D"))
        #expect(badFilter.status == 400)
    }

    @Test func aRouteNotServedSaysSo() {
        defer { try? FileManager.default.removeItem(at: home) }
        let response = router().respond(to: APIRequest(method: "POST", target: "/v1.50/swarm/init"))
        #expect(response.status == 501)
        #expect(String(decoding: response.body, as: UTF8.self).contains("does not serve POST /swarm/init"))
    }

    /// moby's `postContainersWait` and `postContainersAttach`: a wait the container does not meet yet
    /// and an attach leave the connection open; an unknown condition or container is an error.
    @Test func waitsAndAttachesStayOpen() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let router = router()
        _ = router.respond(to: APIRequest(method: "POST", target: "/v1.50/images/create?fromImage=alpine&tag=3.20"))
        let created = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/create?name=cc", body: Data(#"{"Image":"alpine:3.20","Cmd":["echo","hi"]}"#.utf8)))
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let notRunning = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/cc/wait"))
        #expect(notRunning.stream == nil && String(decoding: notRunning.body, as: UTF8.self) == "{\"StatusCode\":0,\"Error\":null}\n")
        let nextExit = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/cc/wait?condition=next-exit"))
        #expect(nextExit.status == 200 && nextExit.body.isEmpty && nextExit.stream != nil)
        let bogus = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/cc/wait?condition=soon"))
        #expect(bogus.status == 400 && String(decoding: bogus.body, as: UTF8.self).contains("invalid condition: \\\"soon\\\""))
        let attached = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/cc/attach?stream=1&stdout=1&stderr=1"))
        let id = try #require((try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["Id"] as? String)
        #expect(attached.isHijack && attached.stream == .containerOutput(containerID: id, streams: [.standardOutput, .standardError], multiplexed: true))
        let missing = router.respond(to: APIRequest(method: "POST", target: "/v1.50/containers/nosuch/attach?stream=1"))
        #expect(missing.status == 404)
    }
}
