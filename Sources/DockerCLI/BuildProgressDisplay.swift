import Builder
import Dockerfile
import Foundation

/// How `docker build` shows a build's events, as buildx's progress writer does: BuildKit's plain log
/// (`--progress=plain`, and whenever output is not a terminal), numbered vertices each ending in
/// `DONE`, `CACHED`, `ERROR` or `CANCELED`, a build check's finding as `WARN:`; or the last frame of its terminal display.
enum BuildProgressDisplay: Equatable {
    case plain
    case tty(width: Int)

    /// The progress, then the failed steps' logs as BuildKit prints them once the build is over.
    func render(_ events: [BuildEvent]) -> String {
        switch self {
        case .plain: Self.plainLog(events) + Self.errorLogs(events, keepingLast: Self.plainLogLines)
        case .tty(let width): Self.ttyFrame(events, width: width) + Self.errorLogs(events, keepingLast: nil)
        }
    }

    /// BuildKit's plain printer (buildkit v0.22.0 util/progress/progressui/printer.go, textMux): a
    /// vertex's name heads what it reports; when another vertex reports before it is finished, it is
    /// left with `#N ...` and named again when it goes on.
    static func plainLog(_ events: [BuildEvent]) -> String {
        // The printer names the builder when it prints its first vertex, so a build that stops before
        // any shows nothing (buildkit v0.22.0 util/progress/progressui/printer.go).
        guard !events.isEmpty else { return "" }
        var text = "#0 building with \"default\" instance using docker driver\n"
        var names: [Int: String] = [:]
        /// The vertex whose lines are being printed, until it finishes.
        var current: Int?
        func resume(_ vertex: Int) {
            guard vertex != current else { return }
            if let current { text += "#\(current) ...\n" }
            text += "\n#\(vertex) \(names[vertex] ?? "")\n"
            current = vertex
        }
        for event in events {
            switch event {
            case .started(let vertex, let name):
                names[vertex] = name
                resume(vertex)
            case .status(let vertex, let line):
                resume(vertex)
                text += "#\(vertex) \(line)\n"
            case .log(let vertex, let line, let seconds):
                resume(vertex)
                text += "#\(vertex) \(logTime(seconds)) \(line)\n"
            case .completed(let vertex, let seconds):
                resume(vertex)
                text += "#\(vertex) DONE \(seconds)s\n"
                current = nil
            case .cached(let vertex):
                resume(vertex)
                text += "#\(vertex) CACHED\n"
                current = nil
            case .failed(let vertex, let message):
                resume(vertex)
                text += Self.wasCanceled(message) ? "#\(vertex) CANCELED\n" : "#\(vertex) ERROR: \(message)\n"
                current = nil
            case .warning(let vertex, let warning):
                resume(vertex)
                text += "#\(vertex) WARN: \(warning.short)\n"
            }
        }
        return text
    }

    /// Whether a vertex's error is the cancelled context's: BuildKit shows CANCELED, not the error.
    static func wasCanceled(_ message: String) -> Bool {
        message.hasSuffix(ImageBuilder.canceledVertexError)
    }

    /// A vertex as the terminal display's last frame shows it.
    private struct Vertex {
        enum Status { case running, done(seconds: Double), cached, failed, canceled }
        var name: String
        var details: [String] = []
        var warnings: [String] = []
        var status = Status.running
    }

    /// `[+] Building 0.3s (9/9) FINISHED` and one ` => ` line per vertex and detail, times right-aligned.
    static func ttyFrame(_ events: [BuildEvent], width: Int) -> String {
        var vertices: [Vertex] = []
        for event in events {
            switch event {
            case .started(_, let name): vertices.append(Vertex(name: name))
            case .status(let vertex, let line): vertices[vertex - 1].details.append(line.hasSuffix(" done") ? String(line.dropLast(5)) : line)
            case .log: break
            case .completed(let vertex, let seconds): vertices[vertex - 1].status = .done(seconds: Double(seconds) ?? 0)
            case .cached(let vertex): vertices[vertex - 1].status = .cached
            case .failed(let vertex, let message): vertices[vertex - 1].status = wasCanceled(message) ? .canceled : .failed
            case .warning(let vertex, let warning): vertices[vertex - 1].warnings.append(warning.short)
            }
        }
        func seconds(_ vertex: Vertex) -> Double {
            if case .done(let seconds) = vertex.status { return seconds }
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
            case .canceled: prefix = "CANCELED "
            default: prefix = ""
            }
            frame += row(" => \(prefix)\(vertex.name)", String(format: "%.1fs", seconds(vertex)))
            for detail in vertex.details {
                frame += row(" => => \(detail)", "0.0s")
            }
            // A warning is a row of its own under the vertex, with the vertex's time (progressui/display.go).
            for warning in vertex.warnings {
                frame += row(" => WARN: \(warning)", String(format: "%.1fs", seconds(vertex)))
            }
        }
        return frame
    }
}
