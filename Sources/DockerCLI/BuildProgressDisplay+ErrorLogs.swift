import Builder
import Foundation

/// What BuildKit's progress prints once a build has failed, before buildx's own error (buildkit v0.22.0
/// util/progress/progressui/display.go, `printErrorLogs`): for each vertex that failed, in the order the
/// vertices started, its name and its log lines, each with the time since the step started, framed.
extension BuildProgressDisplay {
    /// The plain printer keeps a failed step's last 10 lines (`logsBufferSize`); the terminal display
    /// keeps them all.
    static let plainLogLines = 10

    static func errorLogs(_ events: [BuildEvent], keepingLast limit: Int?) -> String {
        var order: [Int] = []
        var names: [Int: String] = [:]
        var logs: [Int: [String]] = [:]
        var errors: [Int: String] = [:]
        for event in events {
            switch event {
            case .started(let vertex, let name):
                order.append(vertex)
                names[vertex] = name
            case .log(let vertex, let line, let seconds):
                logs[vertex, default: []].append("\(logTime(seconds)) \(line)")
            case .failed(let vertex, let message):
                errors[vertex] = message
            case .status, .completed, .cached, .warning:
                break
            }
        }
        var text = ""
        // An error that is the build being cancelled gets no box.
        for vertex in order {
            guard let error = errors[vertex], !wasCanceled(error) else { continue }
            let lines = logs[vertex] ?? []
            text += "------\n > \(names[vertex] ?? ""):\n"
            for line in limit.map({ lines.suffix($0) }) ?? lines[...] { text += line + "\n" }
            text += "------\n"
        }
        return text
    }

    /// A log line's time since its step started, as BuildKit's progress writes it: three decimals below
    /// ten seconds, two below a hundred, then one (display.go, the trace's log handling).
    static func logTime(_ seconds: Double) -> String {
        String(format: seconds < 10 ? "%.3f" : seconds < 100 ? "%.2f" : "%.1f", seconds)
    }
}
