import ArgumentParser
import Foundation

/// `layerlab bench api`: the real Docker CLI against `layerlab daemon`, timed as a learner feels it
/// (each command a whole CLI process), beside a real engine when one is given; and the daemon's memory.
public struct BenchAPI: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Time the real docker CLI against layerlab daemon (docker run --rm, docker images), and a real engine with --reference.",
        discussion: """
        The docker CLI must be on PATH. With --reference unix://PATH (e.g. the socket that
        ../shared/tools/reference-docker up starts) the same commands run against that engine too, with
        --reference-image as the image to run (refbox:1 there).
        """
    )

    @Option(help: "How many times each command runs; the median is reported.") public var iterations = 20

    @Option(help: ArgumentHelp("A real Docker engine's socket to time beside layerlab.", valueName: "unix://PATH"))
    public var reference: String?

    @Option(help: "The image the real engine runs (it has no Docker Hub).") public var referenceImage = "refbox:1"

    public init() {}

    public func validate() throws {
        guard iterations >= 1 else { throw ValidationError("--iterations must be 1 or more") }
        if let reference, !reference.hasPrefix("unix://") { throw ValidationError("--reference takes a unix socket: unix://PATH") }
    }

    public func run() throws {
        guard let docker = Self.dockerCLI else { throw ValidationError("the docker CLI is not on PATH: layerlab bench api times it") }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-api-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let daemon = Process()
        // This very program, however it was started (a name found on PATH included).
        daemon.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        daemon.arguments = ["daemon", "--home", home.path]
        let said = Pipe()
        daemon.standardOutput = said
        try daemon.run()
        defer {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        // The daemon says where it listens once it does.
        _ = said.fileHandleForReading.availableData
        let socket = "unix://" + home.appendingPathComponent("docker.sock").path
        let config = home.appendingPathComponent("cli").path
        let idle = Self.residentMegabytes(of: daemon.processIdentifier)
        _ = try Self.time(docker, ["pull", "-q", "alpine:3.20"], host: socket, config: config)
        var lines: [String] = []
        let run = try Self.median(iterations) { try Self.time(docker, ["run", "--rm", "alpine:3.20", "echo", "hi"], host: socket, config: config) }
        let images = try Self.median(iterations) { try Self.time(docker, ["images"], host: socket, config: config) }
        let busy = Self.residentMegabytes(of: daemon.processIdentifier)
        lines.append(String(format: "layerlab daemon: docker run --rm alpine:3.20 echo hi %.1f ms, docker images %.1f ms (median of %d)", run, images, iterations))
        lines.append(String(format: "layerlab daemon memory: %.1f MB idle after start, %.1f MB after the runs", idle, busy))
        if let reference {
            let realRun = try Self.median(iterations) { try Self.time(docker, ["run", "--rm", referenceImage, "echo", "hi"], host: reference, config: config) }
            let realImages = try Self.median(iterations) { try Self.time(docker, ["images"], host: reference, config: config) }
            lines.append(String(format: "real engine:     docker run --rm %@ echo hi %.1f ms, docker images %.1f ms", referenceImage, realRun, realImages))
            lines.append(String(format: "layerlab / real: run %.2fx (goal <= 0.25x), images %.2fx (goal <= 1.0x)", run / realRun, images / realImages))
        }
        print(lines.joined(separator: "\n"))
    }

    static var dockerCLI: URL? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("docker") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    /// One run of the CLI, whole (start to exit), in milliseconds; a failure stops the bench. Started
    /// with posix_spawn: Foundation's Process closes every possible descriptor first, which on this
    /// kind of machine takes longer than the CLI's whole run.
    static func time(_ docker: URL, _ arguments: [String], host: String, config: String) throws -> Double {
        let said = FileManager.default.temporaryDirectory.appendingPathComponent("layerlab-bench-api-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: said) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, said.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([docker.path] + arguments).map { $0.withCString { strdup($0) } } + [nil]
        let environment: [UnsafeMutablePointer<CChar>?] = ["DOCKER_HOST=\(host)", "DOCKER_CONFIG=\(config)", "PATH=/usr/bin:/bin"].map { $0.withCString { strdup($0) } } + [nil]
        defer { (argv + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let began = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, docker.path, &actions, nil, argv, environment) == 0 else {
            throw ValidationError("cannot start \(docker.path)")
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - began) / 1e6
        guard status == 0 else {
            let text = (try? String(contentsOf: said, encoding: .utf8)) ?? ""
            throw ValidationError("docker \(arguments.joined(separator: " ")) on \(host) failed: \(text)")
        }
        return elapsed
    }

    static func median(_ count: Int, _ sample: () throws -> Double) throws -> Double {
        let sorted = try (0..<count).map { _ in try sample() }.sorted()
        return sorted[sorted.count / 2]
    }

    /// VmRSS of a process, from /proc.
    static func residentMegabytes(of pid: Int32) -> Double {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
        else { return 0 }
        return kilobytes / 1024
    }
}
