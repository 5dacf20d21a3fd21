import Builder
import Dockerfile
import LayerlabBasics

/// How `docker build` shows BuildKit's build checks, as buildx does (docker/buildx v0.24.0, which vendors
/// buildkit v0.22.0 and is the `docker build` of Docker 28.2): the summary after a build
/// (commands/build.go printWarnings) and the report of `docker build --check` (printResult, "lint").
enum BuildCheckOutput {
    /// After the progress: each warning the build's vertices carried, once (util/progress/printer.go
    /// dedupWarnings), headed by how many there are. buildx lists them in Go's map order, which changes
    /// from run to run; layerlab keeps the order BuildKit sent them in. The heading is yellow on a
    /// terminal (buildx colours it everywhere).
    static func summary(_ events: [BuildEvent], style: TerminalStyle) -> String {
        var warnings: [BuildCheckWarning] = []
        for case .warning(_, let warning) in events where !warnings.contains(warning) {
            warnings.append(warning)
        }
        guard !warnings.isEmpty else { return "" }
        let found = warnings.count == 1 ? "1 warning found" : "\(warnings.count) warnings found"
        var text = "\n " + style.colored(found + " (use docker --debug to expand):\n", .yellow)
        for warning in warnings { text += " - \(warning.short)\n" }
        return text
    }

    /// `docker build --check`: what goes to standard output, the error for standard error, and the exit
    /// status (1 when anything was found: subrequests/lint/lint.go ToResult's `result.statuscode`). `file`
    /// is the name the excerpts give the Dockerfile (buildx's DockerfileMappingSrc: `ctx/Dockerfile`
    /// for `docker build --check ctx`, the `-f` file's own name, `stdin`).
    static func report(_ report: BuildCheckReport, file: String) -> (output: String, error: String?, status: Int32) {
        var output = ""
        let count = report.warnings.count
        if count > 0 {
            output += "Check complete, " + (count == 1 ? "1 warning has been found!" : "\(count) warnings have been found!") + "\n"
        }
        // By line (LintResults.PrintTo); warnings on the same line keep BuildKit's order.
        let sorted = report.warnings.enumerated().sorted { ($0.element.lines.lowerBound, $0.offset) < ($1.element.lines.lowerBound, $1.offset) }
        for warning in sorted.map(\.element) {
            output += "\nWARNING: \(warning.rule.name) - \(warning.rule.url)\n\(warning.message)\n"
            output += SourceExcerpt.render(file: file, text: report.dockerfile, lines: warning.lines)
        }
        if let failure = report.error {
            // The error, boxed like the warnings, goes back to buildx's main, which prints it after `ERROR: `.
            if count > 0 { output += "\n" }
            var error = "ERROR: " + failure.message + "\n"
            if let lines = failure.lines { error += SourceExcerpt.render(file: file, text: report.dockerfile, lines: lines) }
            return (output, error + "\n", 1)
        }
        if count == 0 { output += "Check complete, no warnings found.\n" }
        return (output, nil, count == 0 ? 0 : 1)
    }
}
