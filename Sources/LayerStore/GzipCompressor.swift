import CZlib
import Foundation

/// Streams bytes through zlib's gzip encoder. The output depends only on the input (gzip header time 0,
/// fixed level), so a layer's compressed blob and its digest are the same on every run.
public final class GzipCompressor {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 64 * 1024)
    private let sink: (UnsafeRawBufferPointer) -> Void

    /// Level 1: layers are compressed often and read rarely; speed matters more than the last percent.
    init(level: Int32 = 1, sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.sink = sink
        let status = layerlab_deflate_init_gzip(&stream, level)
        precondition(status == Z_OK, "zlib could not start a gzip stream (\(status))")
    }

    deinit {
        deflateEnd(&stream)
    }

    /// `data` compressed whole, as the `gzip` program writes a file (level 6, its default).
    public static func compress(_ data: Data, level: Int32 = 6) -> Data {
        var output = Data()
        withoutActuallyEscaping({ (chunk: UnsafeRawBufferPointer) in output.append(contentsOf: chunk) }) { sink in
            let compressor = GzipCompressor(level: level, sink: sink)
            data.withUnsafeBytes { compressor.compress($0) }
            compressor.finish()
        }
        return output
    }

    func compress(_ input: UnsafeRawBufferPointer) {
        guard let base = input.baseAddress, !input.isEmpty else { return }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        drain(flush: Z_NO_FLUSH)
    }

    func finish() {
        stream.next_in = nil
        stream.avail_in = 0
        drain(flush: Z_FINISH)
    }

    private func drain(flush: Int32) {
        repeat {
            let produced: Int = output.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                deflate(&stream, flush)
                return buffer.count - Int(stream.avail_out)
            }
            if produced > 0 { output.withUnsafeBytes { sink(UnsafeRawBufferPointer(rebasing: $0[..<produced])) } }
        } while stream.avail_out == 0 || (flush == Z_FINISH && stream.avail_in > 0)
    }
}
