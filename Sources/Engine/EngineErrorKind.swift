/// The classes of moby's errdefs that the simulated engine's failures fall into; each decides the
/// HTTP status of the Engine API's answer (moby v28.2.2 api/server/httpstatus/status.go, FromError).
public enum EngineErrorKind: Sendable, Equatable {
    case notFound, invalidParameter, conflict, unauthorized, forbidden, notImplemented, system

    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .invalidParameter: 400
        case .conflict: 409
        case .unauthorized: 401
        case .forbidden: 403
        case .notImplemented: 501
        case .system: 500
        }
    }
}
