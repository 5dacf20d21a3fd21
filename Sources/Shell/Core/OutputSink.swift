import Foundation

/// Which of a command's two output streams text goes to.
public enum OutputStreamKind: Sendable {
    case standardOutput, standardError
}

/// Where a session's output goes: the process's streams, a buffer for a redirection, a test's capture.
public protocol OutputSink: AnyObject {
    func write(_ text: String, to stream: OutputStreamKind)
}

/// The process's standard output and standard error.
public final class StandardOutputSink: OutputSink {
    public init() {}

    public func write(_ text: String, to stream: OutputStreamKind) {
        let handle = stream == .standardOutput ? FileHandle.standardOutput : FileHandle.standardError
        // A full disk under a redirected output, or a reader that went away, loses the text; the
        // non-throwing `write` would stop layerlab with an exception instead.
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// Collects output in memory, keeping each stream apart and the order of both together.
public final class BufferOutputSink: OutputSink {
    public private(set) var standardOutput = ""
    public private(set) var standardError = ""
    /// Both streams interleaved as they were written, as a terminal shows them.
    public private(set) var combined = ""

    /// At most this many bytes are kept; past it the rest is dropped and `overflowed` is set. Output
    /// bound for a file is held here until the command ends, so it needs a bound.
    public let limit: Int?
    public private(set) var overflowed = false

    public init(limit: Int? = nil) {
        self.limit = limit
    }

    public func write(_ text: String, to stream: OutputStreamKind) {
        if let limit, overflowed || combined.utf8.count + text.utf8.count > limit {
            overflowed = true
            return
        }
        switch stream {
        case .standardOutput: standardOutput += text
        case .standardError: standardError += text
        }
        combined += text
    }

    public func removeAll() {
        standardOutput = ""
        standardError = ""
        combined = ""
    }
}
