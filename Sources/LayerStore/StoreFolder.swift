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

    public func write(_ data: Data, to relative: String) throws(StoreError) {
        let target = url(relative)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            // rename(2) replaces the target atomically on the same filesystem.
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw StoreError("cannot write \(target.path): \(reason)")
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    public func remove(_ relative: String) {
        try? FileManager.default.removeItem(at: url(relative))
    }

    public func list(_ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
    }
}

/// A file in a store could not be written or read back.
public struct StoreError: Error, Equatable, Sendable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }
}
