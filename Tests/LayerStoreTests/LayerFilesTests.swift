import Foundation
import LayerlabBasics
import LayerStore
import Testing

@Suite struct LayerFilesTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-layerfiles-\(UUID().uuidString)")

    @Test func storeWritesAreAtomicReplacements() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = StoreFolder(root: root)
        try folder.write(Data("one".utf8), to: "x/file.json")
        try folder.write(Data("two".utf8), to: "x/file.json")
        #expect(folder.read("x/file.json") == Data("two".utf8))
        #expect(folder.list("x") == ["file.json"], "no temporary files are left behind")
    }

    @Test func largeFilesAreKeptAsRawBytesBesideTheLayerAndLeaveWithIt() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let files = LayerFiles(folder: StoreFolder(root: root))
        let big = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let layer = Layer(changes: [.put(.file("/big.bin", .bytes(big))), .put(.file("/small.txt", .text("hi\n")))])
        let diffID = LayerArchive.diffID(of: layer).digest
        try files.write(layer, key: diffID)
        let json = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("layers/\(diffID.hex).json").path))
        #expect(json.count < 1000, "the 200 kB file is not inlined")
        let read = try #require(try files.read(diffID))
        #expect(LayerArchive.diffID(of: read).digest == diffID, "the bytes read back give the same tar")
        guard case .put(let entry) = read.changes[0], case .file(let content) = entry.kind else { Issue.record("no file"); return }
        #expect(content.data == big)
        // Another layer that reuses the file gets a copy of its own.
        let other = Layer(changes: [.put(.file("/copy.bin", content))])
        let otherID = LayerArchive.diffID(of: other).digest
        try files.write(other, key: otherID)
        files.remove(diffID)
        #expect(!files.contains(diffID))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("layers/\(diffID.hex).contents").path))
        let survivor = try #require(try files.read(otherID))
        guard case .put(let copied) = survivor.changes[0], case .file(let copiedContent) = copied.kind else { Issue.record("no file"); return }
        #expect(copiedContent.data == big)
    }
}
