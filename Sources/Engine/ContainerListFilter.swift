import Foundation
import GoSemantics

/// The filters of the daemon's container list (`docker ps --filter KEY=VALUE`): values of one key
/// are alternatives, keys must all match. A status filter lists stopped containers too, as if `-a`
/// were given. Errors are Docker 28's (moby v28.2.2 daemon/list.go, foldFilter).
public struct ContainerListFilter: Sendable {
    /// In moby's order (api/types/container/state.go, validStates), which its error lists.
    public static let statuses = ["created", "running", "paused", "restarting", "removing", "exited", "dead"]
    public static let acceptedKeys = ["status", "name", "id", "ancestor", "exited"]

    private var values: [String: [String]] = [:]

    /// The filters as the client sends them, refused as the daemon refuses a key it does not know or a
    /// value that is not one.
    public init(_ filters: [(key: String, value: String)]) throws(EngineError) {
        for (key, value) in filters {
            guard Self.acceptedKeys.contains(key) else {
                throw .invalidFilter(key: key, value: nil, reason: nil, objects: .containers, accepted: Self.acceptedKeys)
            }
            if key == "status" && !Self.statuses.contains(value) {
                let reason = "invalid value for state (\(value)): must be one of \(Self.statuses.joined(separator: ", "))"
                throw .invalidFilter(key: key, value: value, reason: reason, objects: .containers, accepted: Self.acceptedKeys)
            }
            if key == "exited" && Int(value) == nil {
                // Go's Atoi: digits too many for an int are out of range, anything else is not a number.
                let digits = value.first == "+" || value.first == "-" ? value.dropFirst() : Substring(value)
                let problem = !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber) ? "value out of range" : "invalid syntax"
                let reason = "strconv.Atoi: parsing \(GoQuote.string(value)): \(problem)"
                throw .invalidFilter(key: key, value: value, reason: reason, objects: .containers, accepted: Self.acceptedKeys)
            }
            values[key, default: []].append(value)
        }
    }

    var includesStopped: Bool { values["status"] != nil }

    func matches(_ container: ContainerRecord, images: ImageStore) -> Bool {
        values.allSatisfy { key, wanted in
            wanted.contains { value in
                switch key {
                case "status": container.statusName == value
                case "name": container.name.range(of: value, options: .regularExpression) != nil
                case "id": container.id.hasPrefix(value)
                case "exited": if case .exited(let code, _) = container.state { code == Int32(value) } else { false }
                default: images.image(value)?.id == container.image
                }
            }
        }
    }
}

extension Engine {
    /// The container list (`GET /containers/json`): running ones, or with `all` every one, newest
    /// first, those the filter keeps, at most `limit`.
    public func listContainers(all: Bool, limit: Int?, filter: ContainerListFilter) -> [ContainerSummary] {
        let showsStopped = all || limit != nil || filter.includesStopped
        let listed = allContainers.filter { (showsStopped || $0.isRunning) && filter.matches($0, images: images) }
        return (limit.map { Array(listed.prefix($0)) } ?? listed).map { ContainerSummary($0, now: clock.now) }
    }
}
