import Engine
import Foundation
import Shell

/// `docker ps --filter KEY=VALUE`, as the daemon reads it: values of one key are alternatives, keys
/// must all match. A status filter lists stopped containers too, as if `-a` were given.
struct ContainerFilter {
    static let statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"]
    static let supportedKeys = ["status", "name", "id", "ancestor", "exited"]

    private var values: [String: [String]] = [:]

    init(_ filters: [String]) throws {
        for filter in filters {
            guard let equals = filter.firstIndex(of: "=") else {
                throw CommandFailure("bad format of filter (expected name=value)", exitStatus: 1)
            }
            let key = filter[..<equals].lowercased()
            let value = String(filter[filter.index(after: equals)...])
            guard Self.supportedKeys.contains(key) else {
                throw CommandFailure("Error response from daemon: invalid filter '\(key)'",
                                     hint: "layerlab's docker ps filters by \(Self.supportedKeys.joined(separator: ", "))", exitStatus: 1)
            }
            if key == "status" && !Self.statuses.contains(value) || key == "exited" && Int32(value) == nil {
                throw CommandFailure("Error response from daemon: invalid filter '\(key)=\(value)'",
                                     hint: key == "status" ? "a status is one of \(Self.statuses.joined(separator: ", "))" : "exited takes an exit code, e.g. exited=0",
                                     exitStatus: 1)
            }
            values[key, default: []].append(value)
        }
    }

    var includesStopped: Bool { values["status"] != nil }

    func matches(_ container: ContainerRecord, engine: Engine) -> Bool {
        values.allSatisfy { key, wanted in
            wanted.contains { value in
                switch key {
                case "status": container.statusName == value
                case "name": container.name.range(of: value, options: .regularExpression) != nil
                case "id": container.id.hasPrefix(value)
                case "exited": if case .exited(let code, _) = container.state { code == Int32(value) } else { false }
                default: engine.images.image(value)?.id == container.image
                }
            }
        }
    }
}
