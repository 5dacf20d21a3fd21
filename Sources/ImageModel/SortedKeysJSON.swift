import Foundation
import GoSemantics

/// The JSON layerlab keeps documents and records in: Foundation's coder with every object's keys
/// sorted, slashes unescaped and times in RFC 3339 (`GoTime`). It is not Go's encoding/json (which
/// keeps a struct's fields in declaration order and escapes `<`, `>` and `&`; `GoJSON` writes that):
/// the IDs and digests of layerlab's own configs and manifests are digests of these bytes, so the
/// layout must never change.
public enum SortedKeysJSON {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(GoTime.rfc3339Nano(date))
        }
        return encoder
    }()

    public static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = GoTime.date(rfc3339: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        return decoder
    }()
}
