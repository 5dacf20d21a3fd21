import Foundation
import LayerlabBasics

/// The built-in course (`Lessons/` and `Sandbox/`) compiled into layerlab (`EmbeddedFiles`), so that a
/// copied or installed binary has its course without the checkout, as rustlings embeds its exercises.
enum EmbeddedCourse {
    /// Every file by its path in the checkout (`Lessons/pack.yaml`, `Sandbox/go-app/main.go`).
    static func files() -> [String: Data] {
        embeddedCourseFiles.all()
    }

    /// Changes whenever a file does: the folder a copy is written to is named by it, so a copy of
    /// another layerlab's course is never read for this one's.
    static let version: String = {
        let listing = embeddedCourseFiles.encoded.sorted { $0.key < $1.key }.map { "\($0.key)\n\($0.value)\n" }.joined()
        return Digest.sha256(of: listing).shortID
    }()

    /// Writes every file under `folder`: `folder/Lessons/pack.yaml`, `folder/Sandbox/…`.
    static func write(into folder: URL) throws {
        for (path, data) in files() {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
        }
    }
}
