import Foundation
import LayerlabBasics
import LayerStore

/// The hash the legacy builder gives what a COPY or ADD takes, written into the step's command
/// (`#(nop) COPY file:<hash> in /dest `), which is what its cache compares: a change to a copied
/// file's content, mode or name misses the cache. moby v28.2.2 builder/dockerfile/copy.go
/// (calcCopyInfo, walkSource, getSourceHashFromInfos) over pkg/tarsum's v1 sums; checked against every
/// hash of the reference engine's transcripts (Tests/BuilderTests/LegacyReference).
enum LegacySourceHash {
    /// One entry as a tar header names it: a folder's name ends in `/`.
    struct Entry {
        var name: String
        var mode: UInt32
        var uid: Int
        var gid: Int
        var kind: LayerEntry.Kind
    }

    /// tarsum v1 of one entry: the header's fields as `key` + value, in tarsum's order and without the
    /// time (name, mode in decimal, uid, gid, size, typeflag, linkname, uname, gname, devmajor,
    /// devminor; the CLI sends no owner names), then the content.
    static func sum(_ entry: Entry) -> String {
        var size: Int64 = 0
        var typeflag = "0"
        var linkname = ""
        var device = (major: 0, minor: 0)
        var content = Data()
        switch entry.kind {
        case .file(let fileContent):
            size = fileContent.size
            content = fileContent.data
        case .directory:
            typeflag = "5"
        case .symlink(let target):
            typeflag = "2"
            linkname = target
        case .characterDevice(let major, let minor):
            typeflag = "3"
            device = (major, minor)
        }
        let header = "name\(entry.name)mode\(entry.mode & 0o7777)uid\(entry.uid)gid\(entry.gid)size\(size)typeflag\(typeflag)linkname\(linkname)unamegnamedevmajor\(device.major)devminor\(device.minor)"
        var hasher = DigestHasher()
        hasher.update(Data(header.utf8))
        hasher.update(content)
        return hasher.finalize().hex
    }

    /// A folder: the sorted sums of every entry below it (and of itself, unless it is the context's
    /// root), joined with commas.
    static func folder(_ sums: [String]) -> String {
        "dir:" + Digest.sha256(of: sums.sorted().joined(separator: ",")).hex
    }

    /// One hash per match of a context source (a wildcard matches several): `file:` for a file, `dir:`
    /// for a folder. The CLI sends every entry as owned by root.
    static func ofContextSource(_ source: String, in context: BuildContext) -> [String] {
        guard let matches = context.match(source) else { return [] }
        return matches.map { match -> String in
            guard match.isDirectory else {
                return "file:" + sum(Entry(name: match.path, mode: match.mode, uid: 0, gid: 0, kind: .file(match.content)))
            }
            var walked = context.contents(of: match.path)
            if !match.path.isEmpty { walked.append(context.files[match.path] ?? match) }
            return folder(walked.map { file -> String in
                let kind: LayerEntry.Kind = if let target = file.linkTarget { .symlink(target: target) }
                    else if file.isDirectory { .directory }
                    else { .file(file.content) }
                return sum(Entry(name: file.isDirectory ? file.path + "/" : file.path, mode: file.mode, uid: 0, gid: 0, kind: kind))
            })
        }
    }

    /// A file COPY makes up rather than takes (ADD's offline placeholder for a URL, a heredoc).
    static func ofMadeFile(named name: String, _ entry: LayerEntry) -> String {
        "file:" + sum(Entry(name: name, mode: entry.mode, uid: 0, gid: 0, kind: entry.kind))
    }

    /// A path of another stage's or an image's filesystem (`COPY --from`), named relative to its root
    /// with the owner it has there. Docker 28's archive package puts no owner names or file-type bits
    /// in the header (moby/go-archive FileInfoHeaderNoLookups); dockerd 20.10 did, so its hashes of
    /// such files differ from these.
    static func ofFileSystemPath(_ path: String, in view: UnionView) -> String {
        func entrySum(_ entry: LayerEntry) -> String {
            sum(Entry(name: String(entry.path.dropFirst()) + (entry.isDirectory ? "/" : ""), mode: entry.mode, uid: entry.uid, gid: entry.gid, kind: entry.kind))
        }
        guard let resolved = view.resolve(path) else { return "" }
        guard resolved.entry.isDirectory else { return "file:" + entrySum(resolved.entry) }
        var sums = path == "/" ? [] : [entrySum(resolved.entry)]
        for child in view.paths where child.hasPrefix(path == "/" ? "/" : path + "/") {
            if let entry = view.resolve(child)?.entry { sums.append(entrySum(entry)) }
        }
        return folder(sums)
    }

    /// The step's source hash: a single source's own, several as `multi:` and the digest of their
    /// hashes joined with commas.
    static func combined(_ hashes: [String]) -> String {
        hashes.count == 1 ? hashes[0] : "multi:" + Digest.sha256(of: hashes.joined(separator: ",")).hex
    }
}
