import Foundation

/// layerlab's side of a scenario: each step typed into a new `layerlab --home HOME` in script mode (the
/// home keeps the world between steps, as between two prompts).
public struct LayerlabSide: Sendable {
    public var binary: String
    public var scratch: URL

    public init(binary: String, scratch: URL) {
        self.binary = binary
        self.scratch = scratch
    }

    public func home(for scenario: String) -> URL { scratch.appendingPathComponent("layerlab-\(scenario)") }

    /// The folder layerlab's file commands call `/workspace`.
    public func workspace(for scenario: String) -> String { home(for: scenario).appendingPathComponent("workspace").path }

    /// Starts a scenario in a new home whose engine has `busybox:latest`, as the reference engine has.
    public func prepare(_ scenario: String) async throws {
        let home = home(for: scenario)
        try? FileManager.default.removeItem(at: home)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let pull = try await run(ScenarioStep(command: "docker pull -q busybox", side: .layerlab, line: 0), scenario: scenario)
        guard pull.status == 0 else { throw ProcessRunner.Failure(description: "layerlab cannot pull busybox: \(pull.stderr)") }
    }

    public func run(_ step: ScenarioStep, scenario: String) async throws -> StepOutput {
        if step.side == .host {
            return try await ProcessRunner.run(
                "/bin/bash", ["-c", step.command], directory: URL(fileURLWithPath: workspace(for: scenario)),
                environment: ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "LANG": "C.UTF-8"]
            )
        }
        return try await ProcessRunner.run(
            binary, ["--home", home(for: scenario).path], input: step.command + "\n",
            environment: ["PATH": "/usr/bin:/bin", "HOME": scratch.path, "NO_COLOR": "1", "LANG": "C.UTF-8"]
        )
    }

    public func finish(_ scenario: String) {
        try? FileManager.default.removeItem(at: home(for: scenario))
    }
}
