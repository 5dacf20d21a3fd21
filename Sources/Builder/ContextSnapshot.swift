import Foundation

/// The build context as the daemon last received it from one folder: each file's size, mode and time,
/// which fsutil's metadata differ compares to decide what to send again.
struct ContextSnapshot: Codable, Equatable {
    struct Stat: Codable, Equatable {
        var size: Int64
        var mode: UInt32
        var modified: Double

        init(_ file: BuildContext.File) {
            size = file.content.size
            mode = file.mode
            modified = file.modified?.timeIntervalSince1970 ?? 0
        }
    }

    var files: [String: Stat]
}
