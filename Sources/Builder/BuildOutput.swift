import Foundation

/// BuildKit's plain progress output (`--progress=plain`, and whenever output is not a terminal):
/// numbered vertices, each ending in `DONE`, `CACHED` or `ERROR`.
final class BuildOutput {
    private(set) var text = ""
    private var next = 1
    let quiet: Bool

    init(quiet: Bool) {
        self.quiet = quiet
        emit("#0 building with \"default\" instance using docker driver\n")
    }

    private func emit(_ line: String) {
        if !quiet { text += line }
    }

    /// Starts a vertex; returns its number.
    @discardableResult
    func vertex(_ name: String) -> Int {
        let number = next
        next += 1
        emit("\n#\(number) \(name)\n")
        return number
    }

    func line(_ number: Int, _ text: String) {
        emit("#\(number) \(text)\n")
    }

    func done(_ number: Int, seconds: String = "0.0") {
        emit("#\(number) DONE \(seconds)s\n")
    }

    func cached(_ number: Int) {
        emit("#\(number) CACHED\n")
    }

    func error(_ number: Int, _ message: String) {
        emit("#\(number) ERROR: \(message)\n")
    }

    /// A step's output lines, each with the (simulated) time since the step started.
    func log(_ number: Int, _ output: String) {
        guard !output.isEmpty else { return }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
        for (index, line) in lines.enumerated() {
            emit("#\(number) \(String(format: "%.3f", 0.1 + 0.01 * Double(index))) \(line)\n")
        }
    }
}
