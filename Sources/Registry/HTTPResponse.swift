import Foundation

/// An HTTP response as a simulated server sends it: status, headers in the order sent, and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The status line's words, where a server says something other than the usual ones (nginx's
    /// `405 Not Allowed`).
    public var reason: String

    public init(status: Int, headers: [(name: String, value: String)], body: Data, reason: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.reason = reason ?? Self.reason(status)
    }

    /// `HTTP/1.1 200 OK`
    public var statusLine: String { "HTTP/1.1 \(status) \(reason)" }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 301: "Moved Permanently"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: ""
        }
    }

    /// Go's `http.TimeFormat`, the form of the `Date` header.
    public static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
