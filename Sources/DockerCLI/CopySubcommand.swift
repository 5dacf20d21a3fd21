import Engine
import Foundation
import LayerlabBasics
import LayerStore
import Shell

/// `docker cp`: files between the learner's workspace and a container's writable layer, running or
/// not, with the Docker CLI's rules for where a copy lands (into an existing folder, or under the
/// new name). What is copied in shows in `docker diff` and in a `docker commit`.
enum CopySubcommand {
    /// Above this, a copy is refused either way (the engine's limit, which the Engine API keeps too).
    static let sizeLimit = Engine.copySizeLimit

    static let copy = DockerSubcommand(
        names: [["cp"], ["container", "cp"]],
        usage: "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH\n\tdocker cp [OPTIONS] SRC_PATH CONTAINER:DEST_PATH",
        summary: "Copy files/folders between a container and the local filesystem",
        flags: [
            FlagSpec(long: "archive", short: "a", takesValue: false, help: "Archive mode (copy all uid/gid information)"),
            FlagSpec(long: "follow-link", short: "L", takesValue: false, help: "Always follow symlinks in SRC_PATH"),
            FlagSpec(long: "quiet", short: "q", takesValue: false, help: "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
        ],
        arity: .exactly(2)
    ) { invocation in
        let (sourceContainer, sourcePath) = split(invocation.arguments.operands[0])
        let (targetContainer, targetPath) = split(invocation.arguments.operands[1])
        guard sourcePath != "-" && targetPath != "-" else { throw EngineError.unsupported("docker cp with - (a tar stream on standard input or output)") }
        // The CLI reports a copy only to a terminal.
        let reports = invocation.context.style.isTerminal && !invocation.arguments.has("quiet")
        switch (sourceContainer, targetContainer) {
        case (nil, let container?):
            let copied = try copyIn(from: sourcePath, to: targetPath, container: container, invocation: invocation)
            if reports { invocation.io.printError("Successfully copied \(DockerFormat.size(copied)) to \(container):\(targetPath)") }
        case (let container?, nil):
            let (copied, destination) = try copyOut(from: sourcePath, container: container, to: targetPath, invocation: invocation)
            if reports { invocation.io.printError("Successfully copied \(DockerFormat.size(copied)) to \(destination)") }
        case (.some, .some):
            throw CommandFailure("copying between containers is not supported", exitStatus: 1)
        case (nil, nil):
            throw CommandFailure("must specify at least one container source", exitStatus: 1)
        }
        return 0
    }

    /// `web:/path` → ("web", "/path"); a local path with `:` must start with `/` or `.`.
    static func split(_ argument: String) -> (container: String?, path: String) {
        guard !argument.hasPrefix("/"), let colon = argument.firstIndex(of: ":"), !argument.hasPrefix(".") else { return (nil, argument) }
        return (String(argument[..<colon]), String(argument[argument.index(after: colon)...]))
    }

    /// Copies a workspace file or folder into a container; returns the bytes copied.
    static func copyIn(from source: String, to target: String, container: String, invocation: DockerInvocation) throws -> Int64 {
        let local = try invocation.context.workspace.resolve(source, for: "docker")
        guard local.exists else { throw CommandFailure("lstat \(local.display): no such file or directory", exitStatus: 1) }
        // Measured before anything is read, so a refused copy costs nothing.
        let size = localSize(of: local.url)
        guard size <= sizeLimit else {
            throw CommandFailure("layerlab: \(local.display) holds \(DockerFormat.size(size)); docker cp copies at most \(DockerFormat.size(sizeLimit))",
                                 hint: "copy fewer files, or COPY them in a Dockerfile", exitStatus: 1)
        }
        // As the CLI does: stat the destination, decide the name the copy takes, then have the daemon
        // extract it into an existing folder (docker/cli v28.2.2 cli/command/container/cp.go, copyToContainer).
        let engine = invocation.engine
        let path = LayerPath.normalize("/" + target)
        let stat: ContainerPathStat?
        do {
            stat = try engine.statPath(path, in: container)
        } catch .pathNotFound {
            stat = nil
        }
        let directory: String
        let name: String
        switch stat {
        case let stat? where !stat.targetExists:
            // A link to a missing file: the copy is made where it points.
            if target.hasSuffix("/") { throw CommandFailure("no such directory", exitStatus: 1) }
            directory = LayerPath.parent(of: stat.resolvedPath)
            name = LayerPath.name(of: stat.resolvedPath)
        case let stat? where stat.isDirectory:
            directory = stat.resolvedPath
            name = source.hasSuffix("/.") ? "" : local.url.lastPathComponent
        case let stat?:
            if local.isDirectory { throw CommandFailure("cannot copy directory", exitStatus: 1) }
            directory = LayerPath.parent(of: stat.resolvedPath)
            name = LayerPath.name(of: stat.resolvedPath)
        case nil:
            if target.hasSuffix("/") { throw CommandFailure("no such directory", exitStatus: 1) }
            directory = LayerPath.parent(of: path)
            name = LayerPath.name(of: path)
        }
        let entries = try localEntries(at: local.url, relative: name)
        try engine.extract(entries, into: directory, in: container)
        return size
    }

    /// The bytes of a workspace file, or of the files below a folder (links not followed).
    static func localSize(of url: URL) -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return 0 }
        guard attributes[.type] as? FileAttributeType == .typeDirectory else {
            return attributes[.type] as? FileAttributeType == .typeRegular ? (attributes[.size] as? NSNumber)?.int64Value ?? 0 : 0
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.reduce(0) { $0 + localSize(of: url.appendingPathComponent($1)) }
    }

