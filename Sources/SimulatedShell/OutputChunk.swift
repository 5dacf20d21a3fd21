/// Text a process wrote to one of its output streams; a run's output is a list of these in order.
public struct OutputChunk: Codable, Equatable, Sendable {
    public enum Stream: String, Codable, Sendable {
        case standardOutput = "stdout"
        case standardError = "stderr"
    }

    public var stream: Stream
    public var text: String

    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}
