import Foundation
import LayerStore
import Registry

/// What the official nginx image's server answers, from the container's own files: its default
/// configuration (`root`, `index` of `location /`), static files with nginx's headers, and its
/// built-in 301, 403, 404 and 405 pages. Static files are all nginx does out of the box, so this is
/// the real behaviour, not an imitation of an application.
struct NginxSite {
    let fileSystem: ContainerFileSystem
    /// As the image's `NGINX_VERSION` gives it, shown in `Server:` and on error pages.
    let version: String
    let now: Date

    /// `root` and `index` of the container's `default.conf`, read once per request.
    let root: String
    let indexNames: [String]

    init(fileSystem: ContainerFileSystem, version: String, now: Date) {
        self.fileSystem = fileSystem
        self.version = version
        self.now = now
        let configuration = Self.directives(in: fileSystem)
        root = configuration["root"]?.first ?? "/usr/share/nginx/html"
        indexNames = configuration["index"] ?? ["index.html", "index.htm"]
    }

    /// The first `NAME value…;` of each name in the default server's configuration.
    private static func directives(in fileSystem: ContainerFileSystem) -> [String: [String]] {
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks("/etc/nginx/conf.d/default.conf")),
              case .file(let content) = entry.kind else { return [:] }
        var found: [String: [String]] = [:]
        for line in String(decoding: content.data, as: UTF8.self).split(separator: "\n") {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let name = words.first, found[name] == nil, words.count > 1, words.last?.hasSuffix(";") == true else { continue }
            found[name] = words.dropFirst().map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
        }
        return found
    }

    func respond(method: String, path requested: String) -> HTTPResponse {
        guard method == "GET" || method == "HEAD" else { return page(405, "405 Not Allowed", method: method) }
        let path = String(requested.prefix { $0 != "?" && $0 != "#" })
        let documentRoot = LayerPath.normalize(root)
        let local = LayerPath.normalize(documentRoot + "/" + (path.removingPercentEncoding ?? path))
        guard local.hasPrefix(documentRoot) else { return page(404, "404 Not Found", method: method) }
        let resolved = fileSystem.resolvingSymlinks(local)
        guard let entry = fileSystem.entry(at: resolved) else { return page(404, "404 Not Found", method: method) }
        if entry.isDirectory {
            guard path.hasSuffix("/") else {
                var response = page(301, "301 Moved Permanently", method: method)
                response.headers.insert(("Location", "http://localhost\(path)/"), at: response.headers.count - 1)
                return response
            }
            for name in indexNames {
                let candidate = fileSystem.resolvingSymlinks(resolved + "/" + name)
                if let index = fileSystem.entry(at: candidate), case .file(let content) = index.kind {
                    return file(content, modified: index.modificationTime, name: name, method: method)
                }
            }
            return page(403, "403 Forbidden", method: method)
        }
        guard case .file(let content) = entry.kind else { return page(404, "404 Not Found", method: method) }
        return file(content, modified: entry.modificationTime, name: resolved, method: method)
    }

    private func file(_ content: FileContent, modified: Int64, name: String, method: String) -> HTTPResponse {
        let modifiedDate = Date(timeIntervalSince1970: TimeInterval(modified))
        return HTTPResponse(status: 200, headers: [
            ("Server", "nginx/\(version)"),
            ("Date", HTTPResponse.httpDate(now)),
            ("Content-Type", Self.mediaType(of: name)),
            ("Content-Length", String(content.size)),
            ("Last-Modified", HTTPResponse.httpDate(modifiedDate)),
            ("Connection", "keep-alive"),
            ("ETag", "\"\(String(modified, radix: 16))-\(String(content.size, radix: 16))\""),
            ("Accept-Ranges", "bytes"),
        ], body: method == "HEAD" ? Data() : content.data)
    }

    /// nginx's built-in error pages, CRLF line ends and all.
    private func page(_ status: Int, _ title: String, method: String) -> HTTPResponse {
        let body = ["<html>", "<head><title>\(title)</title></head>", "<body>", "<center><h1>\(title)</h1></center>",
                    "<hr><center>nginx/\(version)</center>", "</body>", "</html>", ""].joined(separator: "\r\n")
        return HTTPResponse(status: status, headers: [
            ("Server", "nginx/\(version)"),
            ("Date", HTTPResponse.httpDate(now)),
            ("Content-Type", "text/html"),
            ("Content-Length", String(body.utf8.count)),
            ("Connection", "keep-alive"),
        ], body: method == "HEAD" ? Data() : Data(body.utf8), reason: String(title.drop { $0 != " " }.dropFirst()))
    }

    /// The types of nginx's `mime.types` that a static site uses.
    static func mediaType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "html", "htm", "shtml": "text/html"
        case "css": "text/css"
        case "js": "application/javascript"
        case "json": "application/json"
        case "txt": "text/plain"
        case "xml": "text/xml"
        case "svg", "svgz": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "ico": "image/x-icon"
        case "webp": "image/webp"
        case "woff": "font/woff"
        case "woff2": "font/woff2"
        case "pdf": "application/pdf"
        default: "application/octet-stream"
        }
    }
}
