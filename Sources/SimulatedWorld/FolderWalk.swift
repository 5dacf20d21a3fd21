import Foundation

/// A folder tree walked with POSIX calls, parents before children. Undo snapshots walk the whole world
/// before and after every command that may change it; FileManager's enumerator made a URL and asked
/// for resource values per file, which was most of what a snapshot cost.
enum FolderWalk {
    enum Kind: Equatable { case folder, file, symlink, other }

    struct Item {
        /// The path below the root, starting with `/`.
        var relativePath: String
        var kind: Kind
        var size: Int64
        var inode: UInt64
        var modified: timespec
    }

    /// Calls `visit` with each item below `root` (not the root itself) and its full path. A root that
    /// is missing or not a folder has no items; entries that vanish while walking are skipped.
    static func walk(_ root: String, _ visit: (Item, String) throws -> Void) rethrows {
        try walk(root, relative: "", visit)
    }

    private static func walk(_ folder: String, relative: String, _ visit: (Item, String) throws -> Void) rethrows {
        guard let directory = opendir(folder) else { return }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        closedir(directory)
        for name in names {
            let path = folder + "/" + name
            var status = stat()
            guard lstat(path, &status) == 0 else { continue }
            let kind: Kind = switch status.st_mode & S_IFMT {
            case S_IFDIR: .folder
            case S_IFREG: .file
            case S_IFLNK: .symlink
            default: .other
            }
            let item = Item(
                relativePath: relative + "/" + name, kind: kind, size: Int64(status.st_size),
                inode: UInt64(status.st_ino), modified: status.st_mtim
            )
            try visit(item, path)
            if kind == .folder { try walk(path, relative: item.relativePath, visit) }
        }
    }
}
