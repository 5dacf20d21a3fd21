import Foundation

/// How `docker build` shows progress: BuildKit's plain log, or the final frame of its terminal display.
public enum BuildProgressStyle: Sendable, Equatable {
    case plain
    case tty(width: Int)
}

/// BuildKit's progress output. Plain (`--progress=plain`, and whenever output is not a terminal):
/// numbered vertices, each ending in `DONE`, `CACHED` or `ERROR`. TTY: the display's last frame.
final class BuildOutput {
    struct Vertex {
        enum Status { case running, done(seconds: String), cached, failed }
        var name: String
        var details: [String] = []
        var status = Status.running
    }

    private var plainText = ""
    private var vertices: [Vertex] = []
    /// A vertex whose ending is decided later, and where in the text its status line goes.
    private var deferred: (number: Int, offset: Int)?
    let quiet: Bool
    let style: BuildProgressStyle

    init(quiet: Bool, style: BuildProgressStyle = .plain) {
        self.quiet = quiet
        self.style = style
        emit("#0 building with \"default\" instance using docker driver\n")
    }

    var text: String {
        guard !quiet else { return "" }
        switch style {
        case .plain: return plainText
        case .tty(let width): return ttyFrame(width: width)
        }
    }

    private func emit(_ line: String) {
        if !quiet { plainText += line }
    }

    /// Starts a vertex; returns its number.
    @discardableResult
    func vertex(_ name: String) -> Int {
        vertices.append(Vertex(name: name))
        let number = vertices.count
        emit("\n#\(number) \(name)\n")
        return number
    }

    func line(_ number: Int, _ text: String) {
        vertices[number - 1].details.append(text.hasSuffix(" done") ? String(text.dropLast(5)) : text)
        emit("#\(number) \(text)\n")
    }

    func done(_ number: Int, seconds: String = "0.0") {
        vertices[number - 1].status = .done(seconds: seconds)
        emit("#\(number) DONE \(seconds)s\n")
    }

    /// Leaves a vertex's ending open (a FROM whose result BuildKit loads from its cache only if the next
    /// step needs it); `settleDeferred` writes it where it belongs.
    func deferStatus(_ number: Int) {
        deferred = (number, plainText.utf8.count)
    }

    func settleDeferred(cached: Bool) {
        guard let (number, offset) = deferred else { return }
        deferred = nil
        vertices[number - 1].status = cached ? .cached : .done(seconds: "0.0")
        guard !quiet else { return }
        let index = plainText.utf8.index(plainText.startIndex, offsetBy: offset)
        plainText.insert(contentsOf: cached ? "#\(number) CACHED\n" : "#\(number) DONE 0.0s\n", at: index)
    }

    func cached(_ number: Int) {
        vertices[number - 1].status = .cached
        emit("#\(number) CACHED\n")
    }

    func error(_ number: Int, _ message: String) {
        vertices[number - 1].status = .failed
        emit("#\(number) ERROR: \(message)\n")
    }

    /// `[+] Building 0.3s (9/9) FINISHED` and one ` => ` line per vertex and detail, times right-aligned.
    func ttyFrame(width: Int) -> String {
        func seconds(_ vertex: Vertex) -> Double {
            if case .done(let text) = vertex.status { return Double(text) ?? 0 }
            return 0
        }
        func row(_ text: String, _ time: String) -> String {
            let room = max(10, width - time.count - 1)
            let shown = text.count > room ? String(text.prefix(room - 1)) + "…" : text
            return shown + String(repeating: " ", count: max(1, width - shown.count - time.count)) + time + "\n"
        }
        let finished = vertices.filter { if case .running = $0.status { false } else { true } }.count
        let total = vertices.reduce(0) { $0 + seconds($1) }
        let header = "[+] Building \(String(format: "%.1f", total))s (\(finished)/\(vertices.count)) FINISHED"
        var frame = header + String(repeating: " ", count: max(1, width - header.count - "docker:default".count)) + "docker:default\n"
        for vertex in vertices {
            let prefix: String
            switch vertex.status {
            case .cached: prefix = "CACHED "
            case .failed: prefix = "ERROR "
            default: prefix = ""
            }
            frame += row(" => \(prefix)\(vertex.name)", String(format: "%.1fs", seconds(vertex)))
            for detail in vertex.details {
                frame += row(" => => \(detail)", "0.0s")
            }
        }
        return frame
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
