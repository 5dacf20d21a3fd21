import Foundation
import GoSemantics
import LayerlabBasics

/// The exec instances the daemon made (`POST /containers/{id}/exec`), kept in memory as moby keeps
/// them: `docker exec` creates one, starts it and then asks for its exit code.
final class ExecInstances: @unchecked Sendable {
    struct Instance: Sendable {
        let id: String
        let containerID: String
        let command: [String]
        let environment: [String]
        let user: String?
        /// `-w`: where the command runs (nil: the container's working folder).
        let workingDirectory: String?
        let tty: Bool
        let attachesInput: Bool
        var running = false
        var exitCode: Int32?

        /// moby's `container.ExecInspect`.
        var inspectDocument: JSONValue {
            .object([
                ("ID", .string(id)), ("Running", .bool(running)), ("ExitCode", exitCode.map { .number(Int64($0)) } ?? .null),
                ("ProcessConfig", .object([
                    ("tty", .bool(tty)), ("entrypoint", .string(command.first ?? "")), ("arguments", .array(command.dropFirst().map { .string($0) })),
                    ("privileged", .bool(false)), ("user", .string(user ?? "")),
                ])),
                ("OpenStdin", .bool(attachesInput)), ("OpenStderr", .bool(true)), ("OpenStdout", .bool(true)), ("CanRemove", .bool(false)),
                ("ContainerID", .string(containerID)), ("DetachKeys", .string("")), ("Pid", .number(0)),
            ])
        }
    }

    // Guarded by `lock`: requests come on the server's thread, inspections may come from tests.
    private let lock = NSLock()
    private var instances: [String: Instance] = [:]
    static let limit = 1000

    func add(containerID: String, command: [String], environment: [String], user: String?, workingDirectory: String?, tty: Bool, attachesInput: Bool) -> String {
        let id = (0..<2).map { _ in String(format: "%016llx%016llx", UInt64.random(in: .min ... .max), UInt64.random(in: .min ... .max)) }.joined()
        lock.withLock {
            // Bounded, as moby drops an exec's record once it ended and no one asked for a while.
            if instances.count >= Self.limit {
                for (key, ended) in instances where ended.exitCode != nil { instances[key] = nil }
            }
            instances[id] = Instance(id: id, containerID: containerID, command: command, environment: environment, user: user, workingDirectory: workingDirectory, tty: tty, attachesInput: attachesInput)
        }
        return id
    }

    func instance(_ id: String) -> Instance? {
        lock.withLock { instances[id] }
    }

    func update(_ id: String, _ change: (inout Instance) -> Void) {
        lock.withLock {
            if var instance = instances[id] {
                change(&instance)
                instances[id] = instance
            }
        }
    }
}
