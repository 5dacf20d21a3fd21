import Foundation

/// Runs scenarios on layerlab and on the reference engine (live, or from the recordings when the engine
/// cannot run) and compares them step by step.
public struct ConformanceSuite: Sendable {
    public enum Reference: Sendable {
        /// The engine runs: compare with it; `record` also rewrites the recordings.
        case live(ReferenceSide, record: Bool)
        /// Compare with the recordings.
        case recorded
    }

    public var scenarios: [Scenario]
    public var comparison: StepComparison
    public var layerlab: LayerlabSide
    public var recordings: URL

    public init(scenarios: [Scenario], comparison: StepComparison, layerlab: LayerlabSide, recordings: URL) {
        self.scenarios = scenarios
        self.comparison = comparison
        self.layerlab = layerlab
        self.recordings = recordings
    }

    /// Reads every `*.scenario` file of a folder, in name order.
    public static func loadScenarios(from folder: URL) throws -> [Scenario] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".scenario") }.sorted()
        return try names.map { file in
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            return try Scenario.parse(name: String(file.dropLast(".scenario".count)), text: text)
        }
    }

    /// Prepares the reference engine's base image once before live runs.
    public func prepareReference(_ reference: ReferenceSide) async throws {
        try await ReferenceBaseImage.install(reference: reference, layerlab: layerlab)
    }

    public func run(_ scenario: Scenario, against reference: Reference) async -> ScenarioResult {
        defer { layerlab.finish(scenario.name) }
        do {
            return try await compare(scenario, against: reference)
        } catch {
            return ScenarioResult(scenario: scenario.name, title: scenario.title, outcome: .broken("\(error)"), recordingDrift: nil)
        }
    }

    private func compare(_ scenario: Scenario, against reference: Reference) async throws -> ScenarioResult {
        try await layerlab.prepare(scenario.name)
        let recording = ReferenceRecording.read(from: recordings, scenario: scenario.name)
        var liveSide: ReferenceSide?
        if case .live(let side, _) = reference {
            liveSide = side
            try await side.prepare(scenario)
        }
        defer { liveSide?.finish(scenario.name) }
        guard liveSide != nil || recording?.outputs(for: scenario) != nil else {
            let outcome = ScenarioResult.Outcome.broken(
                recording == nil ? "no recording of the reference engine" : "the scenario changed since it was recorded"
            )
            return ScenarioResult(scenario: scenario.name, title: scenario.title, outcome: outcome, recordingDrift: "the scenario changed since it was recorded")
        }

        var referenceOutputs: [StepOutput] = []
        var layerlabOutputs: [StepOutput] = []
        var recordedOutputs = recording?.outputs(for: scenario)?.makeIterator()
        for step in scenario.steps {
            switch step.side {
            case .layerlab:
                _ = try await layerlab.run(step, scenario: scenario.name)
            case .reference:
                _ = try await liveSide?.run(step, scenario: scenario.name)
            case .both, .host:
                async let mine = layerlab.run(step, scenario: scenario.name)
                if let liveSide {
                    referenceOutputs.append(try await liveSide.run(step, scenario: scenario.name))
                } else if let recorded = recordedOutputs?.next() {
                    referenceOutputs.append(recorded)
                }
                layerlabOutputs.append(try await mine)
            }
        }

        let referenceWorkspace = liveSide?.workspace(for: scenario.name) ?? recording?.workspace ?? "/workspace"
        var drift: String?
        if let liveSide {
            let fresh = ReferenceRecording(
                scenario: scenario.name, engine: liveSide.engineVersion, workspace: referenceWorkspace,
                steps: zip(scenario.comparedSteps, referenceOutputs).map { .init(command: $0.command, output: $1) }
            )
            drift = try recording.map { try $0.drift(from: fresh, scenario: scenario, differences: comparison.differences) } ?? "no recording"
            if case .live(_, record: true) = reference { try fresh.write(to: recordings) }
        }

        var documented: [String] = []
        for (index, step) in scenario.comparedSteps.enumerated() {
            let verdict = try comparison.compare(
                step: step, scenario: scenario.name,
                reference: referenceOutputs[index], referenceWorkspace: referenceWorkspace,
                layerlab: layerlabOutputs[index], layerlabWorkspace: layerlab.workspace(for: scenario.name)
            )
            switch verdict {
            case .agree: continue
            case .documented(let ids): documented += ids.filter { !documented.contains($0) }
            case .differ(let expected, let actual):
                let outcome = ScenarioResult.Outcome.differ(line: step.line, command: step.summary, reference: expected, layerlab: actual)
                return ScenarioResult(scenario: scenario.name, title: scenario.title, outcome: outcome, recordingDrift: drift)
            }
        }
        let outcome: ScenarioResult.Outcome = documented.isEmpty ? .agree : .documented(differences: documented)
        return ScenarioResult(scenario: scenario.name, title: scenario.title, outcome: outcome, recordingDrift: drift)
    }

}
