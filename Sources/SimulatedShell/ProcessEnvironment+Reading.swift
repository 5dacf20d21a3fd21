import Foundation
import LayerStore

/// What opening a path for reading gives a program: a file's bytes, a device's, or the reason it
/// cannot be read.
enum OpenedFile {
    /// A file's bytes (`/dev/null` has none).
    case content(FileContent)
    /// A device that never ends (`/dev/zero`, `/dev/urandom`).
    case endless(Device)
    /// Why it cannot be read (its `reason` in the C library's words: "No such file or directory").
    case failed(FileAccess.OpenFailure)

    /// The first `count` bytes (fewer when the file is shorter).
    func prefix(_ count: Int64) -> FileContent {
        switch self {
        case .content(let content): content.prefix(count)
        case .endless(let device): device.bytes(count)
        case .failed: .bytes(Data())
        }
    }

    /// What is left after the first `count` bytes.
    func dropping(_ count: Int64) -> OpenedFile {
        guard case .content(let content) = self else { return self }
        return .content(content.slice(from: count, length: content.size - count))
    }
}

extension ProcessEnvironment {
    /// Opens `path` (symlinks followed) as `open(2)` would for reading; a device reads as its driver does.
    /// `checkingAccess` false is for layerlab reading the image (its accounts, its package catalogs),
    /// not a program's open.
    func openForReading(_ path: String, checkingAccess: Bool = true) -> OpenedFile {
        let path = absolute(path)
        if checkingAccess, let denial = access.check(.read, path, in: fileSystem) { return .failed(.denied(denial)) }
        let resolved = fileSystem.resolvingSymlinks(path)
        guard let entry = fileSystem.entry(at: resolved) else { return .failed(.missing) }
        switch entry.kind {
        case .file(let content): return .content(content)
        case .directory: return .failed(.isDirectory)
        // Resolving stops at a link only in a loop, or after 40 links.
        case .symlink: return .failed(.other("Too many levels of symbolic links"))
        case .characterDevice:
            guard let device = Device(entry) else { return .failed(.other("No such device or address")) }
            switch device.reading {
            case .empty: return .content(.bytes(Data()))
            case .endless: return .endless(device)
            case .fails(let reason): return .failed(.other(reason))
            }
        }
    }
}
