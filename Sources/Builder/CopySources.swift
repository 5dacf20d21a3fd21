import Dockerfile
import Foundation
import LayerStore
import SimulatedShell

/// What a COPY or ADD takes, and how it lands in the step's filesystem: the part both builders share.
/// Their cache keys, messages and failures are their own.
struct CopySources {
    /// Each entry, named relative to the destination.
    var entries: [(relative: String, entry: LayerEntry)] = []
    /// What layerlab says of a source it could not really take (a URL, being offline).
    var notes: [String] = []
    /// A source was a folder, or an archive ADD unpacked: what it holds goes into the destination.
    var fillsFolder = false
    /// The first source that names nothing in the context; the entries stop before it.
    var missing: String?

    /// The sources of a COPY or ADD from the build context, in order: files, what folders hold, URLs as
    /// offline placeholders, and the archives `unpacking` unpacks (ADD's local tar files; nil: copied as is).
    static func fromContext(_ sources: [String], in context: BuildContext, unpacking: (BuildContext.File) throws -> Layer?) rethrows -> CopySources {
        var found = CopySources()
        for source in sources {
            if source.hasPrefix("http://") || source.hasPrefix("https://") {
                let name = source.split(separator: "/").last.map(String.init) ?? "download"
                found.entries.append((name, .file("/" + name, .text(ShellProcess.offlinePlaceholder(for: source)), mode: 0o600)))
                found.notes.append("layerlab works offline: \(source) was not downloaded; \(name) is a placeholder that says so")
                continue
            }
            guard let matches = context.match(source) else {
                found.missing = source
                return found
            }
            for match in matches {
                if match.isDirectory {
                    // A folder's contents go into the destination, a folder even when it holds one file.
                    found.fillsFolder = true
                    for file in context.contents(of: match.path) {
                        let relative = match.path.isEmpty ? file.path : String(file.path.dropFirst(match.path.count + 1))
                        let entry: LayerEntry = if let target = file.linkTarget { .symlink("/" + relative, to: target) }
                            else if file.isDirectory { .directory("/" + relative, mode: file.mode) }
                            else { .file("/" + relative, file.content, mode: file.mode) }
                        found.entries.append((relative, entry))
                    }
                } else if let archive = try unpacking(match) {
                    found.fillsFolder = true
                    for case .put(let entry) in archive.changes {
                        found.entries.append((String(entry.path.dropFirst()), entry))
                    }
                } else {
                    let name = String(match.path.split(separator: "/").last ?? "")
                    found.entries.append((name, .file("/" + name, match.content, mode: match.mode)))
                }
            }
        }
        return found
    }

    /// A normalized path of another stage's or an image's filesystem (`COPY --from`): the file, or what
    /// the folder holds; nil when the path is not there.
    static func fromFileSystem(_ path: String, in view: UnionView) -> CopySources? {
        guard let resolved = view.resolve(path) else { return nil }
        var found = CopySources()
        if resolved.entry.isDirectory {
            found.fillsFolder = true
            for child in view.paths where child.hasPrefix(path == "/" ? "/" : path + "/") {
                if let entry = view.resolve(child)?.entry { found.entries.append((String(child.dropFirst(path.count == 1 ? 1 : path.count + 1)), entry)) }
            }
        } else {
            found.entries.append((String(path.split(separator: "/").last ?? ""), resolved.entry))
        }
        return found
    }

    /// Writes entries under `destination`: inside it when a folder's contents or several entries go
    /// there or it is a folder already, else as that path. `owner` nil keeps each entry's owner (the
    /// legacy builder's COPY --from without --chown); `mode` (--chmod) applies to files.
    static func place(_ entries: [(relative: String, entry: LayerEntry)], at destination: String, copyingFolderContents: Bool,
                      owner: ShellProcess.User?, mode: UInt32?, in fileSystem: inout ContainerFileSystem) {
        let intoFolder = copyingFolderContents || fileSystem.entry(at: destination)?.isDirectory == true
        let base = intoFolder ? destination : LayerPath.parent(of: destination)
        let folderOwner = owner ?? .root
        fileSystem.createDirectories(base, uid: folderOwner.uid, gid: folderOwner.gid)
        for (relative, entry) in entries {
            var placed = entry
            placed.path = intoFolder ? LayerPath.normalize(base + "/" + relative) : destination
            if let owner {
                placed.uid = owner.uid
                placed.gid = owner.gid
            }
            if let mode, !placed.isDirectory { placed.mode = mode }
            fileSystem.createDirectories(LayerPath.parent(of: placed.path), uid: folderOwner.uid, gid: folderOwner.gid)
            fileSystem.write(placed)
        }
    }

    /// The user a `--chown` names, as the stage's passwd and group files have them.
    static func owner(_ chown: String, in fileSystem: ContainerFileSystem) -> ShellProcess.User? {
        ShellProcess(fileSystem: fileSystem, environment: [:]).resolveOwner(chown)
    }

    /// The daemon's error for a `--chown` user the stage does not have (moby's parseChownFlag, wrapped).
    static func unknownOwnerMessage(_ chown: String) -> String {
        let name = chown.split(separator: ":").first ?? ""
        return "unable to convert uid/gid chown string to host mapping: can't find uid for user \(name): no such user: \(name)"
    }

    /// An archive ADD cannot unpack.
    struct UnsupportedArchive: Error {
        var message: String
    }

    /// A context file's entries when it is a tar archive (plain or gzip) that ADD unpacks; nil when it
    /// is not an archive, which ADD copies as it is.
    static func unpackedArchive(_ file: BuildContext.File) throws(UnsupportedArchive) -> Layer? {
        let bytes = file.content.data
        let magic = [UInt8](bytes.prefix(6))
        let compressedByOther = magic.starts(with: [0x42, 0x5a, 0x68]) || magic.starts(with: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])
        if compressedByOther && [".bz2", ".xz", ".tbz", ".txz"].contains(where: file.path.hasSuffix) {
            throw UnsupportedArchive(message: "layerlab cannot unpack bzip2 or xz archives (\(file.path)); repack it as .tar or .tar.gz")
        }
        do {
            let tar = GzipDecompressor.isGzip(bytes) ? try GzipDecompressor.decompress(bytes) : bytes
            guard tar.count >= 512, String(decoding: tar[tar.startIndex + 257 ..< tar.startIndex + 262], as: UTF8.self) == "ustar" else {
                return nil
            }
            return try TarReader.layer(tar)
        } catch {
            // A file that only looks like an archive is copied as it is, as both builders do.
            return nil
        }
    }
}
