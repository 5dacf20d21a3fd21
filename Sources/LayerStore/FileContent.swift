import Foundation
import LayerlabBasics

/// The bytes of a file in a layer. Small files keep their real bytes; large simulated payloads
/// (interpreters, package files) are described by a seed and a size and generated on demand, always to
/// the same bytes, so a 100 MB base image costs a few bytes to keep and still has a real digest.
public enum FileContent: Codable, Hashable, Sendable {
    case bytes(Data)
    case synthetic(seed: String, size: Int64)
    /// Bytes kept in a file of their own, read when needed: a file of a layer store, which never
    /// changes once written, or, during a build, a large file of the build context.
    case stored(path: String, size: Int64)
    /// `size` zero bytes, kept as a count: what `/dev/zero`, `truncate` and `fallocate` give, so a
    /// gigabyte of zeros costs no memory and still has the digest and tar of the real bytes.
    case zeros(size: Int64)
    /// Parts of other contents one after another: a file written in parts (`dd seek=`, text appended
    /// to a large file) without copying the parts' bytes. `concatenating` makes it and keeps it flat.
    case pieces([Piece])

    /// `length` bytes of `source` from `offset`; the source is never `.pieces` itself.
    public struct Piece: Codable, Hashable, Sendable {
        public var source: FileContent
        public var offset: Int64
        public var length: Int64
    }

    /// Contents at most this large are kept as their bytes when cut or joined: a file written in
    /// small parts stays one `Data`, as it always was.
    static let joinedBytesLimit: Int64 = 64 * 1024

    public static func text(_ text: String) -> FileContent { .bytes(Data(text.utf8)) }

    public var size: Int64 {
        switch self {
        case .bytes(let data): Int64(data.count)
        case .synthetic(_, let size), .stored(_, let size), .zeros(let size): size
        case .pieces(let pieces): pieces.reduce(0) { $0 + $1.length }
        }
    }

    /// Bytes this content holds in memory: a run of zeros, generated or stored bytes hold none.
    public var residentBytes: Int64 {
        switch self {
        case .bytes(let data): Int64(data.count)
        case .synthetic, .stored, .zeros: 0
        case .pieces(let pieces): pieces.reduce(0) { $0 + $1.source.residentBytes }
        }
    }

    /// Whether some of the bytes are read from a file.
    var hasStoredPart: Bool {
        switch self {
        case .stored: true
        case .bytes, .synthetic, .zeros: false
        case .pieces(let pieces): pieces.contains { $0.source.hasStoredPart }
        }
    }

    /// The whole content; only for files small enough to hold (use `forEachChunk` otherwise).
    public var data: Data {
        if case .bytes(let data) = self { return data }
        var result = Data()
        forEachChunk { result.append(contentsOf: $0) }
        return result
    }

    /// The SHA-256 of the bytes.
    public var digest: Digest {
        var hasher = DigestHasher()
        forEachChunk { hasher.update($0) }
        return hasher.finalize()
    }

    /// The digests of many contents, hashed side by side on the machine's cores: a COPY's cache key
    /// needs every source file's, and a large context is mostly hashing.
    public static func digests(of contents: [FileContent]) -> [Digest] {
        Parallel.map(contents.count) { contents[$0].digest }
    }

    // MARK: Cutting and joining

    /// The contents one after another. Small results are plain bytes; larger ones keep their parts
    /// (a run of zeros stays a count), so joining never copies a large file's bytes.
    public static func concatenating(_ parts: [FileContent]) -> FileContent {
        var pieces: [Piece] = []
        for part in parts {
            for piece in part.flatPieces where piece.length > 0 {
                // Neighbouring zeros become one run, neighbouring small bytes one `Data`.
                if let last = pieces.last, case .zeros = last.source, case .zeros = piece.source {
                    pieces[pieces.count - 1] = Piece(source: .zeros(size: last.length + piece.length), offset: 0, length: last.length + piece.length)
                } else if let last = pieces.last, case .bytes = last.source, case .bytes = piece.source,
                          last.length + piece.length <= joinedBytesLimit {
                    let joined = FileContent.bytes(last.bytes + piece.bytes)
                    pieces[pieces.count - 1] = Piece(source: joined, offset: 0, length: joined.size)
                } else {
                    pieces.append(piece)
                }
            }
        }
        let total = pieces.reduce(0) { $0 + $1.length }
        if total <= joinedBytesLimit { return .bytes(pieces.reduce(into: Data()) { $0.append($1.bytes) }) }
        if pieces.count == 1, pieces[0].offset == 0, pieces[0].length == pieces[0].source.size { return pieces[0].source }
        return .pieces(pieces)
    }

