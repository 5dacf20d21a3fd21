import Foundation
import LayerStore

/// What the archivers (`tar`, `gzip`) share: files read and written as bytes, a bound on how much of
/// them is held in memory at once, and a plain refusal for binary data through a pipe, which the
/// simulated shell carries as text (a gzip stream would arrive mangled, so it is refused rather
/// than faked).
enum BinaryFiles {
    /// The most an archiver reads or writes in one go: layerlab's limit, not the program's.
    static let limit = 64 << 20

    /// `tar cf - …`, `gzip -c`, `gzip` with no file: binary data on a pipe.
    static func pipeRefusal(_ program: String) -> String {
        "layerlab: \(program) reading or writing binary data through standard input or output is not simulated "
            + "(the simulated shell passes text): name a file instead"
    }

    static func overLimit(_ program: String, _ path: String) -> String {
        "layerlab: \(program) stopped: \(path) would hold more than \(limit >> 20) MB, layerlab's limit for an archive in a container"
    }

    /// The bytes of the file at an absolute path (symlinks followed); nil when it is not a file.
    /// Check `size` against `limit` first.
    static func read(_ path: String, in process: any ProcessEnvironment) -> Data? {
        guard case .file(let content)? = process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(path))?.kind else { return nil }
        return content.data
    }

    /// The size of the file at an absolute path, for checking against the limit before reading.
    static func size(_ path: String, in process: any ProcessEnvironment) -> Int64 {
        process.fileSystem.entry(at: process.fileSystem.resolvingSymlinks(path))?.contentSize ?? 0
    }

    /// Writes bytes as a file owned by the process's user, replacing what was there.
    static func write(_ data: Data, to path: String, mode: UInt32, modificationTime: Int64, in process: any ProcessEnvironment) {
        let user = process.user
        process.fileSystem.write(LayerEntry(path: path, kind: .file(.bytes(data)), mode: mode, uid: user.uid, gid: user.gid, modificationTime: modificationTime))
    }

    /// Decompressed text for standard output (`zcat`, `tar -O`), when it is text.
    static func text(_ data: Data) -> String? {
        String(data: data, encoding: .utf8)
    }
}
