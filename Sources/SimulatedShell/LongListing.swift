import Foundation
import LayerStore

/// `ls -l` as busybox prints it: mode, links, owner and group (numbers with -n), size, time, name,
/// and a folder's `total` of 1K blocks.
struct LongListing {
    let fileSystem: ContainerFileSystem
    let accounts: Accounts
    /// `-n`: owners and groups as numbers.
    let numeric: Bool

    init(_ process: any ProcessEnvironment, numeric: Bool) {
        fileSystem = process.fileSystem
        accounts = Accounts(of: process)
        self.numeric = numeric
    }

    /// One line: mode, links, owner and group, size, time, name.
    func line(_ name: String, _ path: String) -> String {
        guard let entry = fileSystem.entry(at: path) else { return name }
        let kind: String
        var suffix = ""
        var size = entry.contentSize
        var links = 1
        switch entry.kind {
        case .directory:
            kind = "d"
            size = 4096
            links = 2 + fileSystem.children(of: path).filter { fileSystem.entry(at: path == "/" ? "/" + $0 : path + "/" + $0)?.isDirectory == true }.count
        case .file: kind = "-"
        case .symlink(let target):
            kind = "l"
            suffix = " -> \(target)"
            size = Int64(target.utf8.count)
        case .characterDevice:
            kind = "c"
        }
        let letters = Array("rwxrwxrwx")
        let bits = (0..<9).map { entry.mode & (1 << (8 - UInt32($0))) != 0 ? letters[$0] : "-" }
        let owner = numeric ? String(entry.uid) : String(accounts.userName(entry.uid).prefix(8))
        let group = numeric ? String(entry.gid) : String(accounts.groupName(entry.gid).prefix(8))
        func padded(_ text: String, _ width: Int, left: Bool) -> String {
            let room = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + room : room + text
        }
        // A device shows its numbers where a file shows its size: `   1,   3`.
        var sizeColumn = padded(String(size), 9, left: false)
        if case .characterDevice(let major, let minor) = entry.kind { sizeColumn = padded(String(major), 4, left: false) + "," + padded(String(minor), 4, left: false) }
        return "\(kind)\(String(bits)) \(padded(String(links), 4, left: false)) \(padded(owner, 8, left: true)) \(padded(group, 8, left: true)) "
            + "\(sizeColumn) \(Self.time(entry.modificationTime)) \(name)\(suffix)"
    }

    /// The `total` of a folder's listing: the 1K blocks its entries take.
    func totalBlocks(_ paths: [String]) -> Int {
        paths.compactMap { fileSystem.entry(at: $0) }.reduce(0) { $0 + Self.kilobyteBlocks($1) }
    }

    /// The 1K blocks a file takes on a 4K-block filesystem, as `ls -l`'s total counts them.
    private static func kilobyteBlocks(_ entry: LayerEntry) -> Int {
        switch entry.kind {
        case .directory: 4
        case .symlink, .characterDevice: 0
        case .file: Int((entry.contentSize + 4095) / 4096) * 4
        }
    }

    /// busybox's time for a file older than six months, `Mon DD  YYYY` (layerlab's files keep the
    /// fixed time the builder gives them, 1970, as it does not track when they were written).
    private static func time(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM dd  yyyy"
        var text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        // The day is padded with a space, not a zero.
        let dayStart = text.index(text.startIndex, offsetBy: 4)
        if text[dayStart] == "0" { text.replaceSubrange(dayStart...dayStart, with: " ") }
        return text
    }
}
