/// The few lines `docker build` ends with when the Dockerfile has findings, in the manner of
/// BuildKit's `N warnings found`: each rule's ID, level, why, and line.
public enum LintSummary {
    public static func text(_ findings: [LintFinding]) -> String {
        // A file that does not parse already failed the build with the parser's own message.
        let findings = findings.filter { $0.code != "DL1000" }
        guard !findings.isEmpty else { return "" }
        let noun = findings.count == 1 ? "finding" : "findings"
        var text = "\n \(findings.count) best-practice \(noun) (run `lint` for details, `# hadolint ignore=CODE` to silence one):\n"
        for finding in findings {
            text += " - \(finding.code) \(finding.level.rawValue): \(finding.message) (line \(finding.line))\n"
        }
        return text
    }
}
