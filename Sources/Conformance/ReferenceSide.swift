import Foundation

/// The reference side: the real Docker CLI talking to the real engine that `reference-docker up` starts
/// (dockerd 20.10 with BuildKit 0.8, distribution 2.8). Each step runs in bash in the scenario's folder;
/// `docker build` goes to the 20.10 CLI's built-in BuildKit client (the 28 CLI has no buildx here, so it
/// would use the legacy builder), with `--network none` as this engine has no bridge.
public struct ReferenceSide: Sendable {
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
            environment: environment, scratch: scratch, registryPort: port,
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
        for registry in registries where scenario.uses(registry: registry.address) {
            try await restart(registry)
        }
    }

    /// Where reference-docker keeps the engine's files (its `REFDOCKER_DIR`).
    var directory: String { environment["REFDOCKER_DIR"] ?? "/tmp/reference-docker" }

    /// A registry beside the reference engine, and the address scenarios call it by.
    struct Registry {
        var address: String
        var port: Int
        var configuration: String
        var storage: String
        var pidFile: String
        /// Written before each start: the config and htpasswd of a registry that wants a login.
        var setUp: String = ""
    }

    /// reference-docker's registry, and one with htpasswd authentication that this suite runs itself.
    var registries: [Registry] {
        let port = Int(registryPort) ?? 5055
        let auth = directory + "/auth-registry"
        return [
            Registry(address: ScenarioStep.registryAddress, port: port, configuration: directory + "/registry.yml",
                     storage: directory + "/registry", pidFile: directory + "/registry.pid"),
            Registry(
                address: ScenarioStep.authenticatedRegistryAddress, port: port + 1, configuration: auth + "/config.yml",
                storage: auth + "/storage", pidFile: auth + "/registry.pid",
                setUp: """
                    mkdir -p "\(auth)/storage"
                    python3 -W ignore -c 'import crypt; print("alice:" + crypt.crypt("secret", crypt.mksalt(crypt.METHOD_BLOWFISH)))' >"\(auth)/htpasswd"
                    printf 'version: 0.1\\nstorage:\\n  filesystem:\\n    rootdirectory: %s\\nhttp:\\n  addr: 127.0.0.1:%s\\nauth:\\n  htpasswd:\\n    realm: basic-realm\\n    path: %s\\n' \\
                      "\(auth)/storage" "\(port + 1)" "\(auth)/htpasswd" >"\(auth)/config.yml"
                    """
            ),
        ]
    }

    /// Starts a registry again with nothing stored, as reference-docker starts its own (whose `up`
    /// would also import refbox:1 again).
    private func restart(_ registry: Registry) async throws {
        try await ProcessRunner.bash(
            """
            if [ -f "\(registry.pidFile)" ]; then
              pid=$(cat "\(registry.pidFile)"); kill "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
            fi
            rm -rf "\(registry.storage)"/*
            \(registry.setUp)
            nohup "\(directory)/root/usr/bin/docker-registry" serve "\(registry.configuration)" </dev/null >"\(registry.storage).log" 2>&1 &
            echo $! >"\(registry.pidFile)"
            for _ in $(seq 1 100); do
              code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:\(registry.port)/v2/")
              [ "$code" = 200 ] || [ "$code" = 401 ] && exit 0
              sleep 0.05
            done
            exit 1
            """,
            environment: environment
        )
    }

    /// A build goes to the 20.10 CLI, whose BuildKit client prints BuildKit's output; with
    /// DOCKER_BUILDKIT=0 it stays with the Docker 28 CLI, which asks the daemon's classic builder.
    public func run(_ step: ScenarioStep, scenario: String) async throws -> StepOutput {
        let registries = self.registries
        var command = step.command
        for registry in registries { command = command.replacingOccurrences(of: registry.address, with: "localhost:\(registry.port)") }
        let prelude = """
            docker() { if [ "$1" = build ] && [ "${DOCKER_BUILDKIT:-1}" != 0 ]; then shift; "$REFDOCKER_CLI" build --network none "$@"; else command docker "$@"; fi; }
            cd "\(workspace(for: scenario))"

            """
        var output = try await ProcessRunner.run(
            "/bin/bash", ["-c", prelude + command], environment: scenarioEnvironment(scenario)
        )
        for keyPath in [\StepOutput.stdout, \StepOutput.stderr] {
            for registry in registries {
                output[keyPath: keyPath] = output[keyPath: keyPath].replacingOccurrences(of: "localhost:\(registry.port)", with: registry.address)
            }
        }
        return output
    }

    public func finish(_ scenario: String) {
        try? FileManager.default.removeItem(at: folder(for: scenario))
    }
}

