import Registry

/// Where a request to the distribution API goes, from its path (`registry/api/v2/routes.go`).
enum RegistryRoute: Equatable {
    case base
    case catalog
    case tags(name: String)
    case manifest(name: String, reference: String)
    case blob(name: String, digest: String)
    /// `POST /v2/NAME/blobs/uploads/`: a new session, a mount or a monolithic upload.
    case uploads(name: String)
    case upload(name: String, id: String)
    /// A repository name outside distribution's grammar.
    case invalidName(String)
    case elsewhere

    init(path: String) {
        guard path != "/v2/" && path != "/v2" else { self = .base; return }
        guard path != "/v2/_catalog" else { self = .catalog; return }
        guard path.hasPrefix("/v2/") else { self = .elsewhere; return }
        let rest = String(path.dropFirst(4))
        let route: RegistryRoute
        let name: String
        if rest.hasSuffix("/tags/list") {
            name = String(rest.dropLast("/tags/list".count))
            route = .tags(name: name)
        } else if rest.hasSuffix("/blobs/uploads/") || rest.hasSuffix("/blobs/uploads") {
            name = String(rest[..<(rest.range(of: "/blobs/uploads", options: .backwards)?.lowerBound ?? rest.endIndex)])
            route = .uploads(name: name)
        } else if let range = rest.range(of: "/blobs/uploads/", options: .backwards) {
            name = String(rest[..<range.lowerBound])
            route = .upload(name: name, id: String(rest[range.upperBound...]))
        } else if let range = rest.range(of: "/manifests/", options: .backwards) {
            name = String(rest[..<range.lowerBound])
            route = .manifest(name: name, reference: String(rest[range.upperBound...]))
        } else if let range = rest.range(of: "/blobs/", options: .backwards) {
            name = String(rest[..<range.lowerBound])
            route = .blob(name: name, digest: String(rest[range.upperBound...]))
        } else {
            self = .elsewhere
            return
        }
        self = Registry.isValidRepositoryName(name) ? route : .invalidName(name)
    }
}
