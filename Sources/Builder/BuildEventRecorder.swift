/// What a build reports as it goes, as BuildKit's solver reports its vertices: each step (a vertex)
/// starts, says what it does, logs its output, and ends done, cached or failed. The client renders
/// the events (`docker build`'s plain log or its terminal display).
final class BuildEventRecorder {
    private(set) var events: [BuildEvent] = []
    private var vertexCount = 0
    /// A vertex whose ending is decided later, and where among the events its ending goes.
    private var deferred: (vertex: Int, index: Int)?

    /// Starts a vertex; returns its number.
    @discardableResult
    func vertex(_ name: String) -> Int {
        vertexCount += 1
        events.append(.started(vertex: vertexCount, name: name))
        return vertexCount
    }

    func line(_ vertex: Int, _ text: String) {
        events.append(.status(vertex: vertex, text: text))
    }

    func done(_ vertex: Int, seconds: String = "0.0") {
        events.append(.completed(vertex: vertex, seconds: seconds))
    }

    /// Leaves a vertex's ending open (a FROM whose result BuildKit loads from its cache only if the next
    /// step needs it); `settleDeferred` puts it where it belongs.
    func deferStatus(_ vertex: Int) {
        deferred = (vertex, events.count)
    }

    func settleDeferred(cached: Bool) {
        guard let (vertex, index) = deferred else { return }
        deferred = nil
        events.insert(cached ? .cached(vertex: vertex) : .completed(vertex: vertex, seconds: "0.0"), at: index)
    }

    func cached(_ vertex: Int) {
        events.append(.cached(vertex: vertex))
    }

    func error(_ vertex: Int, _ message: String) {
        events.append(.failed(vertex: vertex, message: message))
    }

    /// A step's output lines, each with the (simulated) time since the step started.
    func log(_ vertex: Int, _ output: String) {
        guard !output.isEmpty else { return }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
        for (index, line) in lines.enumerated() {
            events.append(.log(vertex: vertex, line: String(line), seconds: 0.1 + 0.01 * Double(index)))
        }
    }
}
