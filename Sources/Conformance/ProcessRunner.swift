import Foundation

/// Runs one program to its end with a time limit, its output captured through files (a pipe that fills
/// would stall it), and answers what it printed and its status.
enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func run(
        _ executable: String, _ arguments: [String], input: String = "", directory: URL? = nil,
        environment: [String: String], timeLimit: Duration = .seconds(300)
    ) async throws -> StepOutput {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let paths = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try Data(input.utf8).write(to: paths[0])
        _ = FileManager.default.createFile(atPath: paths[1].path, contents: nil)
        _ = FileManager.default.createFile(atPath: paths[2].path, contents: nil)
        let handles = try (FileHandle(forReadingFrom: paths[0]), FileHandle(forWritingTo: paths[1]), FileHandle(forWritingTo: paths[2]))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = handles.0
        process.standardOutput = handles.1
        process.standardError = handles.2
        do { try process.run() } catch {
            throw Failure(description: "cannot start \(executable): \(error)")
        }
        let status = try await reap(process, timeLimit: timeLimit)
        try? handles.0.close()
        try? handles.1.close()
        try? handles.2.close()
        let text = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return StepOutput(stdout: text(paths[1]), stderr: text(paths[2]), status: status)
    }

    /// Waits for the process with waitpid, killing it at the time limit. Foundation's own termination
    /// handler sometimes never runs for a child whose children outlive it (a registry started in the
    /// background), leaving it a zombie and the caller waiting.
    private static func reap(_ process: Process, timeLimit: Duration) async throws -> Int32 {
        let pid = process.processIdentifier
        let deadline = ContinuousClock.now + timeLimit
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                // WIFEXITED and friends are macros: the low seven bits hold the signal, the next byte the status.
                return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            if reaped < 0 {
                // Foundation reaped it first: take its word.
                while process.isRunning { try await Task.sleep(for: .milliseconds(10)) }
                return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
            }
            if ContinuousClock.now > deadline { kill(pid, SIGKILL) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Runs a bash script; a failure (non-zero status) throws with what it printed.
    @discardableResult
    static func bash(_ script: String, environment: [String: String], directory: URL? = nil) async throws -> StepOutput {
        let output = try await run("/bin/bash", ["-c", script], directory: directory, environment: environment)
        guard output.status == 0 else {
            throw Failure(description: "`\(script.prefix(80))` failed (\(output.status)): \(output.stderr.suffix(600))")
        }
        return output
    }
}
