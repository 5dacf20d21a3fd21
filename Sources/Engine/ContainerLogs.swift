import SimulatedShell

/// What a container's main process printed, stream by stream, in the order it was written (`docker
/// logs` and an attached `docker run` without a terminal keep standard error apart).
public struct ContainerLogs: Codable, Equatable, Sendable {
    public private(set) var chunks: [OutputChunk]

    public init(chunks: [OutputChunk] = []) {
        self.chunks = chunks
    }

    /// Records written before the streams were kept apart hold one string, read as standard output.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            chunks = text.isEmpty ? [] : [OutputChunk(stream: .standardOutput, text: text)]
        } else {
            chunks = try container.decode([OutputChunk].self)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(chunks)
    }

    public var combined: String { chunks.map(\.text).joined() }

    public mutating func append(_ more: [OutputChunk]) {
        chunks += more
    }

    /// What `--tail` (the API's `tail`) asks for: the last N lines, or every line for `all`, for
    /// nothing given, or for what is not a count.
    public func tail(_ option: String?) -> ContainerLogs {
        guard let count = option.flatMap(Int.init), count >= 0 else { return self }
        return tail(count)
    }

    /// The last `count` lines, each kept on its own stream (`docker logs --tail N`).
    public func tail(_ count: Int) -> ContainerLogs {
        var lines: [OutputChunk] = []
        for chunk in chunks {
            var rest = Substring(chunk.text)
            while let newline = rest.firstIndex(of: "\n") {
                lines.append(OutputChunk(stream: chunk.stream, text: String(rest[...newline])))
                rest = rest[rest.index(after: newline)...]
            }
            if !rest.isEmpty { lines.append(OutputChunk(stream: chunk.stream, text: String(rest))) }
        }
        return ContainerLogs(chunks: Array(lines.suffix(max(count, 0))))
    }
}
