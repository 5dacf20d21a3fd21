import Foundation
import ImageModel
import LayerlabBasics
import LayerStore
@testable import Engine
import Testing

/// The caches behind an image's files (the catalog's views shared by every world of the process, the
/// layers a store read lately, the digests of layers hashed before) never show one world another's
/// files, never keep a removed layer, and never give two different layers one diffID.
@Suite struct ImageViewCacheTests {
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    func withEngine(_ body: (Engine) throws -> Void) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-views-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        try body(Engine(root: root, clock: clock))
    }

    @Test func aFileOneWorldAddsAboveACatalogBaseIsNotInAnotherWorldsBase() throws {
        try withEngine { first in
            try withEngine { second in
                for engine in [first, second] { _ = try engine.pull(ImageReference.parse("alpine:3.20")) }
                let container = try first.createContainer(ContainerRequest(image: "alpine:3.20", command: ["touch", "/only-in-first"]))
                _ = try first.startContainer(container.id)
                let committed = try first.commitContainer(container.id, as: ImageReference.parse("mine:1"), message: nil, author: nil)
                #expect(try first.images.view(of: committed).resolve("/only-in-first") != nil)
                let base = try #require(second.images.image("alpine:3.20"))
                #expect(try second.images.view(of: base).resolve("/only-in-first") == nil)
                #expect(try first.images.view(of: #require(first.images.image("alpine:3.20"))).resolve("/only-in-first") == nil)
            }
        }
    }

    @Test func aRemovedLayerIsMissingEvenRightAfterItWasRead() throws {
        try withEngine { engine in
            _ = try engine.pull(ImageReference.parse("alpine:3.20"))
            let container = try engine.createContainer(ContainerRequest(image: "alpine:3.20", command: ["touch", "/made"]))
            _ = try engine.startContainer(container.id)
            let committed = try engine.commitContainer(container.id, as: nil, message: nil, author: nil)
            let top = try #require(committed.layers.last).diffID
            #expect(try engine.images.layer(top) != nil)
            engine.images.removeLayer(top)
            #expect(try engine.images.layer(top) == nil)
            #expect(throws: EngineError.self) { try engine.images.view(of: committed) }
        }
    }

    @Test func layersThatDifferOnlyInModeOrTimeHaveTheirOwnDiffIDs() {
        let content = FileContent.synthetic(seed: "memo", size: 100_000)
        let plain = Layer(changes: [.put(.file("/usr/bin/tool", content, mode: 0o644))])
        let executable = Layer(changes: [.put(.file("/usr/bin/tool", content, mode: 0o755))])
        var later = plain
        if case .put(var entry) = later.changes[0] {
            entry.modificationTime = 1
            later.changes[0] = .put(entry)
        }
        let digests = [plain, executable, later, plain].map { LayerArchive.diffID(of: $0).digest }
        #expect(Set(digests.prefix(3)).count == 3)
        #expect(digests[3] == digests[0])
    }
}
