import Foundation
import LayerlabTestSupport
@testable import LayerStore
import Testing

/// zstd layers as clients push them. What counts as zstd follows moby/go-archive's
/// compression_detect.go (vendored in moby v28.2.2); the frames written out by hand below were
/// checked with the `zstd` 1.5.4 program (`zstd -d`), which decodes the first two and refuses the
/// third with "Frame requires too much memory for decoding".
@Suite struct ZstdDecompressorTests {
    /// Larger than libzstd's output buffer (a block, 128 KiB) many times over, and not all alike.
    let content = Data((0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 / 7 &* 31) })

    @Test func aStreamOfSeveralFramesDecompressesToWhatWasCompressed() throws {
        // A skippable frame (magic 0x184D2A50, length 3, then 3 bytes), then two frames, as `cat a.zst b.zst` makes.
        let skippable = Data([0x50, 0x2A, 0x4D, 0x18, 0x03, 0x00, 0x00, 0x00, 0x61, 0x62, 0x63])
        let tail = Data("the end\n".utf8)
        let stream = skippable + ZstdTestStream.compress(content) + ZstdTestStream.compress(tail)
        #expect(ZstdDecompressor.isZstd(stream))
        #expect(ZstdDecompressor.isZstd(ZstdTestStream.compress(tail)))
        #expect(try ZstdDecompressor.decompress(stream) == content + tail)
    }

    @Test func onlyZstdsMagicNumbersCount() {
        #expect(!ZstdDecompressor.isZstd(GzipCompressor.compress(content)))
        #expect(!ZstdDecompressor.isZstd(Data(LayerArchive.bytes(of: Layer(changes: [.put(.directory("/app"))])))))
        #expect(!ZstdDecompressor.isZstd(Data([0x28, 0xB5, 0x2F])), "too short for a magic number")
        #expect(!ZstdDecompressor.isZstd(Data([0x50, 0x2A, 0x4D, 0x18, 0x00, 0x00])), "too short for a skippable frame's header")
    }

    @Test func aTruncatedStreamFails() {
        let stream = ZstdTestStream.compress(content)
        #expect(throws: TarReadError(message: "the zstd stream ends inside a frame (truncated)")) {
            try ZstdDecompressor.decompress(stream.prefix(stream.count / 2))
        }
        #expect(throws: TarReadError(message: "the zstd stream ends inside a frame (truncated)")) {
            try ZstdDecompressor.decompress(stream.dropLast())
        }
    }

    @Test func aDamagedStreamFailsWithTheDecodersWords() {
        var stream = ZstdTestStream.compress(content)
        // The frame's last 4 bytes are its content checksum: the bytes decode, then do not match it.
        stream[stream.count - 1] ^= 0xFF
        #expect(throws: TarReadError(message: "not a valid zstd stream (Restored data doesn't match checksum)")) {
            try ZstdDecompressor.decompress(stream)
        }
        #expect(throws: TarReadError.self, "garbage after the last frame is not a frame") {
            try ZstdDecompressor.decompress(ZstdTestStream.compress(content) + Data("junk".utf8))
        }
    }

    @Test func memoryStaysBounded() throws {
        #expect(throws: TarReadError(message: "it decompresses to more than 1000 bytes")) {
            try ZstdDecompressor.decompress(ZstdTestStream.compress(content), limit: 1000)
        }
        // Frame header with no content size and a window descriptor (exponent 18, so 256 MiB), then an
        // empty last raw block; with exponent 17 (128 MiB) the same frame decodes to nothing.
        let hugeWindow = Data([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x90, 0x01, 0x00, 0x00])
        #expect(throws: TarReadError(message: "not a valid zstd stream (Frame requires too much memory for decoding)")) {
            try ZstdDecompressor.decompress(hugeWindow)
        }
        #expect(try ZstdDecompressor.decompress(Data([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0x88, 0x01, 0x00, 0x00])).isEmpty)
    }
}
