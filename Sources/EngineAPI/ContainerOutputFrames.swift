import Foundation
import SimulatedShell

/// A container's output as the API sends it: without a terminal, moby's stdcopy frames (the stream's
/// byte, three zeros, the length in four bytes, then the bytes) so the client can keep standard output
/// and standard error apart; with one, the bytes as the terminal gave them, each newline a CR LF (its
/// ONLCR), as a client in raw mode needs them.
enum ContainerOutputFrames {
    static func encode(_ chunks: [OutputChunk], streams: Set<OutputChunk.Stream>, multiplexed: Bool) -> Data {
        var data = Data()
        for chunk in chunks where streams.contains(chunk.stream) && !chunk.text.isEmpty {
            let bytes = multiplexed ? Data(chunk.text.utf8) : Self.terminalLineEnds(chunk.text)
            if multiplexed {
                let length = UInt32(bytes.count)
                data.append(contentsOf: [chunk.stream == .standardOutput ? 1 : 2, 0, 0, 0,
                                         UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)])
            }
            data.append(bytes)
        }
        return data
    }

    /// The media type moby names such a stream by (api/types: MediaTypeMultiplexedStream, MediaTypeRawStream).
    static func contentType(multiplexed: Bool) -> String {
        multiplexed ? "application/vnd.docker.multiplexed-stream" : "application/vnd.docker.raw-stream"
    }

    /// Each newline not already after a carriage return becomes CR LF.
    static func terminalLineEnds(_ text: String) -> Data {
        var bytes = Data()
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { bytes.append(UInt8(ascii: "\r")) }
            bytes.append(byte)
            previous = byte
        }
        return bytes
    }

    /// The `stdout=1&stderr=1` query items as the streams they ask for.
    static func streams(_ query: [String: String]) -> Set<OutputChunk.Stream> {
        Set([APIRequest.isTrue(query["stdout"]) ? .standardOutput : nil, APIRequest.isTrue(query["stderr"]) ? .standardError : nil].compactMap { $0 })
    }
}
