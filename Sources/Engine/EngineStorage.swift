import Foundation

/// Files under `$LAYERLAB_HOME/engine`, written atomically (a temporary file renamed into place), so a
/// crash mid-write leaves the old file or the new one, never half of one.
struct EngineStorage: Sendable {
    let root: URL

    init(root: URL) {
        self.root = root
    }

    func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    func read(_ relative: String) -> Data? {
        FileManager.default.contents(atPath: url(relative).path)
    }

    func write(_ data: Data, to relative: String) throws(EngineError) {
        let target = url(relative)
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp")
            try data.write(to: temporary)
            // rename(2) replaces the target atomically on the same filesystem.
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw EngineError.storage("cannot write \(target.path): \(reason)")
            }
        } catch let error as EngineError {
            throw error
        } catch {
            throw .storage("cannot write \(target.path): \(error.localizedDescription)")
        }
    }

    func remove(_ relative: String) {
        try? FileManager.default.removeItem(at: url(relative))
    }

    func list(_ folder: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: url(folder).path))?.filter { !$0.hasPrefix(".") }.sorted() ?? []
    }
}
