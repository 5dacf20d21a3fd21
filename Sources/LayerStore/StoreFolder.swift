#if canImport(CFileCopy)
import CFileCopy
#endif
import Foundation

/// A folder of files written atomically (a temporary file renamed into place), so a crash mid-write
/// leaves the old file or the new one, never half of one. The engine's store and each registry's
/// store are one of these.
public struct StoreFolder: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relative).path)
    }

    public func read(_ relative: String) -> Data? {
        FileManager.default.contents(atPath: url(relative).path)
    }

    /// Writes the file whole. The bytes are not forced to the disk (Foundation's `Data.write` fsyncs,
    /// which was a fifth of a replayed exercise's time): the rename makes a killed process leave the
    /// old file or the new one, as `copy` has always done, and the kernel writes the page cache out.
    public func write(_ data: Data, to relative: String) throws(StoreError) {
        try replace(relative) { temporary throws(StoreError) in
            let output = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard output >= 0 else { throw StoreError("cannot write \(url(relative).path): \(String(cString: strerror(errno)))") }
            defer { close(output) }
            guard data.withUnsafeBytes({ Self.writeAll($0, to: output) }) else {
                throw StoreError("cannot write \(url(relative).path): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Writes every byte to the descriptor, however many calls it takes; false on an error.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = Foundation.write(descriptor, base + offset, bytes.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Copies the first `size` bytes of the file at `source` (an absolute path) to `relative`. The
    /// kernel copies them (copy_file_range) where it can, which on Linux is several times faster than
    /// reading them in and writing them out, and falls back to reading and writing elsewhere.
    public func copy(fileAt source: String, size: Int64, to relative: String) throws(StoreError) {
        let target = url(relative).path
        try replace(relative) { temporary throws(StoreError) in
            let input = open(source, O_RDONLY)
            guard input >= 0 else { throw StoreError("cannot copy \(source) into \(root.path): \(String(cString: strerror(errno)))") }
            defer { close(input) }
            let output = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard output >= 0 else { throw StoreError("cannot write \(target): \(String(cString: strerror(errno)))") }
            defer { close(output) }
            var remaining = size
            #if canImport(CFileCopy) && os(Linux)
            while remaining > 0 {
                let copied = layerlab_copy_file_range(input, output, Int(min(remaining, 1 << 30)))
                if copied > 0 { remaining -= Int64(copied); continue }
                // 0 is the end of a file that shrank; an error (another filesystem, an old kernel) falls back.
                if copied == 0 { break }
                if errno == EINTR { continue }
                break
            }
            #endif
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while remaining > 0 {
                let count = buffer.withUnsafeMutableBytes { Foundation.read(input, $0.baseAddress, Int(min(remaining, Int64($0.count)))) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                guard buffer.withUnsafeBytes({ Self.writeAll(UnsafeRawBufferPointer(rebasing: $0[..<count]), to: output) }) else {
                    throw StoreError("cannot write \(target): \(String(cString: strerror(errno)))")
                }
                remaining -= Int64(count)
            }
        }
    }

    /// Makes `relative` by filling a temporary file beside it and renaming that into place.
    private func replace(_ relative: String, fill: (URL) throws(StoreError) -> Void) throws(StoreError) {
        let target = url(relative)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw StoreError("cannot write \(target.path): \(error.localizedDescription)")
        }
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try fill(temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        // rename(2) replaces the target atomically on the same filesystem.
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw StoreError("cannot write \(target.path): \(reason)")
        }
    }

    public func remove(_ relative: String) {
        try? FileManager.default.removeItem(at: url(relative))
    }

    /// Moves a folder or file of the store to another name in it (rename(2): nothing is copied).
    public func move(_ relative: String, to destination: String) throws(StoreError) {
        guard rename(url(relative).path, url(destination).path) == 0 else {
            throw StoreError("cannot move \(url(relative).path) to \(url(destination).path): \(String(cString: strerror(errno)))")
        }
    }

    /// The names in a folder, sorted; hidden names (temporary and staging files) only when asked.
    public func list(_ folder: String, includingHidden: Bool = false) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path))?.filter { includingHidden || !$0.hasPrefix(".") }.sorted() ?? []
    }
}

/// A file in a store could not be written or read back.
public struct StoreError: Error, Equatable, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
