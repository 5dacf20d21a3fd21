import Dockerfile

/// One report of a build's progress, as BuildKit's solver status stream carries it.
public enum BuildEvent: Sendable, Equatable {
    case started(vertex: Int, name: String)
    /// What the vertex is doing (`transferring dockerfile: 67B done`).
    case status(vertex: Int, text: String)
    /// A line the step's process wrote, `seconds` after the step started.
    case log(vertex: Int, line: String, seconds: Double)
    case completed(vertex: Int, seconds: String)
    case cached(vertex: Int)
    case failed(vertex: Int, message: String)
    /// A build check's finding, which the Dockerfile frontend attaches to the vertex that loaded the
    /// Dockerfile (a VertexWarning).
    case warning(vertex: Int, warning: BuildCheckWarning)
}
