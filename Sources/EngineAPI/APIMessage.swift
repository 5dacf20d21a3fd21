import Foundation
import GoSemantics
import NIOHTTP1

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

    /// moby's `httputils.BoolValue`: a query item is true unless empty, `0`, `no`, `false` or `none`.
    static func isTrue(_ value: String?) -> Bool {
        guard let value = value?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return !["", "0", "no", "false", "none"].contains(value)
    }

    func flag(_ name: String) -> Bool { Self.isTrue(query[name]) }
}

extension APIRequest {
    init(head: HTTPRequestHead, body: Data) {
        self.init(method: head.method.rawValue, target: head.uri, headers: Dictionary(head.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }), body: body)
    }
}

/// The Engine API's answer: a status, headers and a body.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// What the connection goes on to carry after the head and body, as things happen.
    var stream: APIStream?

    public init(status: Int, headers: [(name: String, value: String)], body: Data) {
        self.init(status: status, headers: headers, body: body, stream: nil)
    }

    init(status: Int, headers: [(name: String, value: String)], body: Data, stream: APIStream?) {
        self.status = status
        self.headers = headers
        self.body = body
        self.stream = stream
    }

    /// A hijacked connection (`Upgrade: tcp`) is answered `101 UPGRADED` and then carries raw bytes.
    var isHijack: Bool { status == 101 }

    static func json(_ data: Data, status: Int = 200) -> APIResponse {
        APIResponse(status: status, headers: [("Content-Type", "application/json")], body: data + Data("\n".utf8))
    }

    /// moby's error answer: `{"message": …}` with the status of the error's class.
    static func error(_ message: String, status: Int) -> APIResponse {
        json(Data(GoJSON.marshal(.object([("message", .string(message))])).utf8), status: status)
    }
}
