import Foundation
import LayerStore

/// Appends bytes to an upload session's file as they arrive (a request body's chunks, a layer as it
/// is compressed), so a large blob never sits whole in memory. Close it when the request ends.
/// Unchecked `Sendable`: a registry server's thread pool writes a request's chunks through it, one
/// after the other (each write waits for the one before), never two at once.
public final class UploadWriter: @unchecked Sendable {
    /// The upload's length so far.
    public private(set) var size: Int64
    private let path: String
    private var descriptor: Int32

    init(path: String, size: Int64) throws(StoreError) {
        self.path = path
        self.size = size
        descriptor = open(path, O_WRONLY | O_APPEND)
        guard descriptor >= 0 else { throw StoreError("cannot write the upload \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = Foundation.write(descriptor, base + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw StoreError("cannot write the upload \(path): \(String(cString: strerror(errno)))") }
            offset += written
            size += Int64(written)
        }
    }

    public func write(_ data: Data) throws(StoreError) {
        var failure: StoreError?
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            do throws(StoreError) {
                try write(bytes)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    public func close() {
        guard descriptor >= 0 else { return }
        Foundation.close(descriptor)
        descriptor = -1
    }
}
