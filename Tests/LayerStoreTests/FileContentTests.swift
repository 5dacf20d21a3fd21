import Foundation
import LayerlabBasics
import LayerStore
import Testing

/// Runs of zeros and contents joined from parts are the same bytes as the plain ones: the same digest,
/// the same tar, so a layer's diffID does not depend on how its files are kept.
@Suite struct FileContentTests {
    @Test func zerosHaveTheDigestOfTheSameRealBytes() {
        for size in [0, 1, 65_535, 65_536, 300_001] {
            let zeros = Data(count: size)
            #expect(FileContent.zeros(size: Int64(size)).digest == Digest.sha256(of: zeros), "\(size) bytes")
            #expect(FileContent.zeros(size: Int64(size)).data == zeros)
        }
    }

    @Test func aLayerWithARunOfZerosHasTheTarOfTheRealBytes() {
        let kept = Layer(changes: [.put(.directory("/data")), .put(.file("/data/big", .zeros(size: 1_000_000)))])
        let real = Layer(changes: [.put(.directory("/data")), .put(.file("/data/big", .bytes(Data(count: 1_000_000))))])
        #expect(LayerArchive.bytes(of: kept) == LayerArchive.bytes(of: real))
        let compressed = LayerArchive.compressedDigests(of: kept)
        #expect(compressed == LayerArchive.compressedDigests(of: real))
        // gzip makes almost nothing of zeros, as a registry push of such a layer shows.
        #expect(compressed.blobSize < 10_000)
        #expect(kept.contentSize == 1_000_000)
    }

    @Test func joinedPartsReadAsTheirBytesWithoutCopyingLargeOnes() {
        let joined = FileContent.concatenating([.text("head\n"), .zeros(size: 100_000), .text("tail\n")])
        guard case .pieces(let pieces) = joined else { Issue.record("a large join keeps its parts: \(joined)"); return }
        #expect(pieces.count == 3)
        #expect(joined.size == 100_010)
        #expect(joined.residentBytes == 10)
        var expected = Data("head\n".utf8)
        expected.append(Data(count: 100_000))
        expected.append(Data("tail\n".utf8))
        #expect(joined.data == expected)
        #expect(joined.digest == Digest.sha256(of: expected))
        #expect(joined.slice(from: 3, length: 4).data == expected.subdata(in: 3..<7))
        #expect(joined.slice(from: 100_006, length: 100).data == Data("ail\n".utf8))
        // Small joins stay plain bytes, and neighbouring zeros one run.
        #expect(FileContent.concatenating([.text("a"), .text("b")]) == .text("ab"))
        #expect(FileContent.concatenating([.zeros(size: 70_000), .zeros(size: 70_000)]) == .zeros(size: 140_000))
        #expect(FileContent.text("hi").resized(to: 100_000).data == Data("hi".utf8) + Data(count: 99_998))
        #expect(FileContent.zeros(size: 100_000).resized(to: 10) == .zeros(size: 10))
    }

    @Test func aSliceOfGeneratedOrStoredBytesIsThoseBytes() throws {
        let synthetic = FileContent.synthetic(seed: "slice", size: 300_000)
        let whole = synthetic.data
        #expect(synthetic.slice(from: 70_000, length: 150_000).data == whole.subdata(in: 70_000..<220_000))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stored-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try whole.write(to: file)
        let stored = FileContent.stored(path: file.path, size: 300_000)
        #expect(stored.slice(from: 123_456, length: 100_000).data == whole.subdata(in: 123_456..<223_456))
    }

    /// A device's numbers go into the tar header and come back.
    @Test func aDeviceSurvivesTheTar() throws {
        let layer = Layer(changes: [.put(.directory("/dev")), .put(LayerEntry(path: "/dev/null", kind: .characterDevice(major: 1, minor: 3)))])
        let read = try TarReader.layer(Data(LayerArchive.bytes(of: layer)))
        #expect(read.changes.last == .put(LayerEntry(path: "/dev/null", kind: .characterDevice(major: 1, minor: 3), mode: 0o666)))
        #expect(layer.contentSize == 0)
    }
}
