import Foundation
import LayerlabTestSupport
import Testing

/// What the suites that run the real Docker CLI against `layerlab daemon` share: running the CLI on
/// the daemon's socket with a config folder of its own, starting and stopping the daemon, and what
/// the prompt prints for the same commands on a world of the same home.
protocol RealDockerCLISuite {
    /// The test's layerlab home: the prompt's world first, then (removed and made anew) the daemon's.
    var home: URL { get }
}

extension RealDockerCLISuite {
    /// Runs the real CLI against the socket: status, standard output, standard error. `environment`
    /// adds variables (`DOCKER_BUILDKIT=0`); `directory` is its working folder (a build's `.`);
    /// `input` is piped to it.
    func docker(_ arguments: [String], socket: String, environment: [String: String] = [:], in directory: URL? = nil, input: String? = nil) throws -> (status: Int32, output: String, error: String) {
        let cli = try #require(DockerCLIBinary.url, "the docker CLI is not on PATH")
        let process = Process()
        process.executableURL = cli
        process.arguments = arguments
        // A config folder of its own: the learner's real ~/.docker (contexts, credentials) stays out of it.
        process.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path, "PATH": "/usr/bin:/bin"]
            .merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let typed = Pipe()
        if input != nil { process.standardInput = typed }
        try process.run()
        if let input {
            typed.fileHandleForWriting.write(Data(input.utf8))
            try typed.fileHandleForWriting.close()
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Runs the real CLI on a terminal of its own (a pseudo-terminal: `-it` needs one), typing each of
    /// `keys` once the CLI has printed something after the last; returns its status and all it showed.
    func dockerOnTerminal(_ arguments: [String], keys: [String], socket: String) throws -> (status: Int32, shown: String) {
        let cli = try #require(DockerCLIBinary.url, "the docker CLI is not on PATH")
        var controller: Int32 = -1, terminal: Int32 = -1
        try #require(openpty(&controller, &terminal, nil, nil, nil) == 0)
        let process = Process()
        process.executableURL = cli
        process.arguments = arguments
        process.environment = ["DOCKER_HOST": "unix://" + socket, "DOCKER_CONFIG": home.appendingPathComponent("cli").path, "PATH": "/usr/bin:/bin", "TERM": "xterm"]
        let side = FileHandle(fileDescriptor: terminal, closeOnDealloc: true)
        process.standardInput = side
        process.standardOutput = side
        process.standardError = side
        try process.run()
        try side.close()
        var shown = Data()
        func read(quietFor seconds: Double) {
            var buffer = [UInt8](repeating: 0, count: 4096)
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            while poll(&poller, 1, Int32(seconds * 1000)) > 0 {
                let count = Glibc.read(controller, &buffer, buffer.count)
                guard count > 0 else { return }
                shown.append(contentsOf: buffer[0..<count])
            }
        }
        read(quietFor: 1)
        for key in keys {
            _ = key.utf8CString.withUnsafeBufferPointer { Glibc.write(controller, $0.baseAddress, $0.count - 1) }
            read(quietFor: 0.5)
        }
        read(quietFor: 1)
        process.waitUntilExit()
        close(controller)
        return (process.terminationStatus, String(decoding: shown, as: UTF8.self))
    }

    /// Starts `layerlab daemon` on the test's home and waits until it says where its socket is.
    func startDaemon() throws -> (process: LayerlabProcess, socket: String) {
        let daemon = try LayerlabProcess(["daemon", "--home", home.path])
        let socket = home.appendingPathComponent("docker.sock").path
        #expect(daemon.waitFor("export DOCKER_HOST=unix://\(socket)"), "\(daemon.standardError)")
        return (daemon, socket)
    }

    /// A docker command as typed at the prompt, words with spaces or shell characters quoted.
    static func promptLine(_ command: [String]) -> String {
        "docker " + command.map { $0.contains { " *{>".contains($0) } ? "'\($0)'" : $0 }.joined(separator: " ")
    }

    /// Each command through the socket succeeds and prints what the prompt printed for it.
    func expectSameOutput(_ commands: [[String]], as expected: [String], socket: String) throws {
        for (command, prompted) in zip(commands, expected) {
            let real = try docker(command, socket: socket)
            #expect(real.status == 0, "docker \(command): \(real.error)")
            #expect(real.output == prompted, "docker \(command.joined(separator: " "))")
        }
    }

    func stop(_ daemon: LayerlabProcess) {
        kill(daemon.process.processIdentifier, SIGTERM)
        daemon.wait(seconds: 10)
    }

    /// What the prompt prints for each command, each output kept apart by a marker line.
    func prompt(_ commands: [String]) throws -> [String] {
        let marker = "----- next -----"
        let script = commands.flatMap { [$0, "echo '\(marker)'"] }.joined(separator: "\n") + "\n"
        let run = try BuiltBinary.run(["--home", home.path], input: script)
        return run.output.components(separatedBy: marker + "\n").dropLast().map { $0 }
    }
}

/// The real Docker CLI on PATH, if there is one.
enum DockerCLIBinary {
    static var url: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("docker") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static var shouldRun: Bool {
        url != nil || ProcessInfo.processInfo.environment["LAYERLAB_REQUIRE_DOCKER_CLI"] == "1"
    }
}
