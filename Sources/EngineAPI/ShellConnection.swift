import Engine
import Foundation
import NIOCore
import SimulatedShell
import SimulatedWorld

/// A container's shell typed into over a hijacked connection: `docker run -it IMAGE sh` (the main
/// process) or `docker exec -it CONTAINER sh`. With a terminal, keys go through a cooked-mode line
/// discipline and the prompt and output come raw, each newline as CR LF as the terminal's ONLCR makes
/// it; without one (`-i` alone, input piped), lines are read as they come and the output is framed.
/// Lives on the server's event loop.
final class ShellConnection {
    private let world: SimulatedWorld
    private let shell: ContainerShell
    private let output: StreamOutput
    private var discipline: LineDiscipline
    /// Input that came before the shell started (a client typing before `start`).
    private var early: [UInt8] = []
    private var closedEarly = false
    /// A line is running (as a command of the serving session); what comes meanwhile waits.
    private var running = false
    private var waiting: [LineDiscipline.Action] = []
    private var begun = false
    private var ended = false
    /// Told the shell's status when it ends by itself (an exec's inspect reports it).
    private let onEnd: (Int32) -> Void
    /// The serving session, which takes each line as a command (an undo step, checked after it).
    private let observer: (any WorldChangeObserver)?

    init(world: SimulatedWorld, shell: ContainerShell, output: StreamOutput, terminal: Bool, observer: (any WorldChangeObserver)?,
         onEnd: @escaping (Int32) -> Void = { _ in }) {
        self.world = world
        self.shell = shell
        self.output = output
        discipline = LineDiscipline(terminal: terminal)
        self.observer = observer
        self.onEnd = onEnd
    }

    /// The container's shell ended under it (the container stopped or went): moby kills the process.
    func containerEnded() {
        guard !ended else { return }
        ended = true
        onEnd(137)
        output.finish()
    }

    /// The shell starts reading; with a terminal it shows its prompt (not when a client attaches to a
    /// shell already waiting: a real one shows nothing until a key is pressed).
    func begin(showingPrompt: Bool) {
        guard !begun else { return }
        begun = true
        if showingPrompt && discipline.terminal { write(shell.prompt) }
        if !early.isEmpty {
            let bytes = early
            early = []
            act(on: discipline.feed(bytes))
        }
        if closedEarly { inputClosed() }
    }

    func receive(_ buffer: ByteBuffer) {
        guard !ended else { return }
        let bytes = Array(buffer.readableBytesView)
        // Input typed before the shell starts is kept up to a terminal's line (N_TTY's 4095 bytes).
        if begun { act(on: discipline.feed(bytes)) } else { early += bytes.prefix(max(0, LineDiscipline.lineLimit - early.count)) }
    }

    /// The client closed its input (piped input ran out).
    func inputClosed() {
        guard !ended else { return }
        guard begun else { return closedEarly = true }
        act(on: discipline.close())
    }

    private func act(on actions: [LineDiscipline.Action]) {
        for action in actions where !ended {
            // While a line runs, what is typed is echoed (a terminal echoes type-ahead) and waits.
            if running, action != .detach {
                if case .echo(let bytes) = action { output.send(Data(bytes)) } else { waiting.append(action) }
                continue
            }
            switch action {
            case .echo(let bytes):
                output.send(Data(bytes))
            case .line(let line):
                run(line)
            case .interrupt:
                write(shell.prompt)
            case .endOfInput:
                end(status: 0)
            case .detach:
                // The client leaves; the shell and its container go on.
                ended = true
                output.finish()
            }
        }
    }

    private func run(_ line: String) {
        if let status = ContainerShell.exitStatus(of: line) {
            end(status: status)
            return
        }
        guard let observer else { return finishLine(LineRunner(shell: shell, world: world).run(line)) }
        // The line is a command of the serving session, which may be busy with the prompt's own
        // command: it waits for it off the server's thread, and the connection goes on after it.
        running = true
        let loop = output.channel.eventLoop
        let connection = NIOLoopBound(self, eventLoop: loop)
        let runner = LineRunner(shell: shell, world: world)
        let label = "docker-api shell " + String(shell.containerID.prefix(12)) + " " + EngineAPIRouter.shellWord(line)
        EngineAPIRouter.sessionQueue.async {
            var chunks: [OutputChunk] = []
            _ = observer.around(label) {
                chunks = runner.run(line)
                return APIResponse(status: 200, headers: [], body: Data())
            }
            let printed = chunks
            loop.execute {
                let connection = connection.value
                connection.running = false
                connection.finishLine(printed)
                let next = connection.waiting
                connection.waiting = []
                connection.act(on: next)
            }
        }
    }

    private func finishLine(_ chunks: [OutputChunk]) {
        guard !ended else { return }
        write(chunks)
        if discipline.terminal { write(shell.prompt) }
    }

    private func end(status: Int32) {
        ended = true
        onEnd(status)
        world.perform { engine in shell.end(status: status, in: engine) }
        // A main process's end stops its container, and the stream ends with it; an exec's ends here.
        if !shell.isMainProcess { output.finish() }
    }

    private func write(_ text: String) {
        write([OutputChunk(stream: .standardOutput, text: text)])
    }

    private func write(_ chunks: [OutputChunk]) {
        output.send(ContainerOutputFrames.encode(chunks, streams: [.standardOutput, .standardError], multiplexed: !discipline.terminal))
    }

    /// One line run in the shell from the serving session's queue. The shell is used by one line at a
    /// time (the connection waits for each line before the next), which is what makes handing it over safe.
    private struct LineRunner: @unchecked Sendable {
        let shell: ContainerShell
        let world: SimulatedWorld

        func run(_ line: String) -> [OutputChunk] {
            do throws(EngineError) {
                return try world.perform { engine throws(EngineError) in try shell.run(line, in: engine) }.chunks
            } catch {
                return [OutputChunk(stream: .standardError, text: error.message + "\n")]
            }
        }
    }
}
