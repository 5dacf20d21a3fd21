import Engine
import Foundation
import Shell
import SimulatedShell
import SimulatedWorld

/// The prompt of `docker run -it IMAGE sh` or `docker exec -it CONTAINER sh`: lines run in the
/// container's filesystem through the simulated shell until `exit`.
final class ContainerShellSession: AttachedShell {
    let world: SimulatedWorld
    let containerID: String
    /// The shell is the container's main process: leaving it stops the container.
    let isMainProcess: Bool
    var workingDirectory: String
    let flavor: ShellFlavor
    let userName: String

    init(world: SimulatedWorld, container: ContainerRecord, isMainProcess: Bool, flavor: ShellFlavor, userName: String) {
        self.world = world
        containerID = container.id
        self.isMainProcess = isMainProcess
        workingDirectory = container.workingDirectory
        self.flavor = flavor
        self.userName = userName
    }

    var prompt: String {
        let mark = userName == "root" ? "#" : "$"
        switch flavor {
        case .ash: return "\(workingDirectory) \(mark) "
        case .dash: return "\(mark) "
        case .bash: return "\(userName)@\(containerID.prefix(12)):\(workingDirectory)\(mark) "
        }
    }

    func handle(_ line: String, io: CommandIO) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed == "exit" || trimmed.hasPrefix("exit ") {
            finish(io: io)
            return false
        }
        do {
            let result = try world.perform { engine throws(EngineError) in try engine.execScript(containerID, script: line, workingDirectory: &workingDirectory) }
            io.write(result.combined)
        } catch {
            io.printError(DaemonFailure(error).message)
            return false
        }
        return true
    }

    func endOfInput(io: CommandIO) {
        finish(io: io)
    }

    private func finish(io: CommandIO) {
        io.print("exit")
        if isMainProcess { _ = try? world.perform { engine in try engine.stopContainer(containerID) } }
    }
}
