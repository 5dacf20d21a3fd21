import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Registry

/// How a registry wants requests authorized, as its challenge said.
enum AuthScheme: Equatable {
    /// `Basic realm=…`: the login with every request.
    case basic
    /// `Bearer realm=…,service=…`: a token from `realm` for each set of scopes, asked with the login
    /// (Docker's token flow: distribution's docs/spec/auth/token.md).
    case bearer(realm: String, service: String?)
}

extension RemoteRegistry {
    /// The `Authorization` header for a request needing `scopes`, once the registry has said how;
    /// nil before (the first request goes without, as Docker's does, and hears the challenge).
    func authorization(for scopes: [String]) throws(RemoteRegistryError) -> String? {
        switch authScheme {
        case nil:
            return nil
        case .basic:
            return login.map(Self.basicHeader)
        case .bearer(let realm, let service):
            let key = scopes.joined(separator: " ")
            if let token = tokens[key] { return "Bearer " + token }
            let token = try fetchToken(realm: realm, service: service, scopes: scopes)
            tokens[key] = token
            return "Bearer " + token
        }
    }

    /// Follows a 401's challenge: the header to send the request again with.
    func authorize(_ challenge: AuthChallenge, scopes: [String]) throws(RemoteRegistryError) -> String {
        switch challenge.scheme {
        case "basic":
            authScheme = .basic
            guard let login else { throw .unauthorized("no basic auth credentials") }
            return Self.basicHeader(login)
        case "bearer":
            guard let realm = challenge.parameters["realm"] else {
                throw .refused("\(base) asks for a bearer token without saying where to get one (no realm)")
            }
            authScheme = .bearer(realm: realm, service: challenge.parameters["service"])
            // The scope the challenge names (what this request needs) besides the ones asked for.
            var wanted = scopes
            for scope in (challenge.parameters["scope"] ?? "").split(separator: " ").map(String.init) where !wanted.contains(scope) {
                wanted.append(scope)
            }
            let token = try fetchToken(realm: realm, service: challenge.parameters["service"], scopes: wanted)
            tokens[scopes.joined(separator: " ")] = token
            return "Bearer " + token
        default:
            throw .refused("\(base) asks for \(challenge.scheme) authentication, which layerlab does not speak (it knows Basic and Bearer)")
        }
    }

    /// `GET realm?service=…&scope=…` with the login as basic auth; the answer's `token` (or
    /// `access_token`, OAuth's name for it).
    func fetchToken(realm: String, service: String?, scopes: [String]) throws(RemoteRegistryError) -> String {
        guard var components = URLComponents(string: realm), ["http", "https"].contains(components.scheme ?? "") else {
            throw .refused("\(base) names a token service that is not an HTTP address: \(realm)")
        }
        var items = components.queryItems ?? []
        if let service { items.append(URLQueryItem(name: "service", value: service)) }
        items += scopes.map { URLQueryItem(name: "scope", value: $0) }
        if let login { items.append(URLQueryItem(name: "account", value: login.username)) }
        components.queryItems = items.isEmpty ? nil : items
        guard let address = components.url else { throw .refused("\(base) names a token service layerlab cannot read: \(realm)") }
        var request = URLRequest(url: address)
        if let login { request.setValue(Self.basicHeader(login), forHTTPHeaderField: "Authorization") }
        let answer = try HTTPExchange.perform(request, sink: .memory(limit: 1 << 20, refusal: "the token from \(realm) is larger than 1 MiB"))
        guard answer.status == 200 else {
            guard answer.status == 401 || answer.status == 403 else { throw .unexpected(status: answer.status) }
            throw .unauthorized(Self.tokenRefusal(answer.body))
        }
        struct Token: Decodable {
            var token: String?
            var accessToken: String?

            enum CodingKeys: String, CodingKey {
                case token, accessToken = "access_token"
            }
        }
        guard let decoded = try? JSONDecoder().decode(Token.self, from: answer.body), let token = decoded.token ?? decoded.accessToken, !token.isEmpty else {
            throw .refused("the token service \(realm) answered without a token")
        }
        return token
    }

    /// Why a token service said no: distribution's error document, Docker Hub's `details`, or the
    /// daemon's plain words.
    static func tokenRefusal(_ body: Data) -> String {
        if let error = RegistryError(answer: body) { return error.clientText }
        struct Details: Decodable { var details: String? }
        if let details = (try? JSONDecoder().decode(Details.self, from: body))?.details, !details.isEmpty { return "unauthorized: \(details)" }
        return "unauthorized: authentication required"
    }

    static func basicHeader(_ login: (username: String, password: String)) -> String {
        "Basic " + Data("\(login.username):\(login.password)".utf8).base64EncodedString()
    }
}
