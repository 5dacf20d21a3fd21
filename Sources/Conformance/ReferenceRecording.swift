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
