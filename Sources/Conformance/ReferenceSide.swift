import Crypto
import Foundation

/// The reference side: the real Docker CLI talking to the real engine that `reference-docker up` starts
/// (dockerd 20.10 with BuildKit 0.8, distribution 2.8). Each step runs in bash in the scenario's folder;
/// `docker build` goes to the 20.10 CLI's built-in BuildKit client (the 28 CLI has no buildx here, so it
/// would use the legacy builder), with `--network none` as this engine has no bridge.
public struct ReferenceSide: Sendable {
    public var tool: String
    public var environment: [String: String]
    public var scratch: URL
    /// The reference registry's port, which scenarios call `localhost:5000`.
    public var registryPort: String
    public var engineVersion: String

    /// Starts the reference engine (or finds it running) and reads its environment.
    public static func start(tool: String, scratch: URL) async throws -> ReferenceSide {
        let base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        let up = try await ProcessRunner.bash("\"\(tool)\" up", environment: base)
        var environment = base
        for line in up.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        guard environment["DOCKER_HOST"] != nil, let port = environment["REFDOCKER_REGISTRY_PORT"] else {
            throw ProcessRunner.Failure(description: "`\(tool) up` printed no DOCKER_HOST and registry port")
        }
        let version = try await ProcessRunner.bash("docker version --format '{{.Server.Version}}'", environment: environment)
        return ReferenceSide(
            tool: tool, environment: environment, scratch: scratch, registryPort: port,
            engineVersion: "Docker \(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"
        )
    }

    func folder(for scenario: String) -> URL { scratch.appendingPathComponent("reference-\(scenario)") }

    /// The folder steps run in (the build context), which normalisation calls `/workspace`.
    public func workspace(for scenario: String) -> String { folder(for: scenario).appendingPathComponent("workspace").path }

    private func scenarioEnvironment(_ scenario: String) -> [String: String] {
        var environment = environment
        environment["DOCKER_CONFIG"] = folder(for: scenario).appendingPathComponent("docker-config").path
        environment["HOME"] = folder(for: scenario).path
        return environment
    }

    /// Puts the engine back to a fresh world: no containers, no images but the base, no build cache,
    /// and, for scenarios with a registry, an empty registry.
    public func prepare(_ scenario: Scenario) async throws {
        let folder = folder(for: scenario.name)
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(atPath: workspace(for: scenario.name), withIntermediateDirectories: true)
        try await ProcessRunner.bash(
            """
            docker ps -aq | xargs -r docker rm -f >/dev/null
            base=$(docker image inspect -f '{{.Id}}' busybox:latest)
            docker images --format '{{.Repository}}:{{.Tag}}' | grep -v -e '^busybox:latest$' -e '<none>' | xargs -r docker rmi >/dev/null
            docker images -aq --no-trunc | sort -u | grep -v -e "$base" | xargs -r docker rmi -f >/dev/null
            "$REFDOCKER_CLI" builder prune -af >/dev/null
            """,
            environment: environment
        )
        if scenario.usesRegistry {
            let directory = environment["REFDOCKER_DIR"] ?? "/tmp/reference-docker"
            try await ProcessRunner.bash(
                """
                pid=$(cat "\(directory)/registry.pid"); kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
                rm -rf "\(directory)/registry"/*
                # Started as reference-docker starts it (its `up` would also import refbox:1 again).
                nohup "\(directory)/root/usr/bin/docker-registry" serve "\(directory)/registry.yml" \
                  </dev/null >"\(directory)/registry.log" 2>&1 &
                echo $! >"\(directory)/registry.pid"
                for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:\(registryPort)/v2/" >/dev/null && exit 0; sleep 0.05; done
                exit 1
                """,
                environment: environment
            )
        }
    }

    public func run(_ step: ScenarioStep, scenario: String) async throws -> StepOutput {
        let reference = "localhost:\(registryPort)"
        let command = step.command.replacingOccurrences(of: ScenarioStep.registryAddress, with: reference)
        let prelude = """
            docker() { if [ "$1" = build ]; then shift; "$REFDOCKER_CLI" build --network none "$@"; else command docker "$@"; fi; }
            cd "\(workspace(for: scenario))"

            """
        var output = try await ProcessRunner.run(
            "/bin/bash", ["-c", prelude + command], environment: scenarioEnvironment(scenario)
        )
        for keyPath in [\StepOutput.stdout, \StepOutput.stderr] {
            output[keyPath: keyPath] = output[keyPath: keyPath].replacingOccurrences(of: reference, with: ScenarioStep.registryAddress)
        }
        return output
    }

    public func finish(_ scenario: String) {
        try? FileManager.default.removeItem(at: folder(for: scenario))
    }
}

