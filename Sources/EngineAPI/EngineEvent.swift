import Engine
import Foundation
import GoSemantics

/// One of the daemon's events, as `GET /events` streams it (moby's events.Message): containers' create,
/// start, die and destroy, told by what happened to them.
struct EngineEvent: Sendable, Equatable {
    var type: String
    var action: String
    var actorID: String
    var attributes: [String: String]
    var time: Date

    /// The events a container's activity makes (its output makes none).
    static func events(of activity: ContainerActivity, at time: Date) -> [EngineEvent] {
        func event(_ action: String, _ record: ContainerRecord, _ extra: [String: String] = [:]) -> [EngineEvent] {
            [EngineEvent(type: "container", action: action, actorID: record.id,
                         attributes: ["image": record.imageName, "name": record.name].merging(extra) { $1 }, time: time)]
        }
        switch activity {
        case .created(let record): return event("create", record)
        case .started(let record): return event("start", record)
        case .exited(let record, let code):
            // moby's die event says how long the process ran, in whole seconds (daemon/monitor.go).
            let ran = record.started.map { max(0, Int(time.timeIntervalSince($0))) } ?? 0
            return event("die", record, ["exitCode": String(code), "execDuration": String(ran)])
        case .removed(let record): return event("destroy", record)
        case .output: return []
        }
    }

    /// moby's JSON, with the fields it still sends for containers (status, id, from).
    var json: String {
        let nanoseconds = Int64(time.timeIntervalSince1970 * 1e9)
        var fields: [(String, JSONValue)] = []
        if type == "container" {
            fields += [("status", .string(action)), ("id", .string(actorID)), ("from", .string(attributes["image"] ?? ""))]
        }
        fields += [
            ("Type", .string(type)), ("Action", .string(action)),
            ("Actor", .object([("ID", .string(actorID)), ("Attributes", .object(attributes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])),
            ("scope", .string("local")), ("time", .number(nanoseconds / 1_000_000_000)), ("timeNano", .number(nanoseconds)),
        ]
        return GoJSON.marshal(.object(fields)) + "\n"
    }
}

/// The `filters`, `since` and `until` of `GET /events`, as moby's daemon/events filter applies them.
struct EventFilter: Sendable, Equatable {
    var pairs: [String: Set<String>]
    var since: Date?
    var until: Date?

    static let keys: Set<String> = ["type", "event", "container", "image"]

    init(pairs: [(key: String, value: String)], since: String?, until: String?) throws(EngineError) {
        var grouped: [String: Set<String>] = [:]
        for (key, value) in pairs {
            guard Self.keys.contains(key) else {
                throw .invalidRequest("invalid filter '\(key)'" + (["label", "network", "volume", "node", "plugin", "daemon", "scope", "config", "secret", "service"].contains(key) ? ": layerlab's events cover containers only" : ""))
            }
            grouped[key, default: []].insert(value)
        }
        self.pairs = grouped
        self.since = try Self.time(since)
        self.until = try Self.time(until)
        if let sinceTime = self.since, let untilTime = self.until, untilTime < sinceTime {
            throw .invalidRequest("`since` time (\(since ?? "")) cannot be after `until` time (\(until ?? ""))")
        }
    }

    /// moby's eventTime (timetypes.ParseTimestamps): whole seconds since the epoch, then optionally a
    /// dot and up to nine digits of nanoseconds, the form the CLI sends.
    static func time(_ text: String?) throws(EngineError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int64(parts[0]), abs(seconds) < 1 << 40,
              parts.count == 1 || (parts[1].count <= 9 && parts[1].allSatisfy(\.isNumber))
        else { throw .invalidRequest("invalid timestamp \(text): seconds since the epoch, optionally .nanoseconds") }
        let nanoseconds = parts.count > 1 ? Double(parts[1].padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0 : 0
        return Date(timeIntervalSince1970: Double(seconds) + nanoseconds / 1e9)
    }

    func accepts(_ event: EngineEvent) -> Bool {
        if let since, event.time < since { return false }
        if let until, event.time > until { return false }
        for (key, values) in pairs {
            let matches: Bool = switch key {
            case "type": values.contains(event.type)
            case "event": values.contains(event.action)
            case "container": values.contains { event.actorID.hasPrefix($0) || event.attributes["name"] == $0 }
            default: values.contains { event.attributes["image"] == $0 || event.attributes["image"]?.hasPrefix($0 + ":") == true }
            }
            if !matches { return false }
        }
        return true
    }
}
