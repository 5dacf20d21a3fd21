/// A build check's finding at its place in the Dockerfile, as BuildKit's frontend sends it: to the
/// build's progress as a vertex warning, or in the results of `docker build --check`.
public struct BuildCheckWarning: Equatable, Sendable {
    public var check: BuildCheck
    /// The lines BuildKit points at: the instruction's first to last line (for
    /// MultipleInstructionsDisallowed, the earlier instruction's, the one that will be ignored).
    public var lines: ClosedRange<Int>

    public init(check: BuildCheck, lines: ClosedRange<Int>) {
        self.check = check
        self.lines = lines
    }

    public var rule: BuildCheckRule { check.rule }
    public var message: String { check.message }

    /// The warning's one line, `Rule: message (line N)` (linter.LintFormatShort, which the Dockerfile
    /// frontend applies before it sends the warning: buildkit v0.22.0 frontend/dockerfile/builder/build.go).
    public var short: String {
        let text = "\(rule.name): \(message)"
        return lines.lowerBound > 0 ? text + " (line \(lines.lowerBound))" : text
    }
}
