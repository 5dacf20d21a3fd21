import Foundation
import ImageModel
import LayerlabBasics
import Registry
@testable import Engine
import Testing

@Suite struct RegistryEngineTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-registry-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func startRegistry(_ engine: Engine, port: Int = 5000) throws -> ContainerRecord {
        _ = try engine.pull(ImageReference.parse("registry:2"))
        let binding = ContainerRecord.PortBinding(hostIP: "0.0.0.0", hostPort: port, containerPort: 5000, proto: "tcp")
        let created = try engine.createContainer(ContainerRequest(image: "registry:2", name: "registry", ports: [binding]))
        return try engine.startContainer(created.id)
    }

    /// A registry on localhost:5000, and alpine:3.20 pulled and pushed to it as mine:1.0.
    func pushAlpine(_ engine: Engine) throws -> (pulled: PullReport, pushed: PushReport) {
        _ = try startRegistry(engine)
        let pulled = try engine.pull(ImageReference.parse("alpine:3.20"))
        let target = try ImageReference.parse("localhost:5000/mine:1.0")
        try engine.tag(source: "alpine:3.20", target: target)
        return (pulled, try engine.push(engine.pushPlan(target), credentials: nil))
    }

    @Test func anImagePushedToARegistryComesBackWithTheSameIDAfterARestart() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let (pulled, report) = try pushAlpine(engine)
        #expect(report.layers.map(\.status) == [.pushed])
        // The Hub's name resolves to an index; a push sends a schema 2 manifest of the linux/amd64 image
        // (moby's push with the graph-driver store), which is neither the index nor the Hub's OCI manifest.
        #expect(report.manifestDigest != pulled.manifestDigest)
        #expect(try #require(engine.endpoint(for: "localhost:5000").registry).manifest("1.0", in: "mine").mediaType == MediaType.dockerManifest)
        _ = try engine.remove("localhost:5000/mine:1.0", force: false)
        _ = try engine.remove("alpine:3.20", force: false)
        #expect(engine.images.image(pulled.imageID.description) == nil)

        let restarted = Engine(root: root, clock: clock)
        let back = try restarted.pull(ImageReference.parse("localhost:5000/mine@\(report.manifestDigest)"))
        #expect(back.imageID == pulled.imageID)
        #expect(back.layers.map(\.alreadyExisted) == [false])
        #expect(try restarted.images.layers(of: #require(restarted.images.image(back.imageID.description))).count == 1)
    }

    @Test func aCatalogLayerIsPushedByNameAndMadeIntoBytesOnlyWhenAClientReadsIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let (pulled, report) = try pushAlpine(engine)
        let registry = try #require(engine.endpoint(for: "localhost:5000").registry)
        let layerBlob = try #require(registry.manifest("1.0", in: "mine").decoded().layers.first)
        let blobs = root.appendingPathComponent("registries")
        let written = FileManager.default.enumerator(atPath: blobs.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(layerBlob.digest.hex) } ?? []
        #expect(written.isEmpty, "pushing a catalog layer writes no bytes: \(written)")
        #expect(registry.blob(layerBlob.digest, in: "mine")?.size == layerBlob.size)

        // A pull from the registry keeps the layer as the catalog's, with the image's ID.
        _ = try engine.remove("localhost:5000/mine:1.0", force: false)
        _ = try engine.remove("alpine:3.20", force: false)
        let back = try engine.pull(ImageReference.parse("localhost:5000/mine@\(report.manifestDigest)"))
        #expect(back.imageID == pulled.imageID)
        #expect(engine.images.catalogKey(of: try #require(engine.images.image(back.imageID.description)).layers[0].diffID) != nil)

        // A client reading the blob gets the gzip stream its digest names.
        let file = try #require(registry.blobFile(layerBlob.digest))
        let bytes = try Data(contentsOf: file)
        #expect(Digest.sha256(of: bytes) == layerBlob.digest)
        #expect(Int64(bytes.count) == layerBlob.size)
    }

    @Test func aStoppedRegistryIsUnreachableAndARemovedOneLosesItsContent() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let registry = try startRegistry(engine, port: 5001)
        _ = try engine.pull(ImageReference.parse("busybox"))
        let target = try ImageReference.parse("127.0.0.1:5001/box")
        try engine.tag(source: "busybox", target: target)
        _ = try engine.push(engine.pushPlan(target), credentials: nil)
        #expect(throws: EngineError.registryUnreachable("localhost:5000")) { try engine.endpoint(for: "localhost:5000") }
        _ = try engine.stopContainer(registry.id)
        #expect(throws: EngineError.registryUnreachable("127.0.0.1:5001")) { try engine.pull(target) }
        _ = try engine.startContainer(registry.id)
        #expect(try engine.endpoint(for: "localhost:5001").registry?.repositoryNames == ["box"])
        try engine.removeContainer(registry.id, force: true)
        let fresh = try startRegistry(engine, port: 5001)
        #expect(fresh.id != registry.id)
        #expect(try engine.endpoint(for: "localhost:5001").registry?.repositoryNames.isEmpty == true)
    }

    @Test func pushingToTheHubNeedsALoginForTheNamespace() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine:3.20"))
        let alice = RegistryCredentials(username: "alice", password: "pw12345")
        #expect(try engine.login(to: "docker.io", credentials: alice) == .registered)
        #expect(throws: EngineError.self) { try engine.login(to: "docker.io", credentials: RegistryCredentials(username: "alice", password: "nope")) }
        for (name, credentials) in [("alice/app", nil), ("bob/app", alice), ("app", alice)] as [(String, RegistryCredentials?)] {
            let target = try ImageReference.parse(name)
            try engine.tag(source: "alpine:3.20", target: target)
            #expect(throws: EngineError.pushRefused("denied: requested access to the resource is denied")) {
                try engine.push(engine.pushPlan(target), credentials: credentials)
            }
        }
        let report = try engine.push(engine.pushPlan(ImageReference.parse("alice/app")), credentials: alice)
        #expect(report.layers.map(\.status) == [.mounted(from: "library/alpine")])
        #expect(try engine.searchHub("alice").map(\.name) == ["alice/app"])
        #expect(try engine.searchHub("app").first?.name == "node", "descriptions match too; most stars first")
    }
}
