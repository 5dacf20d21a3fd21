import Foundation

/// A `WWW-Authenticate` challenge as registries send one (RFC 7235): the scheme, lower-cased, and
/// its parameters: `Basic realm="…"` from an htpasswd registry, `Bearer realm="…",service="…",
/// scope="…"` from one that hands out tokens (distribution's token auth, Docker Hub).
struct AuthChallenge: Equatable, Sendable {
    var scheme: String
    /// Parameter names lower-cased; quoted values unquoted.
    var parameters: [String: String]

    /// Reads the first challenge of the header; nil for an empty one.
    init?(_ header: String) {
        let text = Substring(header).drop { $0 == " " }
        let schemeEnd = text.firstIndex(of: " ") ?? text.endIndex
        guard schemeEnd > text.startIndex else { return nil }
        scheme = text[..<schemeEnd].lowercased()
        parameters = Self.parameters(text[schemeEnd...])
    }

    /// `name=value` or `name="quoted \"value\""` pairs separated by commas; a malformed pair ends
    /// the reading (what came before is kept).
    static func parameters(_ text: Substring) -> [String: String] {
        var parameters: [String: String] = [:]
        var rest = text
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "="), !rest.isEmpty else { return parameters }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty, !name.contains(" "), !name.contains(",") else { return parameters }
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    index = rest.index(after: index)
                    if character == "\"" {
                        closed = true
                        break
                    }
                    if character == "\\", index < rest.endIndex {
                        value.append(rest[index])
                        index = rest.index(after: index)
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { return parameters }
                rest = rest[index...]
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            parameters[name] = value
        }
    }
}

