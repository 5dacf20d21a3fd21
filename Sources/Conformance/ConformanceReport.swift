/// The suite's table and its last line, `N scenarios: A agree, D documented differences, F differ`.
public struct ConformanceReport: Sendable {
    public var results: [ScenarioResult]
    /// Where the reference outputs came from (the live engine and its version, or the recordings).
    public var referenceSource: String

    public init(results: [ScenarioResult], referenceSource: String) {
        self.results = results
        self.referenceSource = referenceSource
    }

    public var agreeing: Int { results.filter(\.agrees).count }
    public var documented: Int { results.filter(\.isDocumented).count }
    public var differing: Int { results.count - agreeing - documented }

    public static func row(_ result: ScenarioResult) -> String {
        let verdict = switch result.outcome {
        case .agree: "agree"
        case .documented(let ids): "documented: " + ids.joined(separator: ", ")
        case .differ(let line, let command, _, _): "DIFFERS at line \(line): \(command)"
        case .broken(let reason): "NOT COMPARED: \(reason)"
        }
        return result.scenario.padding(toLength: max(36, result.scenario.count + 2), withPad: " ", startingAt: 0) + verdict
    }

    /// The two sides of each differing step, normalised, for the end of the report.
    public var details: [String] {
        results.compactMap { result in
            guard case .differ(let line, let command, let reference, let layerlab) = result.outcome else { return nil }
            return """
                --- \(result.scenario):\(line) \(command)
                reference:
                \(indent(reference))
                layerlab:
                \(indent(layerlab))
                """
        }
    }

    /// The scenarios whose reference outputs drifted from the recordings, each with where.
    public var drifts: [String] { results.compactMap { result in result.recordingDrift.map { "\(result.scenario): \($0)" } } }

    /// The scenarios that differ, last in the report so that a log's tail names them.
    public var differingScenarios: [String] {
        results.compactMap { result in
            switch result.outcome {
            case .differ(let line, _, _, _): "\(result.scenario):\(line)"
            case .broken: "\(result.scenario) (not compared)"
            case .agree, .documented: nil
            }
        }
    }

    /// Differences no scenario needed: fixed, or written too narrowly; either way they should go.
    public func unusedDifferences(of all: [DocumentedDifference]) -> [String] {
        let used = Set(results.flatMap { result -> [String] in
            if case .documented(let ids) = result.outcome { ids } else { [] }
        })
        return all.map(\.id).filter { !used.contains($0) }
    }

    public var summary: String {
        "\(results.count) scenarios: \(agreeing) agree, \(documented) documented differences, \(differing) differ"
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}
