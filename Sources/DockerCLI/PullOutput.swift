import Engine
import Shell

/// How the Docker CLI shows a daemon's progress stream (docker/cli's jsonmessage display). Not on a
/// terminal: one line per message, `ID: status`. On a terminal, each ID's line is redrawn in place
/// and only its last status stays, in the order the IDs first came; a simulated pull is instant, so
/// that final frame is what layerlab shows.
enum PullOutput {
    static func write(_ messages: [ProgressMessage], to io: CommandIO, onTerminal: Bool) {
        func line(_ message: ProgressMessage) -> String { message.id.map { "\($0): \(message.status)" } ?? message.status }
        guard onTerminal else {
            messages.forEach { io.print(line($0)) }
            return
        }
        var order: [String] = []
        var last: [String: ProgressMessage] = [:]
        var loose: [ProgressMessage] = []
        for message in messages {
            guard let id = message.id else {
                loose.append(message)
                continue
            }
            if last[id] == nil { order.append(id) }
            last[id] = message
        }
        order.compactMap { last[$0] }.forEach { io.print(line($0)) }
        loose.forEach { io.print(line($0)) }
    }
}