    /// `length` bytes from `offset` (both clamped to the content).
    public func slice(from offset: Int64, length: Int64) -> FileContent {
        let start = min(max(0, offset), size)
        let count = min(max(0, length), size - start)
        if start == 0 && count == size { return self }
        switch self {
        case .bytes(let data): return .bytes(data.subdata(in: (data.startIndex + Int(start))..<(data.startIndex + Int(start + count))))
        case .zeros: return .zeros(size: count)
        case .synthetic, .stored: return Self.concatenating([.pieces([Piece(source: self, offset: start, length: count)])])
        case .pieces(let pieces):
            var parts: [FileContent] = []
            var position: Int64 = 0
            for piece in pieces {
                let end = position + piece.length
                let from = max(start, position), to = min(start + count, end)
                if from < to { parts.append(.pieces([Piece(source: piece.source, offset: piece.offset + from - position, length: to - from)])) }
                position = end
            }
            return Self.concatenating(parts)
        }
    }

    /// The first `count` bytes.
    public func prefix(_ count: Int64) -> FileContent { slice(from: 0, length: count) }

    /// The content made `size` long: cut, or followed by zeros, as `truncate` makes a file.
    public func resized(to newSize: Int64) -> FileContent {
        newSize <= size ? prefix(newSize) : Self.concatenating([self, .zeros(size: newSize - size)])
    }

    /// The same content with each part that is not `.pieces` replaced by `transform`'s result (a layer
    /// store gives its stored parts their paths this way).
    public func mappingParts<Failure: Error>(_ transform: (FileContent) throws(Failure) -> FileContent) throws(Failure) -> FileContent {
        guard case .pieces(let pieces) = self else { return try transform(self) }
        var mapped: [Piece] = []
        for piece in pieces {
            let source = try transform(piece.source)
            mapped.append(Piece(source: source, offset: piece.offset, length: piece.length))
        }
        return .pieces(mapped)
    }

    /// The content as pieces of contents that are not `.pieces`.
    private var flatPieces: [Piece] {
        if case .pieces(let pieces) = self { return pieces }
        return [Piece(source: self, offset: 0, length: size)]
    }

    // MARK: Reading

    /// Hands the content over in pieces (of at most 64 KiB for generated bytes).
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Void) {
        if case .pieces(let pieces) = self {
            for piece in pieces { piece.source.forEachChunk(from: piece.offset, length: piece.length, body) }
        } else {
            forEachChunk(from: 0, length: size, body)
        }
    }

    /// `length` bytes from `offset` of a content that is not `.pieces`, in pieces.
    private func forEachChunk(from offset: Int64, length: Int64, _ body: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .bytes(let data):
            data.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<Int(offset + length)])) }
        case .zeros:
            Self.forEachZeroChunk(length, body)
        case .stored(let path, _):
            // A missing or shortened file reads as zero bytes up to the recorded size, so a damaged
            // store still gives a tar of the right shape.
            var remaining = length
            let input = open(path, O_RDONLY)
            if input >= 0 {
                defer { close(input) }
                if offset == 0 || lseek(input, off_t(offset), SEEK_SET) == off_t(offset) {
                    var buffer = [UInt8](repeating: 0, count: Int(min(length, 1 << 20)))
                    while remaining > 0 {
                        let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, Int(min(remaining, Int64($0.count)))) }
                        if count < 0, errno == EINTR { continue }
                        guard count > 0 else { break }
                        buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                        remaining -= Int64(count)
                    }
                }
            }
            Self.forEachZeroChunk(remaining, body)
        case .synthetic(let seed, _):
            // The bytes depend on everything before them, so the ones before `offset` are made and dropped.
            var generator = SyntheticBytes(seed: seed)
            var position: Int64 = 0
            let end = offset + length
            // Most generated files are small: a 64 KiB buffer for each was much of their cost.
            var buffer = [UInt8](repeating: 0, count: Int(min(end, 64 * 1024)))
            while position < end {
                let count = Int(min(end - position, Int64(buffer.count)))
                generator.fill(&buffer, count: count)
                let from = Int(max(0, offset - position))
                if from < count { buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[from..<count])) } }
                position += Int64(count)
            }
        case .pieces:
            // Only a decoded layer can nest pieces; they are read through a flat slice.
            slice(from: offset, length: length).forEachChunk(body)
        }
    }

    private static func forEachZeroChunk(_ length: Int64, _ body: (UnsafeRawBufferPointer) -> Void) {
        let zeros = [UInt8](repeating: 0, count: Int(min(length, 64 * 1024)))
        var remaining = length
        while remaining > 0 {
            let count = Int(min(remaining, Int64(zeros.count)))
            zeros.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            remaining -= Int64(count)
        }
    }
}

