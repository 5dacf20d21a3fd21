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

    @Test func copyTakesTheRecordedSizeAndReplacesTheTargetWhole() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = StoreFolder(root: root)
        let source = root.appendingPathComponent("source.bin")
        let bytes = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try bytes.write(to: source)
        try folder.write(Data("old".utf8), to: "copies/file")
        try folder.copy(fileAt: source.path, size: 250_000, to: "copies/file")
        #expect(folder.read("copies/file") == bytes.prefix(250_000))
        #expect(folder.list("copies") == ["file"], "no temporary files are left behind")
        #expect(throws: StoreError.self) { try folder.copy(fileAt: root.appendingPathComponent("missing").path, size: 1, to: "copies/other") }
        #expect(!folder.exists("copies/other"))
    }

    @Test func aStagedLayerOwnsItsBytesBeforeItHasAKey() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let files = LayerFiles(folder: StoreFolder(root: root))
        // A build context's large file: the layer names it, and the store must keep its own copy.
        let source = root.appendingPathComponent("context/data.bin")
        let original = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
        try original.write(to: source)
        let layer = Layer(changes: [.put(.file("/data.bin", .stored(path: source.path, size: Int64(original.count))))])
        let diffID = LayerArchive.diffID(of: layer).digest
        let staged = try files.stage(layer)
        #expect(!files.contains(diffID), "nothing is named before the commit")
        try files.commit(staged, key: diffID)
        // Editing the context file in place (as an editor may) does not reach the stored layer.
        let handle = try FileHandle(forWritingTo: source)
        try handle.write(contentsOf: Data(repeating: 0xFF, count: 1000))
        try handle.close()
        let read = try #require(try files.read(diffID))
        #expect(LayerArchive.diffID(of: read).digest == diffID)
        // Staging the same layer again and discarding it leaves no trace.
        files.discard(try files.stage(layer))
        #expect(files.folder.list("layers") == ["\(diffID.hex).contents", "\(diffID.hex).json"])
        // A stage a killed process never committed or discarded is removed by the store's next owner.
        _ = try files.stage(layer)
        #expect(files.folder.list("layers", includingHidden: true).count == 3)
        files.removeAbandonedStaging()
        #expect(files.folder.list("layers", includingHidden: true) == ["\(diffID.hex).contents", "\(diffID.hex).json"])
    }

    /// A file joined from parts keeps each large part in a file of its own and its zeros as a count;
    /// the parts come back with the store's paths and give the same tar.
    @Test func aFileOfPartsKeepsItsLargePartsAndItsZeros() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let files = LayerFiles(folder: StoreFolder(root: root))
        let big = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 17) })
        let content = FileContent.concatenating([.bytes(big), .zeros(size: 50_000_000), .text("end\n")])
        let layer = Layer(changes: [.put(.file("/data.bin", content))])
        let diffID = LayerArchive.diffID(of: layer).digest
        try files.write(layer, key: diffID)
        let json = try #require(FileManager.default.contents(atPath: root.appendingPathComponent("layers/\(diffID.hex).json").path))
        #expect(json.count < 2000, "neither the 100 kB part nor the zeros are inlined")
        #expect(files.folder.list("layers/\(diffID.hex).contents").count == 1)
        let read = try #require(try files.read(diffID))
        #expect(LayerArchive.diffID(of: read).digest == diffID)
        guard case .put(let entry) = read.changes[0], case .file(.pieces(let pieces)) = entry.kind else { Issue.record("no parts"); return }
        #expect(pieces.map(\.length) == [100_000, 50_000_000, 4])
    }
}
