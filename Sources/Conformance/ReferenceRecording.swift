import Foundation

/// The reference engine's outputs for one scenario, kept in the repository so that the suite can compare
/// when the engine cannot start. Written by `make conformance-record`.
public struct ReferenceRecording: Codable, Equatable, Sendable {
    public struct Step: Codable, Equatable, Sendable {
        public var command: String
        public var output: StepOutput
    }

    public var scenario: String
    public var engine: String
    /// The folder the steps ran in, which normalisation calls `/workspace`.
    public var workspace: String
    public var steps: [Step]

    /// The recorded output of each compared step, or nil when the scenario changed since the recording.
    public func outputs(for scenario: Scenario) -> [StepOutput]? {
        let compared = scenario.comparedSteps
        guard compared.map(\.command) == steps.map(\.command) else { return nil }
        return steps.map(\.output)
    }

    /// Where the engine answered `fresh` differently from this recording of the same scenario (after
    /// normalisation, and the differences its own schedule makes): the first step and line that
    /// differ, or nil when it answered the same.
    func drift(from fresh: ReferenceRecording, scenario: Scenario, differences: [DocumentedDifference]) throws -> String? {
        guard let recorded = outputs(for: scenario), let now = fresh.outputs(for: scenario) else { return "the scenario changed since it was recorded" }
        // The engine answering one of the ways its schedule allows is not a change of the engine.
        let scheduled = differences.filter { $0.schedule == true }.map { difference in
            var both = difference
            both.side = .both
            return both
        }
        let comparison = StepComparison(differences: scheduled)
        for (index, step) in scenario.comparedSteps.enumerated() {
            let verdict = try comparison.compare(
                step: step, scenario: scenario.name,
                reference: recorded[index], referenceWorkspace: workspace,
                layerlab: now[index], layerlabWorkspace: fresh.workspace
            )
            guard case .differ(let then, let now) = verdict else { continue }
            let thenLines = then.split(separator: "\n", omittingEmptySubsequences: false)
            let nowLines = now.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(thenLines, nowLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(thenLines.count, nowLines.count)
            let line = { (lines: [Substring]) in first < lines.count ? "«\(lines[first])»" : "(nothing)" }
            return "line \(step.line) `\(step.summary)`: recorded \(line(thenLines)), now \(line(nowLines))"
        }
        return nil
    }

    public static func url(in folder: URL, scenario: String) -> URL { folder.appendingPathComponent("\(scenario).json") }

    public static func read(from folder: URL, scenario: String) -> ReferenceRecording? {
        guard let data = try? Data(contentsOf: url(in: folder, scenario: scenario)) else { return nil }
        return try? JSONDecoder().decode(ReferenceRecording.self, from: data)
    }

    public func write(to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(self) + Data("\n".utf8)).write(to: Self.url(in: folder, scenario: scenario), options: .atomic)
    }
}
