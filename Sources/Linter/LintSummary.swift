/// The few lines layerlab adds after `docker build` when the Dockerfile has hadolint findings: each
/// rule's ID, level, why, and line. They start with `layerlab:`, as Docker prints nothing of the kind
/// (BuildKit's own build checks are a different rule set).
public enum LintSummary {
    public static func text(_ findings: [LintFinding]) -> String {
        // A file that does not parse already failed the build with the parser's own message.
        let findings = findings.filter { $0.code != LintRule.dl1000.code }
        guard !findings.isEmpty else { return "" }
        let noun = findings.count == 1 ? "finding" : "findings"
        var text = "\nlayerlab: \(findings.count) hadolint \(noun) (run `lint` for details, `# hadolint ignore=CODE` to silence one):\n"
        for finding in findings {
            text += " - \(finding.code) \(finding.level.rawValue): \(finding.message) (line \(finding.line))\n"
        }
        return text
    }
}
