import Foundation

/// What a killed layerlab left half-made (staging folders, snapshots being taken, replay homes): the
/// entries of a folder whose names start with a prefix, removed by the next owner.
public enum Leftovers {
    /// Removes them; with `olderThan`, only those untouched that long (another process may be using a
    /// fresh one: a folder several layerlabs share).
    public static func remove(in folder: URL, prefix: String, olderThan age: TimeInterval? = nil, now: Date = Date()) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            let url = folder.appendingPathComponent(name)
            if let age {
                guard let modified = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date,
                      now.timeIntervalSince(modified) > age else { continue }
            }
            try? FileManager.default.removeItem(at: url)
        }
    }
}
