import EngineAPI
import Foundation
import LayerlabBasics
import Shell

/// A session whose world is also served on the Engine API socket, by the prompt or by `layerlab
/// daemon`: a request that may change the world is run as a command of the session (an undo step,
/// in the command log, the exercise checked after it, a goal announced above the line being typed),
/// and `layerlab check` / `layerlab hint` from another shell run here.
///
/// The session is not thread-safe and the server answers on its own thread, so the session is used
/// only while holding `gate`; the prompt holds it all the time except while it waits for a line
/// (see `GatedLineReader`).
final class ServedSession: WorldChangeObserver, @unchecked Sendable {
    private let session: Session
    let gate = NSLock()
    /// The prompt's reader, which shows announcements above its line; nil for `layerlab daemon`.
    private let reader: (any LineReader)?

    init(session: Session, reader: (any LineReader)?) {
        self.session = session
        self.reader = reader
    }

    func around(_ line: String, _ answer: () -> APIResponse) -> APIResponse {
        gate.withLock {
            let announcements = BufferOutputSink()
            var response: APIResponse?
            _ = session.runOutside(line, io: CommandIO(standardInput: nil, standardOutput: announcements, standardError: announcements)) {
                let answered = answer()
                response = answered
                return answered.status < 400 ? 0 : 1
            }
            if !announcements.combined.isEmpty {
                if let reader { reader.interject(announcements.combined) } else { FileHandle.standardOutput.write(Data(announcements.combined.utf8)) }
            }
            return response ?? answer()
        }
    }

    func runCourseCommand(_ command: String) -> (output: String, status: Int32) {
        gate.withLock {
            let output = BufferOutputSink()
            let status = Session(quietlyOver: session.context, output: output).execute(command)
            return (output.combined, status)
        }
    }
}

/// The prompt's reader, letting the served session in while it waits for a line: the session is the
/// prompt's the rest of the time.
final class GatedLineReader: LineReader {
    private let reader: any LineReader
    private let gate: NSLock

    /// Takes the gate: the prompt holds it from now on, except while reading.
    init(_ reader: any LineReader, gate: NSLock) {
        self.reader = reader
        self.gate = gate
        gate.lock()
    }

    deinit {
        gate.unlock()
    }

    func readLine(prompt: LinePrompt) -> LineReadResult {
        gate.unlock()
        defer { gate.lock() }
        return reader.readLine(prompt: prompt)
    }

    func remember(_ line: String) {
        reader.remember(line)
    }

    func interject(_ text: String) {
        reader.interject(text)
    }
}
