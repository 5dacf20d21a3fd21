import Crypto
import Foundation

/// A validated content digest, `sha256:` followed by 64 lowercase hex characters.
///
/// layerlab only ever produces SHA-256 digests, because Docker's classic image store does; parsing
/// accepts nothing else so that a typo never becomes a silently different identity.
public struct Digest: Hashable, Comparable, Sendable, CustomStringConvertible {
    public static let algorithm = "sha256"

    /// The 64 lowercase hex characters after `sha256:`.
    public let hex: String

    public init(parsing text: String) throws(DigestError) {
        guard text.hasPrefix("\(Self.algorithm):") else {
            if let colon = text.firstIndex(of: ":") {
                throw .unsupportedAlgorithm(String(text[..<colon]))
            }
            throw .missingAlgorithm(text)
        }
        let hex = text.dropFirst(Self.algorithm.count + 1)
        guard hex.count == 64, hex.allSatisfy(\.isLowercaseHexDigit) else {
            throw .invalidHex(text)
        }
        self.hex = String(hex)
    }

    init(uncheckedHex hex: String) {
        self.hex = hex
    }

    /// The digest of `bytes`.
    public static func sha256<Bytes: DataProtocol>(of bytes: Bytes) -> Digest {
        Digest(uncheckedHex: SHA256.hash(data: bytes).hexString)
    }

    /// The digest of a string's UTF-8 bytes.
    public static func sha256(of text: String) -> Digest {
        sha256(of: Data(text.utf8))
    }

    public var description: String { "\(Self.algorithm):\(hex)" }

    /// The first 12 hex characters, as Docker shows IDs in tables.
    public var shortID: String { String(hex.prefix(12)) }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.hex < rhs.hex }
}

extension Digest: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Computes a digest over bytes that arrive in pieces, so large layers never sit whole in memory.
public struct DigestHasher {
    private var hasher = SHA256()
    public private(set) var byteCount = 0

    public init() {}

    public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) {
        hasher.update(data: bytes)
        byteCount += bytes.count
    }

    public func finalize() -> Digest {
        Digest(uncheckedHex: hasher.finalize().hexString)
    }
}

/// Why a string is not a digest layerlab accepts.
public enum DigestError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingAlgorithm(String)
    case unsupportedAlgorithm(String)
    case invalidHex(String)

    public var description: String {
        switch self {
        case .missingAlgorithm(let text):
            "invalid digest \"\(text)\": expected sha256:<64 hex characters>"
        case .unsupportedAlgorithm(let algorithm):
            "unsupported digest algorithm \"\(algorithm)\": layerlab uses sha256 only"
        case .invalidHex(let text):
            "invalid checksum digest format: \"\(text)\" needs exactly 64 lowercase hex characters after sha256:"
        }
    }
}

extension Character {
    var isLowercaseHexDigit: Bool {
        ("0"..."9").contains(self) || ("a"..."f").contains(self)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hex, two characters per byte.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
