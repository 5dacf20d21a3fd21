import Builder
import Engine
import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
import Testing

/// What a RUN step finds beyond the image (devices, BuildKit's or the step container's network files)
/// and what it leaves: a big file is in its layer's size even when the next layer deletes it.
@Suite struct RunRuntimeFilesTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("run-runtime-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func request(_ dockerfile: String) throws -> BuildRequest {
        let folder = root.appendingPathComponent("context")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(dockerfile.utf8).write(to: folder.appendingPathComponent("Dockerfile"))
        return BuildRequest(context: folder, dockerfile: folder.appendingPathComponent("Dockerfile"), dockerfileName: "Dockerfile",
                            tags: [try ImageReference.parse("demo")], target: nil, buildArguments: [:], noCache: false)
    }

    /// The classic demo: on the reference engine, `FROM refbox:1`, `RUN dd if=/dev/zero of=/big bs=1M
    /// count=50`, `RUN rm /big` shows 52.4MB then 0B in `docker history`, and the image is 52.4MB larger
    /// than its base.
    @Test func aBigFileDeletedInTheNextLayerStillWeighsOnTheImage() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let result = ImageBuilder(engine: engine, clock: clock).build(try request("FROM alpine:3.20\nRUN dd if=/dev/zero of=/big bs=1M count=50\nRUN rm /big\n"))
        let image = try #require(result.image, "\(result.failure ?? "")")
        let history = try engine.history(of: "demo")
        #expect(history.prefix(2).map(\.size) == [0, 52_428_800])
        #expect(history[1].createdBy == "RUN /bin/sh -c dd if=/dev/zero of=/big bs=1M count=50 # buildkit")
        #expect(image.size == image.layerSizes.dropLast(2).reduce(0, +) + 52_428_800)
        let layers = try engine.images.layers(of: image)
        #expect(layers[layers.count - 2].changes == [.put(.file("/big", .zeros(size: 52_428_800)))], "kept as a count, not 50 MB")
        #expect(layers[layers.count - 1].changes == [.delete("/big")])
        // The step printed dd's summary, as upstream BusyBox words it.
        let logs = result.events.compactMap { if case .log(_, let line, _) = $0 { line } else { nil } }
        #expect(logs.contains("52428800 bytes (50.0MB) copied, 0.035453 seconds, 1.4GB/s"))
    }

    /// BuildKit mounts its own read-only /etc/hosts and names its sandbox (seen on the reference engine:
    /// `RUN cat /etc/hosts; echo HOSTNAME=$HOSTNAME; hostname`); none of it reaches the layer.
    @Test func aBuildKitRunSeesTheSandboxAndLeavesItOut() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        let dockerfile = "FROM alpine:3.20\nRUN cat /etc/hosts; hostname; echo x >> /etc/hosts; ls /dev/null; echo data > /data\n"
        let result = ImageBuilder(engine: engine, clock: clock).build(try request(dockerfile))
        let image = try #require(result.image, "\(result.failure ?? "")")
        let logs = result.events.compactMap { if case .log(_, let line, _) = $0 { line } else { nil } }
        #expect(logs == [
            "127.0.0.1\tlocalhost buildkitsandbox", "::1\tlocalhost ip6-localhost ip6-loopback", "buildkitsandbox",
            "/bin/sh: can't create /etc/hosts: Read-only file system", "/dev/null",
        ])
        #expect(try engine.images.layers(of: image).last?.changes.map(\.path) == ["/data"])
    }

    /// The classic builder's step container is an ordinary one: its short ID is its hostname.
    @Test func aLegacyRunIsNamedAfterItsContainer() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root.appendingPathComponent("engine"), clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine:3.20"))
        let result = LegacyBuilder(engine: engine, clock: clock).build(try request("FROM alpine:3.20\nRUN tail -n 1 /etc/hosts; cat /etc/hostname\n"))
        #expect(result.image != nil)
        let container = try #require(result.events.compactMap { if case .runningIn(let id) = $0 { id } else { nil } }.first)
        let output = result.events.compactMap { if case .output(let text) = $0 { text } else { nil } }.joined()
        #expect(output == "172.17.0.2\t\(container.prefix(12))\n\(container.prefix(12))\n")
    }
}
