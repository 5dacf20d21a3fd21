/// How one step's two outputs compare.
public enum StepVerdict: Equatable, Sendable {
    case agree
    /// Equal once the named documented differences were applied.
    case documented([String])
    case differ(reference: String, layerlab: String)
}

/// Compares one step's outputs from both sides, after normalisation and, if need be, the documented
/// differences that apply to it.
public struct StepComparison: Sendable {
    public var differences: [DocumentedDifference]
    public var relativeSizeTolerance: Double
    public var absoluteSizeSlack: Double

    public init(differences: [DocumentedDifference], relativeSizeTolerance: Double = 0.10, absoluteSizeSlack: Double = 100) {
        self.differences = differences
        self.relativeSizeTolerance = relativeSizeTolerance
        self.absoluteSizeSlack = absoluteSizeSlack
    }

    public func compare(
        step: ScenarioStep, scenario: String,
        reference: StepOutput, referenceWorkspace: String,
        layerlab: StepOutput, layerlabWorkspace: String
    ) throws -> StepVerdict {
        let referenceLines = OutputNormaliser.normalise(reference, verb: step.verb, workspace: referenceWorkspace)
        let layerlabLines = OutputNormaliser.normalise(layerlab, verb: step.verb, workspace: layerlabWorkspace)
        if matches(referenceLines, layerlabLines) { return .agree }

        var rewrittenReference = referenceLines
        var rewrittenLayerlab = layerlabLines
        var used: [String] = []
        for difference in differences where difference.applies(to: step, in: scenario) {
            var changed = false
            if difference.side != .layerlab {
                let rewritten = try difference.rewrite(rewrittenReference)
                changed = changed || rewritten != rewrittenReference
                rewrittenReference = rewritten
            }
            if difference.side != .reference {
                let rewritten = try difference.rewrite(rewrittenLayerlab)
                changed = changed || rewritten != rewrittenLayerlab
                rewrittenLayerlab = rewritten
            }
            if changed { used.append(difference.id) }
        }
        if !used.isEmpty, matches(rewrittenReference, rewrittenLayerlab) { return .documented(used) }
        return .differ(reference: rewrittenReference.text, layerlab: rewrittenLayerlab.text)
    }

    private func matches(_ reference: NormalisedOutput, _ layerlab: NormalisedOutput) -> Bool {
        reference.matches(layerlab, relativeTolerance: relativeSizeTolerance, absoluteSlack: absoluteSizeSlack)
    }
}
