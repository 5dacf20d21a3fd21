import LayerlabBasics
import ProgressStore
import Shell
import ShellSyntax

/// Keeps every command of a session in the progress database's command log, with when it started
/// and ended; says once, at the prompt, when the database fails and progress is not being saved.
public final class CommandLog: SessionObserver {
    let progress: ProgressConnection
    private var failureReported = false

    public init(progress: ProgressConnection) {
        self.progress = progress
    }

    public func sessionDidStart(io: CommandIO, context: ShellContext) {
        // Whose session it is is not known yet when the course is about to ask: it opens the log with the answer.
        if !context.asksLearnerName { progress.open() }
    }

    public func commandWasKept(_ line: String, status: Int32, outcome: CommandOutcome, io: CommandIO, context: ShellContext) {
        do {
            let (database, sessionID) = try progress.get()
            try database.logCommand(CommandLogEntry(
                sessionID: sessionID, at: context.clock.now, line: line, exitStatus: Int(status), outcome: Self.entryOutcome(outcome)
            ))
        } catch {
            guard !failureReported else { return }
            failureReported = true
            io.printError("layerlab: \(error.message); progress is not being saved")
            if let hint = error.hint { io.printError(context.style.hint(hint)) }
        }
    }

    public func sessionDidEnd(context: ShellContext) {
        defer { progress.close() }
        guard let (database, sessionID) = try? progress.get() else { return }
        try? database.endSession(id: sessionID, at: context.clock.now)
    }

    static func entryOutcome(_ outcome: CommandOutcome) -> CommandLogEntry.Outcome {
        switch outcome {
        case .succeeded: .succeeded
        case .failed: .failed
        case .syntaxError: .syntaxError
        case .unknownCommand: .unknownCommand
        case .internalError: .internalError
        }
    }
}
