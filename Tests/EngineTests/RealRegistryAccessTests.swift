import Foundation
import ImageModel
import LayerlabBasics
@testable import Engine
import Registry
import RegistryHTTP
import Testing

/// What the engine may reach outside its store: real registries only when the learner allows them
/// (issue 19), and the host's real ports while registry containers listen on them.
@Suite struct RealRegistryAccessTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("real-access-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    @Test func registryAddressesAreReadAsImageNamesWriteThem() throws {
        let local = try AllowedRegistries.Entry(parsing: "localhost:5055")
        #expect(local.host == "localhost:5055" && local.plainHTTP && local.baseURL.absoluteString == "http://localhost:5055")
        let remote = try AllowedRegistries.Entry(parsing: "Registry.Example.com")
        #expect(remote.host == "registry.example.com" && !remote.plainHTTP && remote.baseURL.absoluteString == "https://registry.example.com")
        #expect(try AllowedRegistries.Entry(parsing: "http://10.0.0.5:5000/").plainHTTP)
        #expect(try !AllowedRegistries.Entry(parsing: "https://127.0.0.1:5443").plainHTTP)
        for wrong in ["", "local host:5000", "localhost:0", "localhost:99999", "localhost:", "a/b"] {
            #expect(throws: AllowedRegistryError.self, "\(wrong)") { try AllowedRegistries.Entry(parsing: wrong) }
        }
        #expect(throws: AllowedRegistryError("'docker.io' is Docker Hub, which layerlab simulates: it cannot be reached as a real registry")) {
            try AllowedRegistries.Entry(parsing: "docker.io")
        }
    }

    @Test func aRealRegistryThatIsNotAllowedIsRefusedSayingHowToAllowIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        engine.allowedRegistries = AllowedRegistries(configPath: "/home/ada/.local/share/layerlab/config.yaml")
        let refusal = EngineError.registryNotAllowed(host: "registry.example.com:5000", configPath: "/home/ada/.local/share/layerlab/config.yaml", configProblem: nil)
        #expect(throws: refusal) { try engine.pull(ImageReference.parse("registry.example.com:5000/app")) }
        #expect(refusal.streamedMessage == "layerlab: registry.example.com:5000 is a real registry, which layerlab reaches only when you allow it: "
            + "start layerlab with --registry registry.example.com:5000, or list it under registries: in /home/ada/.local/share/layerlab/config.yaml")
        engine.allowedRegistries.entries = [try AllowedRegistries.Entry(parsing: "registry.example.com:5000")]
        let endpoint = try engine.endpoint(for: "registry.example.com:5000")
        #expect(endpoint.kind == .remote && endpoint.registry == nil && endpoint.remote?.base.absoluteString == "https://registry.example.com:5000")
        // Loopback hosts that are not allowed stay layerlab's own registry containers.
        #expect(throws: EngineError.registryUnreachable("localhost:5055")) { try engine.endpoint(for: "localhost:5055") }
    }

    final class HeldPorts: RealPorts, @unchecked Sendable {
        let held: Set<Int>
        init(_ held: Set<Int>) { self.held = held }
        func isHeldElsewhere(host: String, port: Int) -> Bool { host == "127.0.0.1" && held.contains(port) }
    }

    /// moby v28.2.2's words when the bridge driver cannot bind a published port
    /// (libnetwork/drivers/bridge/port_mapping_linux.go, bindTCPOrUDP, wrapped by endpoint.go); the
    /// container stays created, and `docker run` exits 125 as for any daemon error.
    @Test func aRegistryWhosePortAnotherProgramHoldsDoesNotStart() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("registry:2"))
        let binding = ContainerRecord.PortBinding(hostIP: "0.0.0.0", hostPort: 5055, containerPort: 5000, proto: "tcp")
        let created = try engine.createContainer(ContainerRequest(image: "registry:2", name: "reg", ports: [binding]))
        engine.realPorts = HeldPorts([5055])
        #expect(throws: EngineError.hostPortInUse(endpoint: "reg (\(created.id))", binding: "0.0.0.0:5055:172.17.0.2:5000/tcp", port: 5055)) {
            try engine.startContainer(created.id)
        }
        #expect(engine.container("reg")?.state == .created)
        #expect(EngineError.hostPortInUse(endpoint: "reg (\(created.id))", binding: "0.0.0.0:5055:172.17.0.2:5000/tcp", port: 5055).message
            == "driver failed programming external connectivity on endpoint reg (\(created.id)): failed to bind host port for 0.0.0.0:5055:172.17.0.2:5000/tcp: address already in use")
        // Without real listeners (the prompt alone), nothing on the host is asked.
        engine.realPorts = nil
        #expect(try engine.startContainer(created.id).isRunning)
    }
}

/// The engine's push and pull through a real registry, here layerlab's own registry server on a real
/// port reached over HTTP as any registry would be: the same lines as the simulated registries, the
/// same image back, and a blob that does not hash to its digest refused with nothing kept.
@Suite struct RemoteRegistryEngineTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("remote-engine-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    @Test func anImageGoesToARealRegistryAndABadBlobComingBackIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let served = root.appendingPathComponent("served")
        let server = try RegistryHTTPServer(settings: .init(root: served, deletionEnabled: false) { _ in .granted }, host: "127.0.0.1", port: 0)
        defer { server.shutDown() }
        let host = "127.0.0.1:\(server.port)"
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        engine.allowedRegistries.entries = [try AllowedRegistries.Entry(parsing: host)]
        let pulled = try engine.pull(ImageReference.parse("alpine:3.20"))
        let target = try ImageReference.parse("\(host)/team/app:1")
        try engine.tag(source: "alpine:3.20", target: target)
        let report = try engine.push(engine.pushPlan(target), credentials: nil)
        #expect(report.layers.map(\.status) == [.pushed])
        // A push sends a schema 2 manifest of the linux/amd64 image, not the Hub's index.
        #expect(report.manifestDigest != pulled.manifestDigest)

        func removeAll() throws {
            for name in ["\(host)/team/app:1", "alpine:3.20"] where engine.images.image(name) != nil { _ = try engine.remove(name, force: false) }
        }
        try removeAll()
        let back = try engine.pull(target)
        #expect(back.imageID == pulled.imageID && back.layers.map(\.alreadyExisted) == [false])
        #expect(back.manifestDigest == report.manifestDigest)

        try removeAll()
        let manifest = try Registry(root: served).manifest("1", in: "team/app").decoded()
        let blob = try #require(Registry(root: served).blobFile(manifest.layers[0].digest))
        var bytes = try Data(contentsOf: blob)
        bytes[bytes.count - 20] ^= 0x01
        try bytes.write(to: blob)
        #expect(throws: EngineError.daemon("filesystem layer verification failed for digest \(manifest.layers[0].digest)")) {
            try engine.pull(target)
        }
        #expect(engine.images.all.isEmpty, "nothing of the refused image is kept")
        let transfers = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("engine/transfers").path)) ?? []
        #expect(transfers.isEmpty)
    }
}
