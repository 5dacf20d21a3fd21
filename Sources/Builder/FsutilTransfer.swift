/// How many bytes BuildKit reports for a transfer from the client (`transferring dockerfile: 67B`,
/// `transferring context: …`): not the files' sizes but the protobuf-encoded size of every fsutil packet
/// the daemon receives (fsutil receive.go, `size += p.Size()`, FIN included): one STAT packet per entry,
/// an empty STAT ending the walk, DATA packets of up to 32 KiB and an empty DATA ending each file, and
/// the FIN. Worked through for a 30-byte Dockerfile, this gives 67B, which the reference engine prints.
struct FsutilTransfer {
    struct Entry {
        var path: String
        /// Permission bits (the Go FileMode's type bits are added from `kind`).
        var permissions: UInt32
        var size: Int
        var kind: Kind
        var linkTarget: String = ""
        /// False for a file the daemon already has unchanged: its STAT goes, its content does not.
        var sendsContent = true

        enum Kind { case file, directory, symlink }
    }

    /// fsutil's send buffer (`bufPool`: 32*1<<10).
    static let chunkSize = 32 * 1024
    /// A modification time in nanoseconds since 1970 takes nine bytes as a varint until 2262.
    static let modTimeVarintBytes = 9

    var entries: [Entry] = []

    /// An entry's STAT packet: the Stat message (path, mode, size, modTime, linkname; uid and gid are
    /// reset to 0 by the client, so omitted) inside the packet's `stat` field.
    static func statPacketSize(_ entry: Entry) -> Int {
        var stat = field(bytes: entry.path.utf8.count)
        stat += 1 + varintSize(UInt64(goFileMode(entry)))
        if entry.kind == .file, entry.size > 0 { stat += 1 + varintSize(UInt64(entry.size)) }
        stat += 1 + modTimeVarintBytes
        if !entry.linkTarget.isEmpty { stat += field(bytes: entry.linkTarget.utf8.count) }
        return field(bytes: stat)
    }

    /// Total bytes received for these entries, in walk order; each entry's ID is its place in that
    /// order (a DATA packet names it, except ID 0).
    var size: Int {
        var total = entries.reduce(0) { $0 + Self.statPacketSize($1) }
        for (id, entry) in entries.enumerated() where entry.kind == .file && entry.size > 0 && entry.sendsContent {
            // type=DATA (2 bytes), the file's ID (omitted when 0), then the chunk.
            let header = 2 + (id == 0 ? 0 : 1 + Self.varintSize(UInt64(id)))
            var remaining = entry.size
            while remaining > 0 {
                let chunk = min(remaining, Self.chunkSize)
                total += header + Self.field(bytes: chunk)
                remaining -= chunk
            }
            total += header
        }
        return total + 2
    }

    /// One file sent alone, as the Dockerfile and `.dockerignore` are.
    static func single(named name: String, size: Int, permissions: UInt32 = 0o644) -> Int {
        FsutilTransfer(entries: [Entry(path: name, permissions: permissions, size: size, kind: .file)]).size
    }

    private static func goFileMode(_ entry: Entry) -> UInt32 {
        switch entry.kind {
        case .file: entry.permissions & 0o7777
        case .directory: (1 << 31) | (entry.permissions & 0o7777)
        case .symlink: (1 << 27) | (entry.permissions & 0o7777)
        }
    }

    /// A length-delimited field: its tag, the length as a varint, the bytes.
    private static func field(bytes: Int) -> Int { 1 + varintSize(UInt64(bytes)) + bytes }

    static func varintSize(_ value: UInt64) -> Int {
        var bytes = 1
        var rest = value >> 7
        while rest > 0 {
            bytes += 1
            rest >>= 7
        }
        return bytes
    }
}
