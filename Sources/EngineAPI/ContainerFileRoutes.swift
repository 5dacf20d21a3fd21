import Engine
import Foundation
import GoSemantics
import ImageModel
import LayerlabBasics
import LayerStore
import SimulatedWorld

/// A container's files through the Engine API, as moby v28.2.2 answers it (api/server/router/
/// container/copy.go, container_routes.go): what changed (`docker diff`), a path's stat, its files
/// as a tar and a tar written in (`docker cp` both ways), and the changes made an image
/// (`docker commit`).
struct ContainerFileRoutes: Sendable {
    let world: SimulatedWorld

    /// Answers the request when it is one of these routes; nil when it is not.
    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("GET", let path) where path.count == 3 && path[0] == "containers" && path[2] == "changes":
            let changes = try world.perform { engine throws(EngineError) in try engine.diff(path[1]) }
            // moby's archive.Change; none at all is a nil list.
            let list: JSONValue = changes.isEmpty ? .null : .array(changes.map { change in
                .object([("Path", .string(change.path)), ("Kind", .number(Self.changeKind(change.kind)))])
            })
            return .json(Data(GoJSON.marshal(list).utf8))
        case (let method, let path) where ["HEAD", "GET", "PUT"].contains(method) && path.count == 3 && path[0] == "containers" && path[2] == "archive":
            guard let target = request.query["path"], !target.isEmpty else { throw .invalidRequest("bad parameter: pathcannot be empty") }
            switch method {
            case "HEAD": return try headArchive(target, in: path[1])
            case "GET": return try getArchive(target, in: path[1])
            default: return try putArchive(request, into: target, in: path[1])
            }
        case ("POST", ["commit"]):
            return try commit(request)
        default:
            return nil
        }
    }

    /// moby's ChangeType: 0 modified, 1 added, 2 deleted.
    static func changeKind(_ kind: Character) -> Int64 {
        switch kind {
        case "A": 1
        case "D": 2
        default: 0
        }
    }

    /// `HEAD /containers/{id}/archive?path=`: the path's stat in the `X-Docker-Container-Path-Stat`
    /// header, which the CLI reads to decide where a copy lands.
    private func headArchive(_ target: String, in name: String) throws(EngineError) -> APIResponse {
        let stat = try world.perform { engine throws(EngineError) in try engine.statPath(target, in: name) }
        return APIResponse(status: 200, headers: [(Self.statHeader, Self.encodedStat(stat, path: target))], body: Data())
    }

    /// `GET /containers/{id}/archive?path=`: the file or folder as a tar whose top entry takes the
    /// path's last name (a link at the end is the link), with the stat header.
    private func getArchive(_ target: String, in name: String) throws(EngineError) -> APIResponse {
        let (stat, entries) = try world.perform { engine throws(EngineError) in
            let stat = try engine.statPath(target, in: name)
            let entries = try engine.archive(target, in: name)
            return (stat, entries)
        }
        let size = entries.reduce(Int64(0)) { $0 + ($1.isDirectory ? 0 : $1.contentSize) }
        guard size <= Engine.copySizeLimit else {
            throw .unsupported("a docker cp of more than \(Engine.copySizeLimit) bytes (\(name):\(target) holds \(size))")
        }
        let body = Self.tar(entries, top: Self.archiveName(target))
        return APIResponse(status: 200, headers: [(Self.statHeader, Self.encodedStat(stat, path: target)), ("Content-Type", "application/x-tar")], body: body)
    }

    /// `PUT /containers/{id}/archive?path=&noOverwriteDirNonDir=&copyUIDGID=`: the tar in the body
    /// extracted into the folder at `path`, which must exist. Entries keep the owners the tar gives
    /// them, as moby's untar does; `copyUIDGID` would give them the container's USER instead.
    private func putArchive(_ request: APIRequest, into target: String, in name: String) throws(EngineError) -> APIResponse {
        let entries = try Self.entries(ofArchive: request.body)
        let size = entries.reduce(Int64(0)) { $0 + ($1.isDirectory ? 0 : $1.contentSize) }
        guard size <= Engine.copySizeLimit else {
            throw .unsupported("a docker cp of more than \(Engine.copySizeLimit) bytes (the archive holds \(size))")
        }
        let noOverwriteDirNonDir = request.flag("noOverwriteDirNonDir")
        let copyUIDGID = request.flag("copyUIDGID")
        try world.perform { engine throws(EngineError) in
            guard let container = engine.container(name) else { throw EngineError.noSuchContainer(name) }
            if copyUIDGID && !container.user.isEmpty {
                throw EngineError.unsupported("docker cp --archive into a container with a USER (\(container.user))")
            }
            try engine.extract(entries, into: target, in: name, noOverwriteDirNonDir: noOverwriteDirNonDir)
        }
        return APIResponse(status: 200, headers: [], body: Data())
    }

    /// A tar copied in as entries relative to the folder it goes into: its own `.` left out (moby's
    /// untar leaves the folder as it is), a hard link as a copy of the file it links to (layerlab's
    /// layers have no hard links). Whiteout names, devices and pipes are refused rather than written
    /// as something else.
    static func entries(ofArchive archive: Data) throws(EngineError) -> [LayerEntry] {
        let items: [TarReader.Entry]
        do {
            items = try TarReader.entries(archive)
        } catch {
            throw .invalidArchive(error.message)
        }
        var entries: [LayerEntry] = []
        var files: [String: LayerEntry] = [:]
        for item in items {
            let path = LayerPath.normalize("/" + item.name)
            guard path != "/" else { continue }
            let relative = String(path.dropFirst())
            if LayerPath.name(of: path).hasPrefix(".wh.") {
                throw .unsupported("copying a file named .wh.* (a whiteout in a layer) into a container")
            }
            var mode = item.mode & 0o7777
            let kind: LayerEntry.Kind
            switch item.type {
            case UInt8(ascii: "5"):
                kind = .directory
            case UInt8(ascii: "2"):
                kind = .symlink(target: item.linkName)
            case UInt8(ascii: "1"):
                guard let linked = files[String(LayerPath.normalize("/" + item.linkName).dropFirst())], case .file(let content) = linked.kind else {
                    throw .unsupported("copying a hard link to a file outside the archive into a container")
                }
                kind = .file(content)
                mode = linked.mode
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                kind = .file(.bytes(item.content))
            default:
                throw .unsupported("copying a device or a pipe (tar entry type \(item.type)) into a container")
            }
            let entry = LayerEntry(path: relative, kind: kind, mode: mode, uid: item.uid, gid: item.gid, modificationTime: item.modificationTime)
            if case .file = kind { files[relative] = entry }
            entries.append(entry)
        }
        return entries
    }

    /// `POST /commit?container=&repo=&tag=&comment=&author=&changes=`: the container's changes as a
    /// new image, tagged when a repository is given; 201 with its ID.
    private func commit(_ request: APIRequest) throws(EngineError) -> APIResponse {
        if (request.queryValues["changes"] ?? []).contains(where: { !$0.isEmpty }) {
            throw .unsupported("docker commit --change")
        }
        let body = String(decoding: request.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if !body.isEmpty && body != "null" {
            throw .unsupported("a container configuration in the body of POST /commit")
        }
        var reference: ImageReference?
        if let repository = request.query["repo"], !repository.isEmpty {
            let tag = request.query["tag"] ?? ""
            let typed = tag.isEmpty ? repository : repository + ":" + tag
            do {
                reference = try ImageReference.parse(typed)
            } catch {
                throw .invalidReference(typed, error.message)
            }
        }
        let container = request.query["container"] ?? ""
        let message = request.query["comment"].flatMap { $0.isEmpty ? nil : $0 }
        let author = request.query["author"].flatMap { $0.isEmpty ? nil : $0 }
        let record = try world.perform { engine throws(EngineError) in
            try engine.commitContainer(container, as: reference, message: message, author: author)
        }
        return .json(Data(GoJSON.marshal(.object([("Id", .string(record.id.description))])).utf8), status: 201)
    }

    static let statHeader = "X-Docker-Container-Path-Stat"

    /// moby's container.PathStat as the header carries it: base64 of its JSON. The mode is Go's
    /// os.FileMode (type bits above the permissions); a link's target is the path it finally leads to.
    static func encodedStat(_ stat: ContainerPathStat, path: String) -> String {
        let entry = stat.entry
        var mode = Int64(entry.mode & 0o777)
        if entry.mode & 0o4000 != 0 { mode |= 1 << 23 }
        if entry.mode & 0o2000 != 0 { mode |= 1 << 22 }
        if entry.mode & 0o1000 != 0 { mode |= 1 << 20 }
        var size = entry.contentSize
        var linkTarget = ""
        switch entry.kind {
        case .directory:
            mode |= 1 << 31
            size = 4096
        case .symlink:
            mode |= 1 << 27
            linkTarget = stat.resolvedPath
        case .characterDevice:
            // os.ModeDevice | os.ModeCharDevice
            mode |= (1 << 26) | (1 << 21)
        case .file:
            break
        }
        let json = GoJSON.marshal(.object([
            ("name", .string(archiveName(path))), ("size", .number(size)), ("mode", .number(mode)),
            ("mtime", .string(GoTime.rfc3339Nano(Date(timeIntervalSince1970: TimeInterval(entry.modificationTime))))),
            ("linkTarget", .string(linkTarget)),
        ]))
        return Data(json.utf8).base64EncodedString()
    }

    /// The name the path's top entry takes (Go's filepath.Base, with a trailing `/.` kept as moby's
    /// archive keeps it: the folder's contents rather than the folder).
    static func archiveName(_ path: String) -> String {
        if path == "." || path.hasSuffix("/.") { return "." }
        let normalized = LayerPath.normalize("/" + path)
        return normalized == "/" ? "/" : LayerPath.name(of: normalized)
    }

    /// Entries (paths relative to the top, "" for the top itself) as a tar under the top's name.
    static func tar(_ entries: [LayerEntry], top: String) -> Data {
        var data = Data()
        let writer = TarWriter { chunk in data.append(contentsOf: chunk) }
        for entry in entries {
            writer.write(entry, named: entry.path.isEmpty ? top : top + "/" + entry.path)
        }
        writer.finish()
        return data
    }
}
