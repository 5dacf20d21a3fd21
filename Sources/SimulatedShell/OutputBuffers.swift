/// A process's two output streams, in the order they were written: a terminal shows them together,
/// `docker run` without one keeps them apart.
struct OutputBuffers {
    private(set) var chunks: [OutputChunk] = []
    /// Bytes written to both, counted against the output limit.
    private(set) var byteCount = 0

    var standardOutput: String { text(of: .standardOutput) }
    var standardError: String { text(of: .standardError) }
    var combined: String { chunks.map(\.text).joined() }

    mutating func out(_ text: String) { append(text, to: .standardOutput) }

    mutating func error(_ text: String) { append(text, to: .standardError) }

    private mutating func append(_ text: String, to stream: OutputChunk.Stream) {
        guard !text.isEmpty else { return }
        byteCount += text.utf8.count
        if chunks.last?.stream == stream { chunks[chunks.count - 1].text += text } else { chunks.append(OutputChunk(stream: stream, text: text)) }
    }

    private func text(of stream: OutputChunk.Stream) -> String {
        chunks.filter { $0.stream == stream }.map(\.text).joined()
    }
}
