import Foundation
import GoSemantics

/// A request to the Engine API, as the server read it: method, path without the API version prefix
/// (`/images/json`), query items, body.
public struct APIRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    /// Each query key's first value, as Go's `r.Form.Get` reads it.
    public var query: [String: String]
    /// Every value of each query key, in order (`names=a&names=b`), as Go's `url.Values` holds them.
    public var queryValues: [String: [String]]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, target: String, headers: [String: String] = [:], body: Data = Data()) {
        self.method = method
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
        let components = URLComponents(string: target)
        var path = components?.percentEncodedPath.removingPercentEncoding ?? target
        // `/v1.50/images/json`: the version the client negotiated; every version this API serves answers alike.
        if path.hasPrefix("/v"), let slash = path.dropFirst().firstIndex(of: "/"), Double(path[path.index(path.startIndex, offsetBy: 2)..<slash]) != nil {
            path = String(path[slash...])
        }
        self.path = path
        // Decoded as Go's url.ParseQuery does: `+` is a space (Go's client writes spaces so), then `%XX`.
        var values: [String: [String]] = [:]
        for pair in (components?.percentEncodedQuery ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decoded(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            values[decoded(parts[0]), default: []].append(parts.count > 1 ? decoded(parts[1]) : "")
        }
        queryValues = values
        query = values.compactMapValues(\.first)
    }
}

/// The Engine API's answer: a status, headers and a body.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    /// No answer yet: the request stays open (a wait for a container that is still running).
    static let pending = APIResponse(status: 0, headers: [], body: Data())

    var isPending: Bool { status == 0 }

    static func json(_ data: Data, status: Int = 200) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "application/json")], body: data + Data("\n".utf8))
    }

    /// moby's error answer: `{"message": …}` with the status of the error's class.
    static func error(_ message: String, status: Int) -> APIResponse {
        json(Data(GoJSON.marshal(.object([("message", .string(message))])).utf8), status: status)
    }
}
