import Foundation
import LayerlabBasics
import LayerStore

/// The Docker IDs of layerlab's Docker Hub. There is no sign-up page offline, so the first login of
/// a new name creates the account with that password; later logins must match it. Passwords are kept
/// only as salted SHA-256 hashes.
public struct HubAccounts: Sendable {
    public enum LoginOutcome: Equatable, Sendable {
        case registered
        case accepted
        case rejected
    }

    struct Account: Codable, Sendable {
        var salt: String
        var hash: Digest
    }

    let folder: StoreFolder

    public init(root: URL) {
        folder = StoreFolder(root: root)
    }

    /// Docker Hub's rule for Docker IDs: 4 to 30 lower-case letters and digits.
    public static func isValidDockerID(_ name: String) -> Bool {
        (4...30).contains(name.count) && name.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isASCII && $0.isNumber }
    }

    public func exists(_ username: String) -> Bool { accounts[username] != nil }

    public func verify(username: String, password: String) -> Bool {
        guard let account = accounts[username] else { return false }
        return Self.hash(password, salt: account.salt) == account.hash
    }

    /// Logs in, creating the account on its first login.
    public func login(username: String, password: String) throws(StoreError) -> LoginOutcome {
        var all = accounts
        if let account = all[username] {
            return Self.hash(password, salt: account.salt) == account.hash ? .accepted : .rejected
        }
        let salt = UUID().uuidString
        all[username] = Account(salt: salt, hash: Self.hash(password, salt: salt))
        let data: Data
        do {
            data = try JSONEncoder().encode(all)
        } catch {
            throw StoreError("cannot encode the Docker Hub accounts: \(error)")
        }
        try folder.write(data, to: "accounts.json")
        return .registered
    }

    var accounts: [String: Account] {
        folder.read("accounts.json").flatMap { try? JSONDecoder().decode([String: Account].self, from: $0) } ?? [:]
    }

    static func hash(_ password: String, salt: String) -> Digest {
        Digest.sha256(of: salt + ":" + password)
    }
}
