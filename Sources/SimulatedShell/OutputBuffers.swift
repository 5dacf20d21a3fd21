import Foundation
import LayerStore

/// A process's two output streams, in the order they were written: a terminal shows them together,
/// `docker run` without one keeps them apart. What programs write as bytes (`head -c`, `dd`, `cat`
/// of a file) stays a `FileContent`, so a gigabyte of zeros redirected to a file is never held; only
/// what reads the output as text (a pipe, `$(…)`, the terminal) turns it into text, and the shell
/// checks its size first.
struct OutputBuffers {
    /// What one write put on a stream.
    enum Payload {
        case text(String)
        case content(FileContent)
        /// A device read whole, which never ends (`cat /dev/zero`): nothing written after it arrives.
        case endless(Device)
    }

    /// Writes in order; text written in a row to one stream is one piece, grown in place.
    private(set) var pieces: [(stream: OutputChunk.Stream, payload: Payload)] = []
    private var lastText: String?
    /// Bytes held in memory (a run of zeros written costs none), kept as writes come: the shell
    /// checks it at every step.
    private(set) var residentBytes: Int64 = 0
    /// The first device without end written to either stream.
    private(set) var endless: Device?

    var standardOutput: String { text(of: [.standardOutput]) }
    var standardError: String { text(of: [.standardError]) }

    /// Both streams as chunks of text, the order kept.
    var chunks: [OutputChunk] {
        var chunks: [OutputChunk] = []
        for piece in everything {
            let text = Self.text(of: piece.payload)
            if chunks.last?.stream == piece.stream { chunks[chunks.count - 1].text += text } else { chunks.append(OutputChunk(stream: piece.stream, text: text)) }
        }
        return chunks
    }

    /// Every piece, the text being written last included.
    var everything: [(stream: OutputChunk.Stream, payload: Payload)] {
        guard let lastText, let stream = lastStream else { return pieces }
        return pieces + [(stream, .text(lastText))]
    }

    private var lastStream: OutputChunk.Stream?

    /// Bytes written to the streams, counted against the output limits (an endless device counts none).
    func size(of streams: Set<OutputChunk.Stream>) -> Int64 {
        everything.filter { streams.contains($0.stream) }.reduce(0) { total, piece in
            switch piece.payload {
            case .text(let text): total + Int64(text.utf8.count)
            case .content(let content): total + content.size
            case .endless: total
            }
        }
    }

    /// The endless device written on one of `streams`, if any.
    func endlessDevice(on streams: Set<OutputChunk.Stream>) -> Device? {
        for piece in pieces where streams.contains(piece.stream) {
            if case .endless(let device) = piece.payload { return device }
        }
        return nil
    }

    /// What the streams carry as a file's content, for a redirection to a file.
    func content(of streams: Set<OutputChunk.Stream>) -> FileContent {
        FileContent.concatenating(everything.filter { streams.contains($0.stream) }.compactMap { piece -> FileContent? in
            switch piece.payload {
            case .text(let text): .text(text)
            case .content(let content): content
            case .endless: nil
            }
        })
    }

    /// What the streams carry as text, an endless device as its first `deviceBytes` bytes, for a
    /// pipe's reader or `$(…)`, which would have stopped reading there.
    func text(of streams: Set<OutputChunk.Stream>, deviceBytes: Int64 = 0) -> String {
        var text = ""
        for piece in everything where streams.contains(piece.stream) {
            if case .endless(let device) = piece.payload {
                text += Self.text(of: .content(device.bytes(deviceBytes)))
                break
            }
            text += Self.text(of: piece.payload)
        }
        return text
    }

    mutating func out(_ text: String) { append(.text(text), to: .standardOutput) }

    mutating func error(_ text: String) { append(.text(text), to: .standardError) }

    mutating func append(_ payload: Payload, to stream: OutputChunk.Stream) {
        switch payload {
        case .text(let text):
            guard !text.isEmpty else { return }
            residentBytes += Int64(text.utf8.count)
            if lastText != nil, lastStream == stream {
                lastText? += text
                return
            }
            closeText()
            lastText = text
            lastStream = stream
            return
        case .content(let content):
            guard content.size > 0 else { return }
            residentBytes += content.residentBytes
        case .endless(let device):
            if endless == nil { endless = device }
        }
        closeText()
        pieces.append((stream, payload))
    }

    /// Ends the text being written, so what comes next follows it.
    private mutating func closeText() {
        guard let text = lastText, let stream = lastStream else { return }
        pieces.append((stream, .text(text)))
        lastText = nil
        lastStream = nil
    }

    /// Drops what is past the first `bytes` bytes and any endless device: what a stopped process had
    /// written when it was stopped.
    mutating func keepFirst(_ bytes: Int64) {
        let written = everything
        self = OutputBuffers()
        var room = bytes
        for piece in written {
            switch piece.payload {
            case .text(let text):
                let count = Int64(text.utf8.count)
                append(.text(count <= room ? text : String(decoding: text.utf8.prefix(Int(room)), as: UTF8.self)), to: piece.stream)
                room -= min(room, count)
            case .content(let content):
                append(.content(content.prefix(room)), to: piece.stream)
                room -= min(room, content.size)
            case .endless:
                continue
            }
        }
    }

    /// Text as a terminal shows bytes: valid UTF-8 as it is, anything else as U+FFFD.
    private static func text(of payload: Payload) -> String {
        switch payload {
        case .text(let text): text
        case .content(let content): String(decoding: content.data, as: UTF8.self)
        case .endless: ""
        }
    }
}
