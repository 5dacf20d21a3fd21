import Registry

/// Why a request to a real registry failed, in the words Docker's daemon uses where it has some.
public enum RemoteRegistryError: Error, Equatable, Sendable {
    /// No answer came: `Get "URL": dial tcp …: connect: connection refused`, as Go's HTTP client
    /// words it.
    case transport(String)
    /// Credentials missing or refused: `no basic auth credentials`, `unauthorized: …`.
    case unauthorized(String)
    /// One of distribution's errors, as the registry sent it.
    case registry(RegistryError)
    /// An answer layerlab does not keep: content whose digest does not match, more bytes than the
    /// descriptor says, a challenge it cannot follow.
    case refused(String)
    /// A status the request does not expect, without an error document.
    case unexpected(status: Int)

    public var message: String {
        switch self {
        case .transport(let text), .unauthorized(let text), .refused(let text): text
        case .registry(let error): error.clientText
        // docker/distribution's registry client (registry/client/errors.go, HandleErrorResponse).
        case .unexpected(let status): "received unexpected HTTP status: \(status)"
        }
    }
}
