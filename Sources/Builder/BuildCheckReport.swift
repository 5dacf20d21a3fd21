import Dockerfile

/// What `docker build --check` gets back from BuildKit's Dockerfile frontend (buildkit v0.22.0
/// frontend/subrequests/lint/lint.go LintResults): the warnings, the Dockerfile they point into, and the
/// error that stopped the checks, if one did.
public struct BuildCheckReport: Sendable, Equatable {
    public var warnings: [BuildCheckWarning]
    /// The Dockerfile as the frontend read it (the results' source), for the excerpts.
    public var dockerfile: String
    public var error: Failure?

    /// A build error, as the results carry it: BuildKit's message and, when it has one, its place.
    public struct Failure: Sendable, Equatable {
        public var message: String
        public var lines: ClosedRange<Int>?
    }
}
