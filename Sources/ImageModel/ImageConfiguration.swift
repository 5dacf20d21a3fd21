import Foundation
import LayerlabBasics

/// The image configuration document: what the image ID is the digest of (OCI image-spec `config.md`).
public struct ImageConfiguration: Codable, Hashable, Sendable {
    public var architecture: String
    public var os: String
    public var created: Date?
    public var author: String?
    public var config: ImageConfig
    public var rootfs: RootFS
    public var history: [HistoryEntry]

    public init(architecture: String = "amd64", os: String = "linux", created: Date?, author: String? = nil, config: ImageConfig, rootfs: RootFS, history: [HistoryEntry]) {
        self.architecture = architecture
        self.os = os
        self.created = created
        self.author = author
        self.config = config
        self.rootfs = rootfs
        self.history = history
    }

    /// The exact bytes the image ID is computed from: JSON with sorted keys and RFC 3339 times, so the
    /// same image always has the same ID.
    public func canonicalJSON() -> Data {
        // Encoding plain value types cannot fail.
        try! CanonicalJSON.encoder.encode(self)
    }

    /// The image ID: the digest of the configuration bytes, as Docker's classic image store has it.
    public var id: Digest { Digest.sha256(of: canonicalJSON()) }
}

/// `rootfs`: the layers' uncompressed digests, base first.
public struct RootFS: Codable, Hashable, Sendable {
    public var type: String
    public var diffIDs: [Digest]

    enum CodingKeys: String, CodingKey {
        case type
        case diffIDs = "diff_ids"
    }

    public init(diffIDs: [Digest]) {
        type = "layers"
        self.diffIDs = diffIDs
    }
}

/// One line of `docker history`: the instruction that made a layer, or a metadata-only change.
public struct HistoryEntry: Codable, Hashable, Sendable {
    public var created: Date?
    public var createdBy: String?
    public var author: String?
    public var comment: String?
    /// True for instructions that changed only the config (ENV, CMD, …), which have no layer.
    public var emptyLayer: Bool?

    enum CodingKeys: String, CodingKey {
        case created, author, comment
        case createdBy = "created_by"
        case emptyLayer = "empty_layer"
    }

    public init(created: Date?, createdBy: String?, author: String? = nil, comment: String? = nil, emptyLayer: Bool) {
        self.created = created
        self.createdBy = createdBy
        self.author = author
        self.comment = comment
        self.emptyLayer = emptyLayer ? true : nil
    }

    public var isEmptyLayer: Bool { emptyLayer ?? false }
}

/// The one JSON layout layerlab writes content in: sorted keys, no escaped slashes, RFC 3339 dates.
public enum CanonicalJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.string(from: date))
        }
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return decoder
    }()
}

/// RFC 3339 times in UTC with nanoseconds trimmed, as Go's `time.RFC3339Nano` prints them.
public enum RFC3339 {
    public static func string(from date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
        // Whole microseconds avoid floating-point noise in the stored time.
        let micros = Int((date.timeIntervalSince1970 * 1_000_000).rounded()) % 1_000_000
        if micros > 0 {
            var fraction = String(format: "%06d", micros)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        return text + "Z"
    }

    /// Parses RFC 3339 with any number of fractional digits (Go writes up to nanoseconds); the fraction
    /// is added exactly, so a time written by `string(from:)` reads back to the same microsecond.
    public static func date(from text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let dot = text.firstIndex(of: ".") else { return formatter.date(from: text) }
        guard let zone = text[dot...].firstIndex(where: { $0 == "Z" || $0 == "+" || $0 == "-" }),
              let fraction = Double("0" + text[dot..<zone]),
              let whole = formatter.date(from: String(text[..<dot]) + String(text[zone...]))
        else { return nil }
        return whole.addingTimeInterval(fraction)
    }
}
