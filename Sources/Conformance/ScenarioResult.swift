/// What running one scenario on both sides found.
public struct ScenarioResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        case agree
        case documented(differences: [String])
        case differ(line: Int, command: String, reference: String, layerlab: String)
        /// The scenario could not be compared (a side failed to run, no recording offline).
        case broken(String)
    }

    public var scenario: String
    public var title: String
    public var outcome: Outcome
    /// How the reference engine's outputs now differ from the recording (live runs only): the first
    /// step and line that do.
    public var recordingDrift: String?

    public var agrees: Bool { outcome == .agree }
    public var isDocumented: Bool { if case .documented = outcome { true } else { false } }
}
