import Foundation
import LayerlabBasics

/// How findings are printed: hadolint's terminal lines, or its JSON array; and the list of rules.
public enum LintReport {
    /// `Dockerfile:4 DL3008 warning: Pin versions in apt get install. …`
    public static func tty(_ findings: [LintFinding], file: String) -> String {
        findings.map { "\(file):\($0.line) \($0.code) \($0.level.rawValue): \($0.message)\n" }.joined()
    }

    /// `[{"code":…,"line":…,"column":…,"level":…,"message":…}]`, in that key order, as `hadolint -f json`.
    public static func json(_ findings: [LintFinding]) -> String {
        let objects = findings.map { finding in
            "{\"code\":\(JSONText.quoted(finding.code)),\"line\":\(finding.line),\"column\":\(finding.column),"
                + "\"level\":\(JSONText.quoted(finding.level.rawValue)),\"message\":\(JSONText.quoted(finding.message))}"
        }
        return "[" + objects.joined(separator: ",") + "]\n"
    }

    /// `DL3008  warning  Pin versions in apt get install. …`, one line per rule in code order, the levels
    /// padded into a column. A rule hadolint leaves off shows `ignore`, as hadolint's documentation does.
    public static func rules(_ rules: [LintRule]) -> String {
        let level = { (rule: LintRule) in rule.level?.rawValue ?? "ignore" }
        let width = rules.map { level($0).count }.max() ?? 0
        return rules.sorted { $0.code < $1.code }.map { rule in
            let shown = level(rule)
            return "\(rule.code)  \(shown)\(String(repeating: " ", count: width - shown.count))  \(rule.message)\n"
        }.joined()
    }
}
