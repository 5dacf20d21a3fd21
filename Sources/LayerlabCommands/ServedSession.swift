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
    /// Set (under the gate) once the session has ended: what comes after is answered without it.
    private var ended = false

    init(session: Session, reader: (any LineReader)?) {
        self.session = session
        self.reader = reader
    }

    func around(_ line: String, _ answer: () -> APIResponse) -> APIResponse {
        gate.withLock {
            if ended { return answer() }
            let announcements = BufferOutputSink()
            var response = APIResponse(status: 500, headers: [], body: Data())
            _ = session.runOutside(line, io: CommandIO(standardInput: nil, standardOutput: announcements, standardError: announcements)) {
                response = answer()
                return response.status < 400 ? 0 : 1
            }
            if !announcements.combined.isEmpty {
                if let reader { reader.interject(announcements.combined) } else { FileHandle.standardOutput.write(Data(announcements.combined.utf8)) }
            }
            return response
        }
    }

    /// The session is over (the prompt's `exit`): requests still coming are answered without it.
    /// Called holding the gate.
    func sessionEnded() {
        ended = true
    }

    func runCourseCommand(_ command: String) -> (output: String, status: Int32) {
        gate.withLock {
            if ended { return ("layerlab is stopping: no exercise is checked now\n", 1) }
            let output = BufferOutputSink()
            let status = Session(quietlyOver: session.context, output: output).execute(command)
            return (output.combined, status)
        }
    }
}

/// The prompt's reader, letting the served session in while it waits for a command line: the session
/// is the prompt's the rest of the time, a command's own questions (`Password:`, `[y/N]`) included,
/// since the command is still running then.
final class GatedLineReader: LineReader {
    private let reader: any LineReader
    private let served: ServedSession
    // Touched on the prompt's thread only.
    private var holding = true

    /// Takes the gate: the prompt holds it from now on, except while reading a command line.
    init(_ reader: any LineReader, served: ServedSession) {
        self.reader = reader
        self.served = served
        served.gate.lock()
    }

    /// The prompt is done: the session is let go for good, before the server is stopped (a request
    /// waiting for the gate would otherwise keep the server's thread, and its stop, waiting).
    func release() {
        guard holding else { return }
        served.sessionEnded()
        holding = false
        served.gate.unlock()
    }

    func readLine(prompt: LinePrompt) -> LineReadResult {
        guard holding, !prompt.isAnswer else { return reader.readLine(prompt: prompt) }
        served.gate.unlock()
        defer { served.gate.lock() }
        return reader.readLine(prompt: prompt)
    }

    func remember(_ line: String) {
        reader.remember(line)
    }

    func interject(_ text: String) {
        reader.interject(text)
    }
}
