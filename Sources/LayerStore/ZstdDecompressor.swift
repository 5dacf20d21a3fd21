import CZstd
import Foundation

/// Reads zstd data whole: layers clients push compressed with it (`docker buildx build --output
/// type=image,compression=zstd`, `skopeo copy --dest-compress-format zstd`). The stream goes through
/// libzstd's streaming decoder a block at a time, one frame after another, with the decoder's window
/// held to a fixed size, so a frame cannot make it reserve more memory than that.
public enum ZstdDecompressor {
    /// Whether the bytes start as zstd data does: a zstd frame's magic number, or a skippable frame's
    /// (0x184D2A50 to 0x184D2A5F), as Docker 28 tells a layer's compression from its first bytes
    /// (moby/go-archive compression/compression_detect.go, vendored in moby v28.2.2).
    public static func isZstd(_ data: Data) -> Bool {
        guard data.count >= 4 else { return false }
        var magic: UInt32 = 0
        for (index, byte) in data.prefix(4).enumerated() { magic |= UInt32(byte) << (8 * index) }
        return magic == 0xFD2F_B528 || (data.count >= 8 && magic & 0xFFFF_FFF0 == 0x184D_2A50)
    }

    /// The largest window a frame may ask for, as a power of two: zstd's own default limit
    /// (ZSTD_WINDOWLOG_LIMIT_DEFAULT, 128 MiB), stated here so the bound is layerlab's, whatever the
    /// library's build. Encoders at their usual levels use windows of a few MiB.
    static let windowLogMax: Int32 = 27

    /// The decompressed bytes; with `limit`, fails as soon as they would be more (a small blob can
    /// hold a huge stream). Data that stops inside a frame, or that the decoder finds damaged, fails
    /// with what is wrong.
    public static func decompress(_ data: Data, limit: Int? = nil) throws(TarReadError) -> Data {
        guard let context = ZSTD_createDCtx() else { throw TarReadError(message: "zstd could not start a stream") }
        defer { ZSTD_freeDCtx(context) }
        let setting = ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, windowLogMax)
        guard ZSTD_isError(setting) == 0 else { throw TarReadError(message: "zstd refused its window limit (\(errorName(setting)))") }
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        var failure: TarReadError?
        // The decoder's last answer: 0 once every frame it began is decoded and flushed.
        var pending = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
            var filled = false
            repeat {
                let (status, produced) = buffer.withUnsafeMutableBytes { (space: UnsafeMutableRawBufferPointer) -> (Int, Int) in
                    var output = ZSTD_outBuffer(dst: space.baseAddress, size: space.count, pos: 0)
                    let answer = ZSTD_decompressStream(context, &output, &input)
                    return (answer, output.pos)
                }
                if ZSTD_isError(status) != 0 {
                    failure = TarReadError(message: "not a valid zstd stream (\(errorName(status)))")
                    return
                }
                result.append(contentsOf: buffer[..<produced])
                if let limit, result.count > limit {
                    failure = TarReadError(message: "it decompresses to more than \(limit) bytes")
                    return
                }
                pending = status
                // A full buffer may leave decoded bytes inside the decoder, to be flushed by another call
                // (none when the frame is done).
                filled = produced == buffer.count && status != 0
            } while input.pos < input.size || filled
        }
        if let failure { throw failure }
        guard pending == 0 else { throw TarReadError(message: "the zstd stream ends inside a frame (truncated)") }
        return result
    }

    static func errorName(_ status: Int) -> String {
        String(cString: ZSTD_getErrorName(status))
    }
}
