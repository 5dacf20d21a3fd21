import CZstd
import Foundation

/// zstd streams made by the same libzstd layerlab reads them with, for tests of layers pushed
/// compressed with it: a frame with its content checksum, as the `zstd` program writes one.
public enum ZstdTestStream {
    public static func compress(_ data: Data, level: Int32 = 3) -> Data {
        guard let context = ZSTD_createCCtx() else { preconditionFailure("zstd could not start a stream") }
        defer { ZSTD_freeCCtx(context) }
        ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
        ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1)
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(data.count))
        let size = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            output.withUnsafeMutableBytes { (space: UnsafeMutableRawBufferPointer) in
                ZSTD_compress2(context, space.baseAddress, space.count, input.baseAddress, input.count)
            }
        }
        precondition(ZSTD_isError(size) == 0, "zstd could not compress: \(String(cString: ZSTD_getErrorName(size)))")
        return Data(output[..<size])
    }
}
