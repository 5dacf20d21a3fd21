import CZlib
import Foundation

/// Reads gzip data whole: for `ADD archive.tar.gz` and compressed layers in archives.
public enum GzipDecompressor {
    /// Whether the bytes start with gzip's magic number.
    public static func isGzip(_ data: Data) -> Bool {
        data.count >= 2 && data[data.startIndex] == 0x1f && data[data.startIndex + 1] == 0x8b
    }

    /// The decompressed bytes; with `limit`, fails as soon as they would be more (a small archive can
    /// hold a huge stream).
    public static func decompress(_ data: Data, limit: Int? = nil) throws(TarReadError) -> Data {
        var stream = z_stream()
        guard layerlab_inflate_init_auto(&stream) == Z_OK else { throw TarReadError(message: "zlib could not start a gzip stream") }
        defer { inflateEnd(&stream) }
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var status: Int32 = Z_OK
        var exceeded = false
        data.withUnsafeBytes { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            repeat {
                let produced: Int = buffer.withUnsafeMutableBufferPointer { output in
                    stream.next_out = output.baseAddress
                    stream.avail_out = uInt(output.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return output.count - Int(stream.avail_out)
                }
                result.append(contentsOf: buffer[..<produced])
                if let limit, result.count > limit { status = Z_BUF_ERROR; exceeded = true }
            } while status == Z_OK
        }
        if exceeded { throw TarReadError(message: "it decompresses to more than \(limit ?? 0) bytes") }
        guard status == Z_STREAM_END else { throw TarReadError(message: "not a complete gzip stream (zlib status \(status))") }
        return result
    }
}
