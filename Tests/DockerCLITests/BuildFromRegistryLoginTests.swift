import Foundation
import LayerlabBasics
import LayerlabSession
import LayerlabTestSupport
import RegistryHTTP
import Shell
import Testing

/// A Dockerfile's FROM on a registry that wants a login goes with the login `docker login` saved, the
/// one `docker pull` uses there: BuildKit asks the client's session for it (buildx's auth provider
/// reads the CLI's config.json, moby/buildkit session/auth), and the classic builder gets every saved
/// login with the request (`X-Registry-Config`, moby v28.2.2 daemon/images/image_builder.go,
/// pullForBuilder). The registry is layerlab's own server on a real port with basic auth, reached as
/// a real registry the home allows.
@Suite struct BuildFromRegistryLoginTests {
    let home = TemporaryHome(equip: LayerlabCommandSet.standard)

    @Test func fromOnARegistryThatWantsALoginUsesTheSavedLogin() throws {
        let login = "Basic " + Data("alice:s3cret-pw".utf8).base64EncodedString()
        let server = try RegistryHTTPServer(settings: .init(root: home.url.appendingPathComponent("served"), deletionEnabled: false) {
            $0 == login ? .granted : .challenge("Basic realm=\"Registry Realm\"")
        }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        let app = home.home.workspaceURL.appendingPathComponent("app")
        try FileManager.default.createDirectory(at: app, withIntermediateDirectories: true)
        try Data("registries:\n  - \(host)\n".utf8).write(to: home.url.appendingPathComponent("config.yaml"))
        try Data("FROM \(host)/team/base:1\nRUN echo built > /built.txt\n".utf8).write(to: app.appendingPathComponent("Dockerfile"))

        let (transcript, _) = try home.run([
            "docker login \(host) -u alice -p s3cret-pw",
            "docker pull -q alpine:3.20",
            "docker tag alpine:3.20 \(host)/team/base:1",
            "docker push \(host)/team/base:1",
            "docker rmi \(host)/team/base:1 alpine:3.20",
            "cd app",
            "docker build -t built .",
            // The classic builder pulls the base again: BuildKit kept it in its cache, not among the images.
            "DOCKER_BUILDKIT=0 docker build -t classic .",
            "docker images --format '{{.Repository}}:{{.Tag}}'",
        ])
        #expect(transcript.contains("Login Succeeded"), "\(transcript)")
        #expect(!transcript.contains("no basic auth credentials") && !transcript.contains("unauthorized"), "\(transcript)")
        let listed = transcript.components(separatedBy: "$ docker images --format '{{.Repository}}:{{.Tag}}'\n").last ?? ""
        #expect(Set(listed.split(separator: "\n").map(String.init)) == ["built:latest", "classic:latest", "\(host)/team/base:1"], "\(transcript)")
    }
}
