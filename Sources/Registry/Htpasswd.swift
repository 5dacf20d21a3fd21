import CCrypt
import Foundation

/// An htpasswd file as `registry:2` reads it for `REGISTRY_AUTH=htpasswd`: `user:hash` lines, where
/// only bcrypt hashes (`$2y$…`, what `htpasswd -B` writes) count, as in distribution. Hashing and
/// checking use libxcrypt's real bcrypt.
public struct Htpasswd: Sendable {
    public var entries: [(user: String, hash: String)]

    public init(text: String) {
        entries = text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let colon = trimmed.firstIndex(of: ":") else { return nil }
            return (String(trimmed[..<colon]), String(trimmed[trimmed.index(after: colon)...]))
        }
    }

    public func accepts(user: String, password: String) -> Bool {
        guard let hash = entries.first(where: { $0.user == user })?.hash, Self.isBcrypt(hash) else { return false }
        return Self.crypt(password, setting: hash) == hash
    }

    static func isBcrypt(_ hash: String) -> Bool {
        ["$2y$", "$2a$", "$2b$"].contains { hash.hasPrefix($0) }
    }

    /// `user:$2y$05$…`, as `htpasswd -Bbn user password` prints it (cost 5, htpasswd's default).
    public static func entry(user: String, password: String, cost: Int = 5) -> String? {
        var salt = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        guard crypt_gensalt_rn("$2y$", UInt(cost), nil, 0, &salt, Int32(salt.count)) != nil else { return nil }
        let setting = String(decoding: salt.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let hash = crypt(password, setting: setting) else { return nil }
        return "\(user):\(hash)"
    }

    static func crypt(_ password: String, setting: String) -> String? {
        var data = crypt_data()
        guard let result = crypt_r(password, setting, &data) else { return nil }
        let text = String(cString: result)
        // libxcrypt signals failure with a string starting with `*`.
        return text.hasPrefix("*") ? nil : text
    }
}
