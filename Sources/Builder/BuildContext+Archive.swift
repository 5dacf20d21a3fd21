import Dockerfile
import Foundation
import LayerStore

/// The context as the classic builder receives it through the Engine API (`POST /build`): the tar the
/// Docker CLI made of the folder. The CLI already left out what `.dockerignore` excludes, but always
/// sends the Dockerfile and `.dockerignore` (docker/cli v28.2.2 cli/command/image/build.go,
/// TrimBuildFilesFromExcludes); the daemon takes those two out when the file names them (moby v28.2.2
/// builder/remotecontext/detect.go removeDockerfile, which matches each with MatchesOrParentMatches).
extension BuildContext {
    /// Every entry of the tar as a context file, the folders above each included (a tar need not list
    /// them). A hard link is a copy of the file it links to (the tar names that file first); a device or
    /// a pipe is refused rather than taken for something else.
    public static func files(ofArchive archive: Data) throws(BuildError) -> [String: File] {
        let entries: [TarReader.Entry]
        do {
            entries = try TarReader.entries(archive)
        } catch {
            throw .failed("the build context is not a tar archive: \(error.message)")
        }
        var files: [String: File] = [:]
        for entry in entries {
            let path = String(LayerPath.normalize("/" + entry.name).dropFirst())
            guard !path.isEmpty else { continue }
            var parent = path
            while let slash = parent.lastIndex(of: "/") {
                parent = String(parent[..<slash])
                if files[parent] == nil { files[parent] = File(path: parent, isDirectory: true, mode: 0o755, content: .bytes(Data())) }
            }
            // Go's archive/tar adds the file type's bits to the mode (c_ISDIR, c_ISREG): the permissions alone.
            let mode = entry.mode & 0o7777
            let modified = Date(timeIntervalSince1970: TimeInterval(entry.modificationTime))
            switch entry.type {
            case UInt8(ascii: "5"):
                files[path] = File(path: path, isDirectory: true, mode: mode, content: .bytes(Data()), modified: modified)
            case UInt8(ascii: "2"):
                files[path] = File(path: path, isDirectory: false, mode: 0o777, content: .bytes(Data()), linkTarget: entry.linkName)
            case UInt8(ascii: "1"):
                let target = String(LayerPath.normalize("/" + entry.linkName).dropFirst())
                guard let linked = files[target], !linked.isDirectory, linked.linkTarget == nil else {
                    throw .failed("the build context's \(path) is a hard link to \(entry.linkName), which is no file before it in the archive")
                }
                files[path] = File(path: path, isDirectory: false, mode: mode, content: linked.content, modified: modified)
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                files[path] = File(path: path, isDirectory: false, mode: mode, content: .bytes(entry.content), modified: modified)
            default:
                throw .failed("layerlab: the build context's \(path) is a device or a pipe (tar entry type \(entry.type)), which layerlab does not simulate")
            }
        }
        return files
    }

    /// The context the daemon builds from, given the tar's files and the Dockerfile's path among them:
    /// `.dockerignore` and the Dockerfile taken out when `.dockerignore` names them. Patterns the daemon
    /// cannot read take nothing out, as there (removeDockerfile leaves the matcher's error aside).
    public init(received files: [String: File], dockerfile: String) {
        var files = files
        let ignore = files[".dockerignore"].flatMap { file -> Data? in file.isDirectory || file.linkTarget != nil ? nil : file.content.data }
        if let matcher = try? Self.ignoreMatcher(ignore) {
            for name in [".dockerignore", dockerfile] where (try? matcher.isExcludedClassic(name)) ?? false {
                // As os.RemoveAll: a folder goes with what is in it.
                files = files.filter { $0.key != name && !$0.key.hasPrefix(name + "/") }
            }
        }
        self.init(files: files)
    }
}
