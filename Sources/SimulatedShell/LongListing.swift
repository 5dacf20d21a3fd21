import Foundation
import LayerStore

/// `ls -l` as each build prints it: mode, links, owner and group (numbers with -n), size (`-h`
/// readable), time, name, and a folder's `total` of 1K blocks. BusyBox pads every column to a fixed
/// width; GNU pads each to the widest cell of the listing (`-rw-r--r-- 1 root root 120 …`).
struct LongListing {
    let fileSystem: ContainerFileSystem
    let accounts: Accounts
    /// `-n`: owners and groups as numbers.
    let numeric: Bool
    /// `-h`: sizes as `4.0K`.
    let human: Bool
    let flavor: ToolFlavor
    /// Seconds since 1970 now, which decides whether a time shows its hour or its year.
    let now: Int64

    init(_ process: any ProcessEnvironment, numeric: Bool, human: Bool, flavor: ToolFlavor) {
        fileSystem = process.fileSystem
        accounts = Accounts(of: process)
        self.numeric = numeric
        self.human = human
        self.flavor = flavor
        now = Int64(process.now.timeIntervalSince1970)
    }

    /// The lines of entries listed together (`name` as shown, `path` where it is).
    func lines(_ items: [(name: String, path: String)]) -> [String] {
        let rows = items.compactMap { row($0.name, $0.path) }
        switch flavor {
        case .busybox:
            return rows.map { row in
                let size = human ? padded(row.size, 7, left: false) : padded(row.size, 9, left: false)
                return "\(row.mode) \(padded(row.links, 4, left: false)) \(padded(String(row.owner.prefix(8)), 8, left: true)) "
                    + "\(padded(String(row.group.prefix(8)), 8, left: true)) \(size) \(row.time) \(row.name)"
            }
        case .gnu:
            let links = rows.map(\.links.count).max() ?? 0
            let owner = rows.map(\.owner.count).max() ?? 0
            let group = rows.map(\.group.count).max() ?? 0
            let size = rows.map(\.size.count).max() ?? 0
            return rows.map { row in
                "\(row.mode) \(padded(row.links, links, left: false)) \(padded(row.owner, owner, left: true)) \(padded(row.group, group, left: true)) "
                    + "\(padded(row.size, size, left: false)) \(row.time) \(row.name)"
            }
        }
    }

    private struct Row {
        var mode: String
        var links: String
        var owner: String
        var group: String
        var size: String
        var time: String
        var name: String
    }

    private func row(_ name: String, _ path: String) -> Row? {
        guard let entry = fileSystem.entry(at: path) else { return nil }
        var shown = name
        var size = entry.contentSize
        var links = 1
        switch entry.kind {
        case .directory:
            size = 4096
            links = 2 + fileSystem.children(of: path).filter { fileSystem.entry(at: path == "/" ? "/" + $0 : path + "/" + $0)?.isDirectory == true }.count
        case .file: break
        case .symlink(let target): shown += " -> \(target)"
        case .characterDevice: break
        }
        return Row(
            mode: Self.modeString(entry), links: String(links),
            owner: numeric ? String(entry.uid) : accounts.userName(entry.uid),
            group: numeric ? String(entry.gid) : accounts.groupName(entry.gid),
            size: deviceNumbers(entry) ?? (human ? HumanSize.format(size, flavor) : String(size)),
            time: time(entry.modificationTime), name: shown
        )
    }

    /// Where a file shows its size a device shows its numbers: BusyBox `   1,   3`, GNU `1, 3`.
    private func deviceNumbers(_ entry: LayerEntry) -> String? {
        guard case .characterDevice(let major, let minor) = entry.kind else { return nil }
        return flavor == .busybox ? padded(String(major), 4, left: false) + "," + padded(String(minor), 4, left: false) : "\(major), \(minor)"
    }

    private func padded(_ text: String, _ width: Int, left: Bool) -> String {
        let room = String(repeating: " ", count: max(0, width - text.count))
        return left ? text + room : room + text
    }

    /// `drwxr-xr-x`, `-rwsr-xr-x`, `drwxrwxrwt`: the type letter, then the permission bits with the
    /// set-user-ID, set-group-ID and sticky bits in the execute places (capital when execute is off).
    static func modeString(_ entry: LayerEntry) -> String {
        let type: Character = switch entry.kind {
        case .directory: "d"
        case .file: "-"
        case .symlink: "l"
        case .characterDevice: "c"
        }
        let mode = entry.mode
        func triple(_ shift: UInt32, special: Bool, letter: Character) -> String {
            let bits = (mode >> shift) & 7
            var text = ""
            text += bits & 4 != 0 ? "r" : "-"
            text += bits & 2 != 0 ? "w" : "-"
            if special {
                text += bits & 1 != 0 ? String(letter) : letter.uppercased()
            } else {
                text += bits & 1 != 0 ? "x" : "-"
            }
            return text
        }
        return String(type) + triple(6, special: mode & 0o4000 != 0, letter: "s") + triple(3, special: mode & 0o2000 != 0, letter: "s")
            + triple(0, special: mode & 0o1000 != 0, letter: "t")
    }

    /// The `total` of a folder's listing: the 1K blocks its entries take.
    func totalBlocks(_ paths: [String]) -> Int64 {
        paths.compactMap { fileSystem.entry(at: $0) }.reduce(0) { $0 + Self.kilobyteBlocks($1) }
    }

    /// The 1K blocks an entry takes on a 4K-block filesystem (ext4 under overlayfs), as `ls -s`, `du`
    /// and `stat` count them: a 1-byte file takes 4, a fast symlink none.
    static func kilobyteBlocks(_ entry: LayerEntry) -> Int64 {
        switch entry.kind {
        case .directory: 4
        case .symlink, .characterDevice: 0
        case .file(let content): (content.size + 4095) / 4096 * 4
        }
    }

    /// `Jan  1 10:00` for a time in the last six months, `Jan  1  1970` otherwise. BusyBox also shows
    /// the hour for up to 15 minutes into the future; GNU never does (coreutils ls.c, busybox ls.c).
    private func time(_ seconds: Int64) -> String {
        let age = now - seconds
        let recent = switch flavor {
        case .busybox: age < 365 * 24 * 3600 / 2 && age > -15 * 60
        case .gnu: age < 31_556_952 / 2 && age >= 0
        }
        return Strftime.format(recent ? "%b %e %H:%M" : "%b %e  %Y", seconds)
    }
}