extension FileContent.Piece {
    /// The piece's bytes; for pieces small enough to hold.
    fileprivate var bytes: Data {
        if case .bytes(let data) = source { return data.subdata(in: (data.startIndex + Int(offset))..<(data.startIndex + Int(offset + length))) }
        var result = Data()
        FileContent.pieces([self]).forEachChunk { result.append(contentsOf: $0) }
        return result
    }
}

/// Deterministic filler bytes: the same seed gives the same bytes on every machine. They are 8-byte
/// groups, some random and the rest drawn from a few patterns, so that gzip (at the level layers are
/// compressed with) shrinks them about as much as it shrinks real files: compiled code and data to about
/// 45 %, and source or text to about 22 % when the seed ends with a text file's name, as the catalog's
/// seeds (`layer:/usr/lib/python3.12/os.py`) do. Text is printable, so `cat` shows letters.
struct SyntheticBytes {
    private var state: UInt64
    private let text: Bool

    init(seed: String) {
        let digest = Digest.sha256(of: seed)
        state = UInt64(digest.hex.prefix(16), radix: 16) ?? 0x9E37_79B9_7F4A_7C15
        text = Self.namesTextFile(seed)
    }

    /// Extensions of files that hold text: source, scripts, configuration, certificates.
    static let textExtensions: Set<String> = [
        "c", "cfg", "conf", "css", "go", "h", "html", "ini", "js", "json", "md", "mjs", "pem", "pl", "pm",
        "py", "rb", "sh", "toml", "ts", "txt", "xml", "yaml", "yml",
    ]

    /// Whether the seed's last path component has a text file's extension (`os.py`, not `.bashrc`).
    static func namesTextFile(_ seed: String) -> Bool {
        let name = seed.lastIndex(of: "/").map { seed[seed.index(after: $0)...] } ?? seed[...]
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return textExtensions.contains(String(name[name.index(after: dot)...]))
    }

    /// Out of 256, how many groups are random: the rest repeat patterns and cost gzip little.
    private static let randomBinaryGroups: UInt64 = 78
    private static let randomTextGroups: UInt64 = 16
    /// The characters of random text, 64 of them so that 6 bits pick one.
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ ".utf8)
    /// Pieces of code that text repeats, 8 bytes each, as the little-endian words that hold them.
    private static let tokens: [UInt64] = [
        "    def ", "return  ", "self.get", "import o", "(self, n", " = None\n", "\n       ", "if not x",
        "):\n     ", " is not ", "for x in", "raise Va", "\"\"\"\n    ", "    elif", " else:\n ", "__init__",
    ].map { token in token.utf8.reversed().reduce(0) { $0 << 8 | UInt64($1) } }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Fills `count` bytes, one 8-byte group per random word (the last group cut short at the end).
    /// Each group is made as a little-endian word and stored whole: a byte at a time was most of the
    /// time a build spent hashing a layer of package files.
    mutating func fill(_ buffer: inout [UInt8], count: Int) {
        let alphabet = Self.alphabet, tokens = Self.tokens
        let randomGroups = text ? Self.randomTextGroups : Self.randomBinaryGroups
        buffer.withUnsafeMutableBytes { bytes in
            var index = 0
            while index < count {
                let word = next()
                let group: UInt64
                switch (text, word & 0xFF < randomGroups) {
                case (true, true):
                    var letters: UInt64 = 0
                    for offset in 0..<8 { letters |= UInt64(alphabet[Int((word >> UInt64(8 + 6 * offset)) & 63)]) << UInt64(8 * offset) }
                    group = letters
                case (true, false):
                    group = tokens[Int((word >> 8) & 15)]
                case (false, true):
                    group = word
                case (false, false):
                    // The low nibble of the second byte, then the same plus one, alternating.
                    group = ((word >> 8) & 0x0F) &* 0x0101_0101_0101_0101 &+ 0x0100_0100_0100_0100
                }
                if count - index >= 8 {
                    bytes.storeBytes(of: group.littleEndian, toByteOffset: index, as: UInt64.self)
                } else {
                    for offset in 0..<(count - index) { bytes[index + offset] = UInt8(truncatingIfNeeded: group >> UInt64(8 * offset)) }
                }
                index += 8
            }
        }
    }
}
