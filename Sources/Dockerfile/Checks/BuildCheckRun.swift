/// BuildKit's build checks over one build (its `linter.Linter`): each check the configuration lets run
/// is kept in the order BuildKit sends it, and with `error=true` any finding fails the build once all
/// have run (buildkit v0.22.0 frontend/dockerfile/linter/linter.go, dockerfile2llb/convert.go).
///
/// The checks run in BuildKit's phases, which the builder calls as it gets there: `inspect(_:)` once the
/// file is parsed, `inspectStages(of:syntax:)` once it has stages, `inspectBases(of:…)` for the FROM
/// lines, and `dispatch(_:…)` once the base images and `.dockerignore` are loaded.
public struct BuildCheckRun: Sendable {
    public let configuration: BuildCheckConfiguration
    public private(set) var warnings: [BuildCheckWarning] = []
    /// Each rule that fired, once, in the order it first did.
    private var firedRules: [String] = []

    public init(configuration: BuildCheckConfiguration) {
        self.configuration = configuration
    }

    mutating func report(_ check: BuildCheck, lines: ClosedRange<Int>) {
        guard configuration.runs(check.rule) else { return }
        if !firedRules.contains(check.rule.name) { firedRules.append(check.rule.name) }
        warnings.append(BuildCheckWarning(check: check, lines: lines))
    }

    /// Why the build fails when `error=true` and a check fired. BuildKit lists the rules in Go's map
    /// order, which changes from run to run; layerlab lists them in the order they first fired.
    public var violation: String? {
        guard configuration.failsOnWarnings, !firedRules.isEmpty else { return nil }
        return "lint violation found for rules: " + firedRules.joined(separator: ", ")
    }
}
