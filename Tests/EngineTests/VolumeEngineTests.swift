import Foundation
import ImageModel
import LayerlabBasics
@testable import Engine
import Testing

/// Volumes as moby's local driver keeps them, and what they mean for registry:2, whose image declares
/// `VOLUME /var/lib/registry` (distribution's Dockerfile): its content lives in whatever is mounted
/// there, so a named volume or a bind mount keeps it across `docker rm` and a new container, and
/// without one each container gets an anonymous volume of its own.
@Suite struct VolumeEngineTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-volumes-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func runRegistry(_ engine: Engine, volumes: [ContainerRecord.VolumeMount] = [], mounts: [ContainerRecord.BindMount] = []) throws -> ContainerRecord {
        if engine.images.image("registry:2") == nil { _ = try engine.pull(ImageReference.parse("registry:2")) }
        let binding = ContainerRecord.PortBinding(hostIP: "0.0.0.0", hostPort: 5000, containerPort: 5000, proto: "tcp")
        let created = try engine.createContainer(ContainerRequest(image: "registry:2", ports: [binding], mounts: mounts, volumes: volumes))
        return try engine.startContainer(created.id)
    }

    func pushAlpine(_ engine: Engine) throws {
        _ = try engine.pull(ImageReference.parse("alpine:3.20"))
        let target = try ImageReference.parse("localhost:5000/my-alpine:3.20")
        try engine.tag(source: "alpine:3.20", target: target)
        _ = try engine.push(engine.pushPlan(target), credentials: nil)
    }

    func catalog(_ engine: Engine) throws -> [String] {
        try engine.endpoint(for: "localhost:5000").registry?.repositoryNames ?? []
    }

    @Test func aNamedVolumeKeepsARegistrysContentForTheNextContainer() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let data = ContainerRecord.VolumeMount(name: "regdata", target: "/var/lib/registry", readOnly: false)
        let first = try runRegistry(engine, volumes: [data])
        try pushAlpine(engine)
        try engine.removeContainer(first.id, force: true)
        #expect(engine.allVolumes.map(\.name) == ["regdata"], "a named volume outlives its container")
        _ = try runRegistry(engine, volumes: [data])
        #expect(try catalog(engine) == ["my-alpine"])
        // A restarted layerlab finds the volume and what it holds.
        #expect(try catalog(Engine(root: root, clock: clock)) == ["my-alpine"])
    }

    @Test func aBindMountKeepsARegistrysContentInTheHostFolder() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let folder = root.appendingPathComponent("workspace/regdata")
        let bind = ContainerRecord.BindMount(source: folder.path, target: "/var/lib/registry", readOnly: false)
        let first = try runRegistry(engine, mounts: [bind])
        try pushAlpine(engine)
        // Where distribution's filesystem driver writes under its root directory.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("docker/registry/v2").path))
        try engine.removeContainer(first.id, force: true)
        #expect(engine.allVolumes.isEmpty, "what is bind-mounted needs no volume")
        _ = try runRegistry(engine, mounts: [bind])
        #expect(try catalog(engine) == ["my-alpine"])
    }

    /// Without -v the registry's content is in an anonymous volume: `docker rm` leaves it dangling, a
    /// new container gets a volume of its own (empty), and `docker rm -v` or a prune removes it.
    @Test func withoutAVolumeEachRegistryHasAnAnonymousOne() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        let first = try runRegistry(engine)
        let anonymous = try #require(first.volumes?.first)
        #expect(anonymous.target == "/var/lib/registry" && anonymous.name.count == 64)
        #expect(try engine.inspectVolume(anonymous.name).isAnonymous)
        try pushAlpine(engine)
        try engine.removeContainer(first.id, force: true)
        let dangling = try VolumeListFilter([("dangling", "true")])
        #expect(engine.listVolumes(filter: dangling).map(\.name) == [anonymous.name])
        let second = try runRegistry(engine)
        #expect(try catalog(engine).isEmpty, "a new container does not see the old one's volume")
        try engine.removeContainer(second.id, force: true, volumes: true)
        #expect(engine.allVolumes.map(\.name) == [anonymous.name], "rm -v takes the container's anonymous volume")
        let pruned = try engine.pruneVolumes(all: false)
        #expect(pruned.deleted == [anonymous.name] && pruned.spaceReclaimed > 0)
        #expect(engine.allVolumes.isEmpty)
    }

    /// moby's answers: names its local driver takes, a volume in use kept, a missing one not found
    /// (`docker volume rm -f` lets that go), an unnamed `create` anonymous.
    @Test func volumesAreCheckedAndRemovedAsMobyDoes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        #expect(throws: EngineError.invalidRequest("create x: volume name is too short, names should be at least two alphanumeric characters")) {
            try engine.createVolume(named: "x")
        }
        #expect(throws: EngineError.invalidRequest("create a b: \"a b\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path")) {
            try engine.createVolume(named: "a b")
        }
        #expect(try engine.createVolume(named: "data") == engine.createVolume(named: "data"), "creating it again gives the one there")
        #expect(try engine.createVolume(named: nil).isAnonymous)
        let registry = try runRegistry(engine, volumes: [.init(name: "data", target: "/var/lib/registry", readOnly: false)])
        #expect(throws: EngineError.volumeInUse("data", containers: [registry.id])) { try engine.removeVolume("data", force: true) }
        #expect(throws: EngineError.noSuchVolume("nosuch")) { try engine.removeVolume("nosuch", force: false) }
        try engine.removeVolume("nosuch", force: true)
        #expect(try engine.pruneVolumes(all: false).deleted.count == 1, "the unnamed one; data is in use")
        try engine.removeContainer(registry.id, force: true, volumes: true)
        #expect(engine.allVolumes.map(\.name) == ["data"], "rm -v leaves named volumes")
        #expect(try engine.pruneVolumes(all: true).deleted == ["data"])
    }

    /// Only registry:2's program keeps files in a volume; elsewhere they would silently go missing.
    @Test func aVolumeForAnotherProgramIsNotSimulated() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = Engine(root: root, clock: clock)
        _ = try engine.pull(ImageReference.parse("alpine:3.20"))
        let request = ContainerRequest(image: "alpine:3.20", command: ["ls", "/data"], volumes: [.init(name: "data", target: "/data", readOnly: false)])
        #expect(throws: EngineError.unsupported("a volume (-v) in this container (only registry:2 keeps its files in one)")) {
            try engine.createContainer(request)
        }
        #expect(engine.allVolumes.isEmpty)
    }
}
