import Engine
import Foundation
import ImageModel
import LayerlabBasics
@testable import EngineAPI
import RegistryHTTP
import SimulatedWorld
import Testing

/// The CLI sends every login it saved with a build (`X-Registry-Config`: base64url of
/// `{"SERVER":{"username":…,"password":…}}`, moby v28.2.2 client/image_build.go), and the classic
/// builder pulls a FROM image with the one for its registry (daemon/images/image_builder.go,
/// pullForBuilder); without it, a registry that wants a login refuses the pull. The registry is
/// layerlab's own server on a real port with basic auth, allowed as a real registry.
extension BuildRouteTests {
    @Test func aFromImageOnARegistryThatWantsALoginIsPulledWithTheLoginTheBuildCameWith() throws {
        defer { try? FileManager.default.removeItem(at: home) }
        let login = RegistryCredentials(username: "alice", password: "s3cret-pw")
        let basic = "Basic " + Data("alice:s3cret-pw".utf8).base64EncodedString()
        let server = try RegistryHTTPServer(settings: .init(root: home.appendingPathComponent("served"), deletionEnabled: false) {
            $0 == basic ? .granted : .challenge("Basic realm=\"Registry Realm\"")
        }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        let router = try router()
        router.world.allowRegistries([try AllowedRegistries.Entry(parsing: host)])
        let base = try ImageReference.parse("\(host)/team/base:1")
        try router.world.perform { engine throws(EngineError) in
            try engine.tag(source: "alpine:3.20", target: base)
            _ = try engine.push(engine.pushPlan(base), credentials: login)
            _ = try engine.remove(base.description, force: false)
            _ = try engine.remove("alpine:3.20", force: false)
        }
        let files: [(path: String, content: String)] = [("Dockerfile", "FROM \(host)/team/base:1\nRUN echo built\n")]
        func post(logins: String?) -> APIResponse {
            var headers = ["Content-Type": "application/x-tar"]
            if let logins { headers["X-Registry-Config"] = Data(logins.utf8).base64EncodedString() }
            return router.respond(to: APIRequest(method: "POST", target: "/v1.50/build?t=built&version=1", headers: headers, body: Self.context(files)))
        }

        let other = "{\"registry.example.com\":{\"username\":\"alice\",\"password\":\"s3cret-pw\"}}"
        for logins in [nil, other] {
            let refused = String(decoding: post(logins: logins).body, as: UTF8.self)
            #expect(refused.contains("no basic auth credentials"), "\(logins ?? "no logins"): \(refused)")
        }
        #expect(imageID("built:latest", in: router) == nil)

        let saved = "{\"https://index.docker.io/v1/\":{\"username\":\"bob\",\"password\":\"x\"},\"\(host)\":{\"username\":\"alice\",\"password\":\"s3cret-pw\",\"serveraddress\":\"\(host)\"}}"
        let built = post(logins: saved)
        #expect(built.status == 200)
        #expect(try Self.messages(built).allSatisfy { $0["error"] == nil }, "\(String(decoding: built.body, as: UTF8.self))")
        #expect(imageID("built:latest", in: router) != nil)
        #expect(EngineAPIRouter.registryConfig(Data(saved.utf8).base64EncodedString()) == [
            "docker.io": RegistryCredentials(username: "bob", password: "x"), host: login,
        ])
    }
}
