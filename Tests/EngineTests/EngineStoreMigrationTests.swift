import Foundation
import ImageModel
import LayerlabBasics
@testable import Engine
import Testing

/// A store written by a layerlab before each part of the engine had a file of its own kept
/// everything in `repositories.json`; opening it must lose none of it, even after the image store
/// rewrites that file with its own fields only.
@Suite struct EngineStoreMigrationTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("engine-migration-\(UUID())")
    let clock = FixedWallClock(FixedWallClock.transcriptEpoch)

    @Test func anEarlierSharedRepositoriesFileKeepsEveryPartsState() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let blob = Digest.sha256(of: "a blob")
        let diffID = Digest.sha256(of: "a layer")
        let legacy = """
        {"blobSources":{"\(blob)":["localhost:5000/app"]},"compressedLayers":{"\(diffID)":{"blobDigest":"\(blob)","blobSize":7,"diffID":"\(diffID)","tarSize":2048}},\
        "containerCounter":5,"lastTagTime":{},"repoDigests":{},"tags":{}}
        """
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(legacy.utf8).write(to: root.appendingPathComponent("repositories.json"))

        // A pull rewrites repositories.json with the image store's fields only.
        _ = try Engine(root: root, clock: clock).pull(ImageReference.parse("alpine:3.20"))
        let rewritten = try String(contentsOf: root.appendingPathComponent("repositories.json"), encoding: .utf8)
        #expect(!rewritten.contains("blobSources") && !rewritten.contains("containerCounter"))

        let reopened = Engine(root: root, clock: clock)
        #expect(reopened.distribution.blobSources(of: blob) == ["localhost:5000/app"])
        #expect(reopened.distribution.compressedDigests(of: diffID)?.blobSize == 7)
        #expect(reopened.containers.createdCount == 5, "new containers keep getting new IDs and names")
        #expect(reopened.images.image("alpine:3.20") != nil)
    }
}
