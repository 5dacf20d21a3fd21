import Foundation
import LayerlabBasics

/// The bytes of a file in a layer. Small files keep their real bytes; large simulated payloads
/// (interpreters, package files) are described by a seed and a size and generated on demand, always to
/// the same bytes, so a 100 MB base image costs a few bytes to keep and still has a real digest.
public enum FileContent: Codable, Hashable, Sendable {
    case bytes(Data)
    case synthetic(seed: String, size: Int64)

    public static func text(_ text: String) -> FileContent { .bytes(Data(text.utf8)) }

    public var size: Int64 {
        switch self {
        case .bytes(let data): Int64(data.count)
        case .synthetic(_, let size): size
        }
    }

    /// The whole content; only for files small enough to hold (use `forEachChunk` otherwise).
    public var data: Data {
        switch self {
        case .bytes(let data): return data
        case .synthetic:
            var result = Data()
            forEachChunk { result.append(contentsOf: $0) }
            return result
        }
    }

    /// Hands the content over in pieces of at most 64 KiB.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .bytes(let data):
            data.withUnsafeBytes { body($0) }
        case .synthetic(let seed, let size):
            var generator = SyntheticBytes(seed: seed)
            var remaining = size
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while remaining > 0 {
                let count = Int(min(remaining, Int64(buffer.count)))
                generator.fill(&buffer, count: count)
                buffer.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
                remaining -= Int64(count)
            }
        }
    }
}

/// Deterministic filler bytes: the same seed gives the same bytes on every machine. They look like
/// compiled code (a mix of repeated and varied bytes) so they compress about as well as real binaries.
struct SyntheticBytes {
    private var state: UInt64

    init(seed: String) {
        let digest = Digest.sha256(of: seed)
        state = UInt64(digest.hex.prefix(16), radix: 16) ?? 0x9E37_79B9_7F4A_7C15
    }

    /// SplitMix64.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func fill(_ buffer: inout [UInt8], count: Int) {
        var index = 0
        while index < count {
            let word = next()
            // Half the 8-byte groups are small-alphabet (compressible), half are random.
            if word & 1 == 0 {
                let value = UInt8(truncatingIfNeeded: word >> 8) & 0x0F
                for offset in 0..<8 where index + offset < count { buffer[index + offset] = value &+ UInt8(offset & 1) }
            } else {
                var bits = word
                for offset in 0..<8 where index + offset < count {
                    buffer[index + offset] = UInt8(truncatingIfNeeded: bits)
                    bits >>= 8
                }
            }
            index += 8
        }
    }
}
