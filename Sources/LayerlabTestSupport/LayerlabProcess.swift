import Foundation

/// A `layerlab` process driven line by line, whose output is collected as it comes, for tests that
/// need it alive while something else happens (a second process, a signal).
public final class LayerlabProcess: @unchecked Sendable {
    public let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private let lock = NSLock()
    private var collectedOutput = Data(), collectedErrors = Data()

    /// Starts `layerlab arguments`, or another program (`script` giving layerlab a terminal) as `executable`.
    public init(_ arguments: [String], environment: [String: String] = [:], executable: URL = BuiltBinary.url) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        // At end of file the handler is removed: corelibs Foundation would otherwise call it again and again.
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.lock.withLock { self?.collectedOutput.append(data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            self?.lock.withLock { self?.collectedErrors.append(data) }
        }
        try process.run()
    }

    deinit {
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        if exitStatus == nil && terminatingSignal == nil {
            kill(process.processIdentifier, SIGKILL)
            waitpid(process.processIdentifier, nil, 0)
        }
    }

    public var standardOutput: String { lock.withLock { String(decoding: collectedOutput, as: UTF8.self) } }
    public var standardError: String { lock.withLock { String(decoding: collectedErrors, as: UTF8.self) } }

    public func send(_ line: String) {
        type(line + "\n")
    }

    /// Writes `keys` as they are: no newline added.
    public func type(_ keys: String) {
        input.fileHandleForWriting.write(Data(keys.utf8))
    }

    public func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits until `text` has appeared on standard output or standard error; false after `seconds`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 30) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if standardOutput.contains(text) || standardError.contains(text) { return true }
            usleep(10_000)
        }
        return false
    }

    /// How the process ended, once `wait` has seen it end: its exit status, or the signal that ended it.
    public private(set) var exitStatus: Int32?
    public private(set) var terminatingSignal: Int32?

    /// Waits for the process to end (killing it after `seconds`).
    public func wait(seconds: Double = 60) {
        // Reaped here with waitpid: Foundation's Process can leave a child killed by a signal unreaped,
        // and then `waitUntilExit` and `isRunning` never see it end.
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        var reaped: Int32 = 0
        while true {
            reaped = waitpid(pid, &status, WNOHANG)
            if reaped != 0 { break }
            if Date() > deadline { kill(pid, SIGKILL) }
            usleep(10_000)
        }
        if reaped == pid {
            // WIFSIGNALED and friends are macros: the low seven bits hold the signal, the next byte the status.
            if status & 0x7f == 0 { exitStatus = (status >> 8) & 0xff } else { terminatingSignal = status & 0x7f }
        } else {
            // Foundation reaped it first: take its word.
            while process.isRunning { usleep(10_000) }
            if process.terminationReason == .exit { exitStatus = process.terminationStatus } else { terminatingSignal = process.terminationStatus }
        }
        // Let the readers take what the pipes still hold.
        usleep(50_000)
    }
}
