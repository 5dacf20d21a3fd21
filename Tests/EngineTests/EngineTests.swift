import Foundation
import ImageCatalog
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Engine
import Testing

@Suite struct EngineTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func engine() -> Engine { Engine(root: root, clock: clock) }

    @Test func pulledImagesSurviveARestart() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let first = engine()
        let report = try first.pull(ImageReference.parse("alpine:3.20"))
        #expect(report.outcome == .downloaded && report.layers.count == 1)
        let reopened = engine()
        let record = try #require(reopened.images.image("alpine:3.20"))
        #expect(record.id == report.imageID)
        #expect(try reopened.images.layers(of: record).count == 1)
        #expect(reopened.images.repoDigests(of: record.id) == ["alpine@\(report.manifestDigest)"])
        #expect(try reopened.pull(ImageReference.parse("alpine:3.20")).outcome == .upToDate)
    }

    /// A cold pull writes a pulled base layer as its catalog name, not its entries; reading it back gives
    /// the catalog's layer, checked against the digest the catalog states for it.
    @Test func pulledCatalogLayersAreKeptByNameAndReadBackWhole() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let engine = engine()
        let report = try engine.pull(ImageReference.parse("golang:1.22"))
        let record = try #require(engine.images.image(report.imageID.description))
        let catalogImage = try #require(try ImageCatalog.bundled().image(for: ImageReference.parse("golang:1.22")))
        for (digests, step) in zip(record.layers, catalogImage.steps.filter { $0.layer != nil }) {
            #expect(engine.storage.exists("layers/\(digests.diffID.hex).catalog"))
            #expect(!engine.storage.exists("layers/\(digests.diffID.hex).json"))
            #expect(step.digests?.diffID == digests.diffID)
        }
        let layers = try engine.images.layers(of: record)
        #expect(layers.map { LayerArchive.diffID(of: $0).digest } == record.layers.map(\.diffID))
        // A name whose catalog layer no longer makes these bytes (another layerlab's catalog) is a missing layer.
        let first = try #require(record.layers.first)
        try Data("alpine-3.20-rootfs".utf8).write(to: root.appendingPathComponent("layers/\(first.diffID.hex).catalog"))
        #expect(throws: EngineError.self) { try engine.images.layers(of: record) }
        // Removing the image removes the names too.
        _ = try engine.deleteImage(record.id)
        #expect(engine.storage.list("layers").isEmpty)
    }

    @Test func imageIDsAreTheConfigDigestAndStableAcrossHomes() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let one = try engine().pull(ImageReference.parse("busybox"))
        let otherRoot = root.appendingPathComponent("other")
        let two = try Engine(root: otherRoot, clock: clock).pull(ImageReference.parse("busybox"))
        #expect(one.imageID == two.imageID)
        #expect(one.manifestDigest == two.manifestDigest)
        let record = try #require(engine().images.image("busybox"))
        #expect(record.id == Digest.sha256(of: record.configuration.canonicalJSON()))
    }

    @Test func sharedBaseLayersAlreadyExist() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = engine()
        _ = try store.pull(ImageReference.parse("alpine:3.18"))
        let registry = try store.pull(ImageReference.parse("registry:2"))
        #expect(registry.layers.map(\.alreadyExisted) == [true, false, false, false, false])
    }

    @Test func idsResolveByPrefixAndNamesWin() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = engine()
        let id = try store.pull(ImageReference.parse("alpine")).imageID
        #expect(store.images.image(String(id.hex.prefix(5)))?.id == id)
        #expect(store.images.image("sha256:" + id.hex)?.id == id)
        #expect(store.images.image("nosuch") == nil)
    }

    @Test func removingByIDWithNamesInTwoRepositoriesNeedsForce() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = engine()
        let id = try store.pull(ImageReference.parse("alpine")).imageID
        try store.tag(source: "alpine", target: ImageReference.parse("mine:1"))
        #expect(throws: EngineError.conflict("unable to delete \(id.shortID) (must be forced) - image is referenced in multiple repositories")) {
            try store.remove(id.shortID, force: false)
        }
        let lines = try store.remove(id.shortID, force: true)
        #expect(lines.first == .untagged("alpine:latest"))
        #expect(lines.contains(.deleted(id)))
        #expect(store.images.all.isEmpty)
        #expect(store.storage.list("layers").isEmpty, "the unused layer is gone")
    }

    @Test func chainIDsFollowTheSpec() {
        let a = Digest.sha256(of: "a"), b = Digest.sha256(of: "b")
        #expect(Engine.chainIDs([a, b]) == [a, Digest.sha256(of: "\(a) \(b)")])
    }

    @Test func pruneRemovesOnlyImagesWithoutTags() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = engine()
        let pulled = try store.pull(ImageReference.parse("hello-world"))
        _ = try store.pull(ImageReference.parse("busybox"))
        try store.images.removeTag("docker.io/library/hello-world:latest")
        let report = try store.pruneImages(all: false)
        let (lines, reclaimed) = (report.deleted, report.spaceReclaimed)
        // Its digest reference does not keep an untagged image, as in Docker.
        #expect(lines.prefix(2) == [.untagged("hello-world@\(pulled.manifestDigest)"), .deleted(pulled.imageID)])
        #expect(reclaimed == 13_256)
        #expect(store.images.all.count == 1)
    }

    @Test func pruneAllKeepsOnlyImagesThatContainersUse() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = engine()
        let busybox = try store.pull(ImageReference.parse("busybox")).imageID
        _ = try store.pull(ImageReference.parse("hello-world"))
        _ = try store.createContainer(ContainerRequest(image: "busybox", command: ["true"]))
        #expect(try store.pruneImages(all: false).deleted.isEmpty, "tagged images are not dangling")
        let lines = try store.pruneImages(all: true).deleted
        #expect(lines.first == .untagged("hello-world:latest"))
        #expect(store.images.all.map(\.id) == [busybox])
    }

    @Test func unknownNamesAndTagsGetDockersErrors() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: EngineError.notInCatalog("nosuch")) { try engine().pull(ImageReference.parse("nosuch")) }
        #expect(throws: EngineError.manifestUnknown("alpine:9.9")) { try engine().pull(ImageReference.parse("alpine:9.9")) }
        #expect(throws: EngineError.registryUnreachable("localhost:5000")) { try engine().pull(ImageReference.parse("localhost:5000/x")) }
    }
}
