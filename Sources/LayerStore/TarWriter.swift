/// Writes a tar stream the way Go's `archive/tar` does for layers: USTAR headers, a PAX header when a
/// name does not fit, 512-byte blocks, two zero blocks at the end. Output goes to a sink in pieces so a
/// large layer is never held whole in memory.
public struct TarWriter {
    private let sink: (UnsafeRawBufferPointer) -> Void

    public init(sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.sink = sink
    }

    public enum TypeFlag: UInt8, Sendable {
        case file = 0x30, symlink = 0x32, characterDevice = 0x33, directory = 0x35, paxHeader = 0x78
    }

    public struct Header {
        public var name: String
        public var mode: UInt32
        public var uid: Int
        public var gid: Int
        public var size: Int64
        public var modificationTime: Int64
        public var type: TypeFlag
        public var linkName: String = ""
        /// A device's numbers; written only for a device, as other entries leave the fields empty.
        public var device: (major: Int, minor: Int)?

        public init(name: String, mode: UInt32, uid: Int = 0, gid: Int = 0, size: Int64, modificationTime: Int64, type: TypeFlag, linkName: String = "",
                    device: (major: Int, minor: Int)? = nil) {
            self.name = name
            self.mode = mode
            self.uid = uid
            self.gid = gid
            self.size = size
            self.modificationTime = modificationTime
            self.type = type
            self.linkName = linkName
            self.device = device
        }
    }

    /// Writes one header; for a file, call `writeContent` with exactly `size` bytes next.
    public func writeHeader(_ header: Header) {
        var name = header.name
        var prefix = ""
        if name.utf8.count > 100 {
            if let (splitPrefix, splitName) = Self.splitUSTARPath(name) {
                prefix = splitPrefix
                name = splitName
            } else {
                writePAX(path: header.name, for: header)
                name = String(decoding: Array(header.name.utf8.suffix(100)), as: UTF8.self)
            }
        }
        var block = [UInt8](repeating: 0, count: 512)
        Self.put(name, into: &block, at: 0, length: 100)
        Self.putOctal(Int64(header.mode), into: &block, at: 100, length: 8)
        Self.putOctal(Int64(header.uid), into: &block, at: 108, length: 8)
        Self.putOctal(Int64(header.gid), into: &block, at: 116, length: 8)
        Self.putOctal(header.size, into: &block, at: 124, length: 12)
        Self.putOctal(header.modificationTime, into: &block, at: 136, length: 12)
        block[156] = header.type.rawValue
        Self.put(header.linkName, into: &block, at: 157, length: 100)
        Self.put("ustar\u{0}00", into: &block, at: 257, length: 8)
        if let device = header.device {
            Self.putOctal(Int64(device.major), into: &block, at: 329, length: 8)
            Self.putOctal(Int64(device.minor), into: &block, at: 337, length: 8)
        }
        Self.put(prefix, into: &block, at: 345, length: 155)
        // The checksum is computed with its own field as spaces.
        for index in 148..<156 { block[index] = 0x20 }
        let checksum = block.reduce(0) { $0 + Int64($1) }
        Self.putOctal(checksum, into: &block, at: 148, length: 7)
        block[155] = 0x20
        block.withUnsafeBytes(sink)
    }

    /// Writes file content and pads it to a whole block.
    public func writeContent(_ content: FileContent) {
        content.forEachChunk(sink)
        padToBlock(content.size)
    }

    /// Writes a filesystem entry under `name` (a folder's name gets its trailing `/`): its header with
    /// the entry's mode, owner and time, and a file's content.
    public func write(_ entry: LayerEntry, named name: String) {
        switch entry.kind {
        case .directory:
            writeHeader(.init(name: name + "/", mode: entry.mode, uid: entry.uid, gid: entry.gid, size: 0, modificationTime: entry.modificationTime, type: .directory))
        case .symlink(let target):
            writeHeader(.init(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: 0, modificationTime: entry.modificationTime, type: .symlink, linkName: target))
        case .file(let content):
            writeHeader(.init(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: content.size, modificationTime: entry.modificationTime, type: .file))
            writeContent(content)
        case .characterDevice(let major, let minor):
            writeHeader(.init(name: name, mode: entry.mode, uid: entry.uid, gid: entry.gid, size: 0, modificationTime: entry.modificationTime, type: .characterDevice,
                              device: (major, minor)))
        }
    }

    /// Writes content produced by `body` (exactly `size` bytes) and pads it to a whole block.
    public func writeStreamed(size: Int64, _ body: (@escaping (UnsafeRawBufferPointer) -> Void) -> Void) {
        body(sink)
        padToBlock(size)
    }

    public func writeBytes(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes(sink)
        padToBlock(Int64(bytes.count))
    }

    public func finish() {
        let zeros = [UInt8](repeating: 0, count: 1024)
        zeros.withUnsafeBytes(sink)
    }

    private func padToBlock(_ size: Int64) {
        let remainder = Int(size % 512)
        guard remainder > 0 else { return }
        let zeros = [UInt8](repeating: 0, count: 512 - remainder)
        zeros.withUnsafeBytes(sink)
    }

    private func writePAX(path: String, for header: Header) {
        let record = Self.paxRecord(key: "path", value: path)
        let recordBytes = Array(record.utf8)
        let directory = path.split(separator: "/").dropLast().joined(separator: "/")
        let base = path.split(separator: "/").last.map(String.init) ?? path
        let paxName = String(((directory.isEmpty ? "" : directory + "/") + "PaxHeaders.0/" + base).utf8.prefix(100))!
        writeHeader(Header(name: paxName, mode: 0o644, uid: 0, gid: 0, size: Int64(recordBytes.count), modificationTime: header.modificationTime, type: .paxHeader))
        recordBytes.withUnsafeBytes(sink)
        padToBlock(Int64(recordBytes.count))
    }

    /// `"%d key=value\n"` where the number counts the whole record, itself included.
    static func paxRecord(key: String, value: String) -> String {
        let body = " \(key)=\(value)\n"
        var length = body.utf8.count + 1
        while String(length).count + body.utf8.count != length { length += 1 }
        return "\(length)\(body)"
    }

    /// A USTAR prefix/name split for names longer than 100 bytes, when one exists.
    static func splitUSTARPath(_ path: String) -> (String, String)? {
        let bytes = Array(path.utf8)
        guard bytes.count <= 256 else { return nil }
        var index = min(bytes.count - 1, 156)
        while index > 0 {
            index -= 1
            if bytes[index] == UInt8(ascii: "/"), index <= 155, bytes.count - index - 1 <= 100, bytes.count - index - 1 > 0 {
                return (String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 1)...], as: UTF8.self))
            }
        }
        return nil
    }

    private static func put(_ text: String, into block: inout [UInt8], at offset: Int, length: Int) {
        for (index, byte) in text.utf8.prefix(length).enumerated() { block[offset + index] = byte }
    }

    /// Zero-padded octal ending in NUL, as Go's `formatOctal`.
    private static func putOctal(_ value: Int64, into block: inout [UInt8], at offset: Int, length: Int) {
        let digits = String(value, radix: 8)
        let padded = String(repeating: "0", count: max(0, length - 1 - digits.count)) + digits
        put(padded, into: &block, at: offset, length: length - 1)
        block[offset + length - 1] = 0
    }
}
