import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Engine
import Testing

@Suite struct ContainerTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("containers-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func engineWithAlpine() throws -> Engine {
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine"))
        return engine
    }

    @Test func simulatedCommandsRunToTheEnd() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        var container = try engine.createContainer(ContainerRequest(image: "alpine", command: ["sh", "-c", "echo $GREETING; exit 4"], environment: ["GREETING=hi"]))
        #expect(container.state == .created)
        container = try engine.startContainer(container.id)
        #expect(container.logs.combined == "hi\n")
        #expect(container.state == .exited(code: 4, at: clock.now))
    }

    @Test func unsimulatedProgramsKeepRunningAndSaySo() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("registry:2"))
        let container = try engine.startContainer(engine.createContainer(ContainerRequest(image: "registry:2", name: "registry")).id)
        #expect(container.isRunning)
        // The entrypoint script runs through the simulated shell; the registry program it execs is
        // what layerlab does not simulate (the engine answers its API instead).
        #expect(container.unsimulatedProgram == "registry")
        #expect(container.command == ["/entrypoint.sh", "/etc/docker/registry/config.yml"])
        #expect(container.exposedPorts == ["5000/tcp"])
    }

    @Test func theWritableLayerSurvivesARestartAndCommitsAsOneLayer() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        let created = try engine.createContainer(ContainerRequest(image: "alpine", name: "box", interactive: true))
        _ = try engine.startContainer(created.id)
        var directory = "/"
        _ = try engine.execScript("box", script: "mkdir /data && echo 1 > /data/a && rm /etc/shells", workingDirectory: &directory)
        let reopened = Engine(root: root, clock: clock)
        #expect(try reopened.diff("box").map { "\($0.kind) \($0.path)" } == ["A /data", "A /data/a", "C /etc", "D /etc/shells"])
        let image = try reopened.commitContainer("box", as: ImageReference.parse("box:1"), message: "data", author: nil)
        #expect(image.layers.count == 2)
        #expect(image.configuration.history.last?.comment == "data")
        let view = UnionView(layers: try reopened.images.layers(of: image))
        #expect(view.resolve("/data/a") != nil && view.resolve("/etc/shells") == nil)
    }

    @Test func namesAndPortsCannotBeShared() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        _ = try engine.createContainer(ContainerRequest(image: "alpine", name: "one"))
        #expect(throws: EngineError.self) { try engine.createContainer(ContainerRequest(image: "alpine", name: "one")) }
        let binding = ContainerRecord.PortBinding(hostIP: "0.0.0.0", hostPort: 8080, containerPort: 80, proto: "tcp")
        let first = try engine.createContainer(ContainerRequest(image: "alpine", command: ["sh"], ports: [binding], interactive: true))
        _ = try engine.startContainer(first.id)
        let second = try engine.createContainer(ContainerRequest(image: "alpine", command: ["sh"], ports: [binding], interactive: true))
        #expect {
            try engine.startContainer(second.id)
        } throws: { error in
            guard case .portAllocated(_, 8080, first.name)? = error as? EngineError else { return false }
            return true
        }
    }

    @Test func imagesInUseAreProtected() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        let container = try engine.createContainer(ContainerRequest(image: "alpine", command: ["true"]))
        let imageID = try #require(engine.images.image("alpine")).id
        #expect(throws: EngineError.conflict("unable to remove repository reference \"alpine\" (must force) - container \(container.shortID) is using its referenced image \(imageID.shortID)")) {
            try engine.remove("alpine", force: false)
        }
        #expect(try engine.remove("alpine", force: true) == [.untagged("alpine:latest")])
        #expect(engine.images.image(imageID.description) != nil, "the image stays, untagged, for the container")
        try engine.removeContainer(container.id, force: false)
        #expect(throws: EngineError.noSuchContainer(container.id)) { try engine.removeContainer(container.id, force: false) }
    }

    @Test func usersAreLookedUpInTheImage() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = try engineWithAlpine()
        let container = try engine.startContainer(engine.createContainer(ContainerRequest(image: "alpine", command: ["id"], user: "nobody")).id)
        #expect(container.logs.combined == "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n")
        let ghost = try engine.createContainer(ContainerRequest(image: "alpine", command: ["id"], user: "ghost"))
        #expect(throws: EngineError.daemon("unable to find user ghost: no matching entries in passwd file")) { try engine.startContainer(ghost.id) }
    }
}
