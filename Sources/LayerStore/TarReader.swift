import Foundation

/// Reads a tar stream (USTAR with PAX long names, as Docker and Go write them) into its entries.
public enum TarReader {
    public struct Entry: Sendable {
        public var name: String
        public var type: UInt8
        public var mode: UInt32
        public var uid: Int
        public var gid: Int
        public var modificationTime: Int64
        public var linkName: String
        /// A device's numbers (0 for other entries).
        public var deviceMajor: Int
        public var deviceMinor: Int
        public var content: Data
    }

    public static func entries(_ data: Data) throws(TarReadError) -> [Entry] {
        let bytes = [UInt8](data)
        var entries: [Entry] = []
        var offset = 0
        var paxPath: String?
        while offset + 512 <= bytes.count {
            let header = Array(bytes[offset..<(offset + 512)])
            if header.allSatisfy({ $0 == 0 }) { break }
            func text(_ start: Int, _ length: Int) -> String {
                let field = header[start..<(start + length)]
                return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
            }
            func octal(_ start: Int, _ length: Int) -> Int64 {
                Int64(text(start, length).trimmingCharacters(in: CharacterSet(charactersIn: " \0")), radix: 8) ?? 0
            }
            let stored = octal(148, 8)
            var checkHeader = header
            for index in 148..<156 { checkHeader[index] = 0x20 }
            guard checkHeader.reduce(0, { $0 + Int64($1) }) == stored else { throw TarReadError(message: "damaged tar header at byte \(offset)") }
            let size = Int(octal(124, 12))
            let type = header[156]
            let contentStart = offset + 512
            // Fields come from whoever sent the archive: a negative size or mode is a damaged header.
            guard size >= 0, (0...Int64(UInt32.max)).contains(octal(100, 8)) else { throw TarReadError(message: "damaged tar header at byte \(offset)") }
            guard contentStart + size <= bytes.count else { throw TarReadError(message: "the archive ends inside \(text(0, 100))") }
            let content = Data(bytes[contentStart..<(contentStart + size)])
            offset = contentStart + (size + 511) / 512 * 512
            if type == UInt8(ascii: "x") {
                for record in String(decoding: content, as: UTF8.self).split(separator: "\n") {
                    if let space = record.firstIndex(of: " "), record[record.index(after: space)...].hasPrefix("path=") {
                        paxPath = String(record[record.index(after: space)...].dropFirst(5))
                    }
                }
                continue
            }
            // GNU tar's long name (`././@LongLink`) names the next entry; a global PAX header says nothing we use.
            if type == UInt8(ascii: "L") {
                paxPath = String(decoding: content.prefix { $0 != 0 }, as: UTF8.self)
                continue
            }
            if type == UInt8(ascii: "g") { continue }
            let prefix = text(345, 155)
            var name = prefix.isEmpty ? text(0, 100) : prefix + "/" + text(0, 100)
            if let paxPath { name = paxPath }
            paxPath = nil
            entries.append(Entry(
                name: name, type: type, mode: UInt32(octal(100, 8)), uid: Int(octal(108, 8)), gid: Int(octal(116, 8)),
                modificationTime: octal(136, 12), linkName: text(157, 100), deviceMajor: Int(octal(329, 8)), deviceMinor: Int(octal(337, 8)), content: content
            ))
        }
        return entries
    }

    /// A layer tar back into a layer: entries, and whiteouts into deletions and opaque directories.
    public static func layer(_ data: Data) throws(TarReadError) -> Layer {
        var changes: [Layer.Change] = []
        for entry in try entries(data) {
            var name = entry.name
            if name.hasSuffix("/") { name.removeLast() }
            if name.hasPrefix("./") { name.removeFirst(2) }
            guard !name.isEmpty, name != "." else { continue }
            switch Whiteout.meaning(of: name) {
            case .deletes(let path): changes.append(.delete("/" + path)); continue
            case .makesOpaque(let directory): changes.append(.opaque("/" + directory)); continue
            case .ordinary: break
            }
            let path = "/" + name
            let kind: LayerEntry.Kind
            switch entry.type {
            case UInt8(ascii: "5"): kind = .directory
            case UInt8(ascii: "2"): kind = .symlink(target: entry.linkName)
            // layerlab's layers have no hard links; one becomes a symlink to the same file.
            case UInt8(ascii: "1"): kind = .symlink(target: "/" + entry.linkName)
            case UInt8(ascii: "3"): kind = .characterDevice(major: entry.deviceMajor, minor: entry.deviceMinor)
            default: kind = .file(.bytes(entry.content))
            }
            changes.append(.put(LayerEntry(path: path, kind: kind, mode: entry.mode & 0o7777, uid: entry.uid, gid: entry.gid, modificationTime: entry.modificationTime)))
        }
        return Layer(changes: changes)
    }
}

public struct TarReadError: Error, Equatable, Sendable {
    public var message: String
}
