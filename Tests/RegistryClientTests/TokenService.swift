import Foundation

/// A bearer-token service as distribution's token auth describes one (docs/spec/auth/token.md): `GET
/// /token?service=…&scope=…` with the login as basic auth answers `{"token":…}`; a wrong login is a
/// 401. It remembers what each request asked, for the tests to look at.
final class TokenService: Sendable {
    let token: String
    private let server: ScriptedServer

    var port: Int { server.port }

    /// The queries and `Authorization` headers of the requests so far.
    var requests: [(query: String, authorization: String?)] {
        server.requests.map { (query: URLComponents(string: $0.uri)?.percentEncodedQuery ?? "", authorization: $0.authorization) }
    }

    init(username: String, password: String) throws {
        let login = "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        let token = "token-\(UUID().uuidString)"
        self.token = token
        server = try ScriptedServer { request in
            guard request.authorization == login else { return .init(status: 401, body: "{\"details\":\"incorrect username or password\"}") }
            return .init(body: "{\"token\":\"\(token)\",\"expires_in\":300}")
        }
    }

    func shutDown() {
        server.shutDown()
    }
}