    /// A workspace file or folder as layer entries (paths relative to it, "" for itself), owned by root.
    static func localEntries(at url: URL, relative: String) throws -> [LayerEntry] {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        let mode = UInt32((attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644)
        switch attributes[.type] as? FileAttributeType {
        case .typeSymbolicLink?:
            return [.symlink(relative, to: try FileManager.default.destinationOfSymbolicLink(atPath: url.path))]
        case .typeDirectory?:
            var entries: [LayerEntry] = [.directory(relative, mode: mode)]
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path).sorted() {
                entries += try localEntries(at: url.appendingPathComponent(name), relative: relative.isEmpty ? name : relative + "/" + name)
            }
            return entries
        default:
            return [.file(relative, .bytes(try Data(contentsOf: url)), mode: mode)]
        }
    }

    /// Copies a container's file or folder into the workspace; returns the bytes and where they went.
    static func copyOut(from source: String, container: String, to target: String, invocation: DockerInvocation) throws -> (Int64, String) {
        let engine = invocation.engine
        let path = LayerPath.normalize("/" + source)
        let name = LayerPath.name(of: path)
        // A link at the end of the path is copied as a link unless -L asks for what it points at.
        var archived = path
        if invocation.arguments.has("follow-link") {
            let stat = try engine.statPath(path, in: container)
            guard stat.targetExists else { throw DaemonFailure(.pathNotFound(path: path, container: container)) }
            archived = stat.resolvedPath
        }
        let entries = try engine.archive(archived, in: container)
        let size = entries.reduce(0) { $0 + ($1.isDirectory ? 0 : $1.contentSize) }
        guard size <= sizeLimit else {
            throw CommandFailure("layerlab: \(container):\(path) holds \(DockerFormat.size(size)); docker cp copies at most \(DockerFormat.size(sizeLimit))",
                                 hint: "copy a smaller folder or single files", exitStatus: 1)
        }
        var local = try invocation.context.workspace.resolve(target, for: "docker")
        if local.isDirectory {
            local = local.appending(name.isEmpty ? "root" : name)
        } else if !local.parent.isDirectory {
            throw CommandFailure("invalid output path: directory \(local.parent.display) does not exist", exitStatus: 1)
        }
        var copied: Int64 = 0
        for entry in entries {
            let url = entry.path.isEmpty ? local.url : local.url.appendingPathComponent(entry.path)
            switch entry.kind {
            case .directory:
                // A link already there (one an earlier copy made) is replaced, never followed: creating
                // the folder through it would write the copy wherever it points, outside the workspace too.
                if ContainedPath.isLink(url.path) { try FileManager.default.removeItem(at: url) }
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            case .symlink(let linkTarget):
                try? FileManager.default.removeItem(at: url)
                try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: linkTarget)
            case .file(let content):
                // Written whole and renamed into place, as every layerlab write to the workspace is.
                try content.data.write(to: url, options: .atomic)
                try? FileManager.default.setAttributes([.posixPermissions: NSNumber(value: entry.mode)], ofItemAtPath: url.path)
                copied += content.size
            case .characterDevice:
                // Making a device takes root on the host; the workspace gets none.
                continue
            }
        }
        return (copied, local.display)
    }
}
