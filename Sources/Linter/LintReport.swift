import Foundation
import LayerlabBasics

/// How findings are printed: hadolint's terminal lines, or its JSON array.
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
}
