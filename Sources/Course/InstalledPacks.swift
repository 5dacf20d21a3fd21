import Foundation
import LayerlabBasics
import LayerStore
import LessonPack

/// Packs installed into a layerlab home (`$LAYERLAB_HOME/packs/ID`), side by side with the built-in
/// course. A pack is checked before it is installed, and an archive is unpacked only if every entry
/// stays inside the pack and the whole stays small.
public struct InstalledPacks {
    static let maximumArchiveSize: Int64 = 100_000_000

    public let folder: URL

    public init(home: URL) {
        folder = home.appendingPathComponent("packs")
    }

    /// The installed packs, by ID.
    public var all: [LessonPack] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap { try? CourseLocator.load(folder.appendingPathComponent($0)) }
    }

    public func folder(of id: String) -> URL? {
        let candidate = folder.appendingPathComponent(id)
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pack.yaml").path) ? candidate : nil
    }

    /// What installing a pack did: the pack, and the exercises of the version it replaced that it no
    /// longer has (progress in those stays recorded but no longer shows).
    public struct Installation {
        public var pack: LessonPack
        public var droppedExercises: [String]
    }

    /// Installs a pack folder or `.tar.gz`, replacing an installed version of the same ID.
    public func add(_ source: URL) throws -> Installation {
        removeAbandonedStaging()
        let staging = folder.appendingPathComponent(".staging-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if source.path.hasSuffix(".tar.gz") || source.path.hasSuffix(".tgz") {
            try unpack(source, into: staging)
        } else {
            // Copying a named pipe would wait for a writer forever; a pack has no use for one.
            if let special = Self.firstSpecialFile(in: source) {
                throw PackError("\(special) is not a plain file, folder or link; it was not installed",
                                hint: "a pack holds only folders, plain files and links inside it: remove it from the pack")
            }
            try FileManager.default.copyItem(at: source, to: staging)
        }
        // An archive may hold the pack in one top folder.
        var root = staging
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []
        if !FileManager.default.fileExists(atPath: staging.appendingPathComponent("pack.yaml").path), entries.count == 1 {
            root = staging.appendingPathComponent(entries[0])
        }
        let (pack, problems) = CourseLocator.validate(root)
        let errors = problems.filter { $0.severity == .error }
        guard let pack, errors.isEmpty else {
            throw PackError("the pack has \(errors.count) problem\(errors.count == 1 ? "" : "s"); it was not installed",
                            hint: "run 'layerlab pack validate \(source.path)' to see them")
        }
        let target = folder.appendingPathComponent(pack.manifest.id)
        let keys = { (pack: LessonPack) in pack.exercises.map { "\($0.lesson.id)/\($0.exercise.id)" } }
        let previous = (try? CourseLocator.load(target)).map(keys) ?? []
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: root, to: target)
        let installed = try CourseLocator.load(target)
        let kept = Set(keys(installed))
        return Installation(pack: installed, droppedExercises: previous.filter { !kept.contains($0) })
    }

    /// A pipe, socket or device below `folder`, found without opening anything (`lstat` only).
    static func firstSpecialFile(in folder: URL) -> String? {
        var pending = [folder.path]
        while let path = pending.popLast() {
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                pending += names.map { path + "/" + $0 }
            case S_IFREG, S_IFLNK:
                continue
            default:
                return path
            }
        }
        return nil
    }

    /// Staging folders of an `add` that was killed half-way (a finished one removes its own). Another
    /// `pack add` may be staging right now, so only folders untouched for ten minutes go.
    func removeAbandonedStaging() {
        Leftovers.remove(in: folder, prefix: ".staging-", olderThan: 600)
    }

    public func remove(_ id: String) throws {
        guard let installed = folder(of: id) else {
            throw PackError("no pack '\(id)' is installed", hint: "'layerlab pack list' shows the installed packs")
        }
        try FileManager.default.removeItem(at: installed)
    }

    /// Unpacks a gzip-compressed tar, refusing absolute paths, `..`, links and oversized content.
    func unpack(_ archive: URL, into target: URL) throws {
        guard let compressed = FileManager.default.contents(atPath: archive.path) else { throw PackError("cannot read \(archive.path)") }
        guard let bytes = try? GzipDecompressor.decompress(compressed, limit: Int(Self.maximumArchiveSize)) else {
            throw PackError("\(archive.lastPathComponent) is not a gzip archive of at most 100 MB")
        }
        let entries: [TarReader.Entry]
        do {
            entries = try TarReader.entries(bytes)
        } catch {
            throw PackError("\(archive.lastPathComponent) is not a valid tar archive: \(error.message)")
        }
        for entry in entries {
            let path = entry.name.hasPrefix("./") ? String(entry.name.dropFirst(2)) : entry.name
            guard !path.isEmpty else { continue }
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw PackError("\(archive.lastPathComponent) has an entry outside the pack: \(entry.name)", hint: "a pack archive holds only paths inside the pack")
            }
            let url = target.appendingPathComponent(path)
            switch entry.type {
            case UInt8(ascii: "5"), UInt8(ascii: "0"), 0:
                // A path that is a file in one entry and a folder in another cannot be unpacked.
                let folder = entry.type == UInt8(ascii: "5") ? url : url.deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    if entry.type != UInt8(ascii: "5") { try entry.content.write(to: url) }
                } catch {
                    let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code ?? (error as NSError).code
                    guard code == Int(EEXIST) || code == Int(ENOTDIR) || (error as? CocoaError)?.code == .fileWriteFileExists else {
                        throw PackError("\(archive.lastPathComponent) cannot be unpacked at \(entry.name): \((error as NSError).localizedFailureReason ?? error.localizedDescription)")
                    }
                    throw PackError("\(archive.lastPathComponent) cannot be unpacked at \(entry.name): a name in it is both a file and a folder",
                                    hint: "make the archive again from the pack folder: tar czf PACK.tar.gz -C PACK .")
                }
            default:
                throw PackError("\(archive.lastPathComponent) has a link or special file: \(entry.name)", hint: "a pack archive holds only folders and plain files")
            }
        }
    }
}
