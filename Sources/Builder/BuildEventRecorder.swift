import Dockerfile

/// What a build reports as it goes, as BuildKit's solver reports its vertices: each step (a vertex)
/// starts, says what it does, logs its output, and ends done, cached or failed. The client renders
/// the events (`docker build`'s plain log or its terminal display).
final class BuildEventRecorder {
    private var recorded: [BuildEvent] = []
    /// Build-check warnings by vertex, kept apart so each phase of the checks can replace what it said.
    private var warnings: [Int: [BuildCheckWarning]] = [:]
    private var vertexCount = 0
    /// A vertex whose ending is decided later, and where among the events its ending goes.
    private var deferred: (vertex: Int, index: Int)?

    /// Starts a vertex; returns its number.
    @discardableResult
    func vertex(_ name: String) -> Int {
        vertexCount += 1
        recorded.append(.started(vertex: vertexCount, name: name))
        return vertexCount
    }

    func line(_ vertex: Int, _ text: String) {
        recorded.append(.status(vertex: vertex, text: text))
    }

    func done(_ vertex: Int, seconds: String = "0.0") {
        recorded.append(.completed(vertex: vertex, seconds: seconds))
    }

    /// Leaves a vertex's ending open (a FROM whose result BuildKit loads from its cache only if the next
    /// step needs it); `settleDeferred` puts it where it belongs.
    func deferStatus(_ vertex: Int) {
        deferred = (vertex, recorded.count)
    }

    func settleDeferred(cached: Bool) {
        guard let (vertex, index) = deferred else { return }
        deferred = nil
        recorded.insert(cached ? .cached(vertex: vertex) : .completed(vertex: vertex, seconds: "0.0"), at: index)
    }

    /// The events so far, a vertex's warnings just before its end: BuildKit sends them while it converts
    /// the Dockerfile, after the vertex ended, and the client prints what arrives together with the end
    /// first (buildkit v0.22.0 util/progress/progressui/printer.go prints a vertex's warnings, then DONE).
    var events: [BuildEvent] {
        guard !warnings.isEmpty else { return recorded }
        var pending = warnings
        var merged: [BuildEvent] = []
        for event in recorded {
            if let vertex = event.endedVertex, let found = pending.removeValue(forKey: vertex) {
                merged += found.map { BuildEvent.warning(vertex: vertex, warning: $0) }
            }
            merged.append(event)
        }
        for (vertex, found) in pending.sorted(by: { $0.key < $1.key }) {
            merged += found.map { BuildEvent.warning(vertex: vertex, warning: $0) }
        }
        return merged
    }

    /// Sets the build-check warnings of a vertex (all found so far).
    func warn(_ vertex: Int, _ found: [BuildCheckWarning]) {
        warnings[vertex] = found.isEmpty ? nil : found
    }

    func cached(_ vertex: Int) {
        recorded.append(.cached(vertex: vertex))
    }

    func error(_ vertex: Int, _ message: String) {
        recorded.append(.failed(vertex: vertex, message: message))
    }

    /// A step's output lines, each with the (simulated) time since the step started.
    func log(_ vertex: Int, _ output: String) {
        guard !output.isEmpty else { return }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
        for (index, line) in lines.enumerated() {
            recorded.append(.log(vertex: vertex, line: String(line), seconds: 0.1 + 0.01 * Double(index)))
        }
    }
}

extension BuildEvent {
    /// The vertex this event ends, if it ends one.
    fileprivate var endedVertex: Int? {
        switch self {
        case .completed(let vertex, _), .cached(let vertex), .failed(let vertex, _): vertex
        default: nil
        }
    }
}
