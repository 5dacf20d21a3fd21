import Engine
import Foundation
import GoSemantics
import SimulatedShell
import SimulatedWorld

/// `docker exec` through the API, as moby answers it: create an instance, start it (a hijacked
/// connection the command's output comes on, or the shell when it is one), inspect it for its exit
/// code, resize its terminal.
struct ExecRoutes: Sendable {
    let world: SimulatedWorld
    let execs: ExecInstances

    /// The shells `docker exec -it CONTAINER sh` opens as a terminal session.
    static let shells: Set<String> = ["sh", "bash", "ash", "dash", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash"]

    func respond(_ request: APIRequest, path: [String]) throws(EngineError) -> APIResponse? {
        switch (request.method, path) {
        case ("POST", let path) where path.count == 3 && path[0] == "containers" && path[2] == "exec":
            return try create(in: path[1], body: request.body)
        case ("POST", let path) where path.count == 3 && path[0] == "exec" && path[2] == "start":
            guard let instance = execs.instance(path[1]) else { throw .noSuchExec(path[1]) }
            let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
            if body["Detach"] as? Bool == true {
                run(instance)
                return APIResponse(status: 200, headers: [], body: Data())
            }
            let type = ContainerOutputFrames.contentType(multiplexed: !instance.tty)
            guard opensShell(instance) else {
                // Run here, as the request is answered, so the serving session takes it as a command;
                // its output is what the hijacked connection carries, and then it closes.
                let outcome = run(instance)
                let output = ContainerOutputFrames.encode(outcome.chunks, streams: [.standardOutput, .standardError], multiplexed: !instance.tty)
                return APIResponse(status: 101, headers: [("Content-Type", type)], body: output, stream: nil)
            }
            return APIResponse(status: 101, headers: [("Content-Type", type)], body: Data(), stream: .exec(execID: instance.id, containerID: instance.containerID))
        case ("GET", let path) where path.count == 3 && path[0] == "exec" && path[2] == "json":
            guard let instance = execs.instance(path[1]) else { throw .noSuchExec(path[1]) }
            return .json(Data(GoJSON.marshal(instance.inspectDocument).utf8))
        case ("POST", let path) where path.count == 3 && path[0] == "exec" && path[2] == "resize":
            guard execs.instance(path[1]) != nil else { throw .noSuchExec(path[1]) }
            return APIResponse(status: 200, headers: [], body: Data())
        default:
            return nil
        }
    }

    /// `POST /containers/{id}/exec`: moby's checks, in its order.
    private func create(in name: String, body: Data) throws(EngineError) -> APIResponse {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw .invalidRequest("invalid JSON in the exec's configuration")
        }
        guard let command = object["Cmd"] as? [String], !command.isEmpty else { throw .invalidRequest("No exec command specified") }
        let container = try world.perform { engine throws(EngineError) in
            guard let container = engine.container(name) else { throw EngineError.noSuchContainer(name) }
            guard container.isRunning else { throw EngineError.notRunning(container.id) }
            return container
        }
        let id = execs.add(containerID: container.id, command: command, environment: object["Env"] as? [String] ?? [],
                           user: (object["User"] as? String).flatMap { $0.isEmpty ? nil : $0 },
                           workingDirectory: (object["WorkingDir"] as? String).flatMap { $0.isEmpty ? nil : $0 }, tty: object["Tty"] as? Bool ?? false,
                           attachesInput: object["AttachStdin"] as? Bool ?? false)
        return .json(Data(GoJSON.marshal(.object([("Id", .string(id))])).utf8), status: 201)
    }

    /// Whether the instance opens the container's shell for what the client types.
    func opensShell(_ instance: ExecInstances.Instance) -> Bool {
        instance.attachesInput && instance.command.count == 1 && Self.shells.contains(instance.command[0])
    }

    /// Runs a command that is not a shell session to its end; its output, or moby's words for a
    /// start that failed (exit code 126, as moby records it).
    @discardableResult
    func run(_ instance: ExecInstances.Instance) -> ShellOutcome {
        execs.update(instance.id) { $0.running = true }
        let outcome: ShellOutcome
        do {
            let result = try world.perform { engine throws(EngineError) in
                try engine.exec(instance.containerID, command: instance.command, environment: instance.environment, user: instance.user,
                                workingDirectory: instance.workingDirectory)
            }
            outcome = ShellOutcome(chunks: result.chunks, status: result.status)
        } catch {
            outcome = ShellOutcome(chunks: [.init(stream: .standardOutput, text: error.message + "\r\n")], status: 126)
        }
        execs.update(instance.id) {
            $0.running = false
            $0.exitCode = outcome.status
        }
        return outcome
    }

    struct ShellOutcome {
        let chunks: [OutputChunk]
        let status: Int32
    }
}
