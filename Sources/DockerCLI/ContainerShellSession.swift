import Engine
import Foundation
import Shell
import SimulatedWorld

/// The prompt of `docker run -it IMAGE sh` or `docker exec -it CONTAINER sh` at layerlab's prompt:
/// lines run through the container's shell until `exit`.
final class ContainerShellSession: AttachedShell {
    let world: SimulatedWorld
    let shell: ContainerShell

    init(world: SimulatedWorld, shell: ContainerShell) {
        self.world = world
        self.shell = shell
    }

    var prompt: String { shell.prompt }

    func handle(_ line: String, io: CommandIO) -> Bool {
        if let status = ContainerShell.exitStatus(of: line) {
            finish(status: status, io: io)
            return false
        }
        do {
            let result = try world.perform { engine throws(EngineError) in try shell.run(line, in: engine) }
            io.write(result.combined)
        } catch {
            io.printError(DaemonFailure(error).message)
            return false
        }
        return true
    }

    func endOfInput(io: CommandIO) {
        finish(status: 0, io: io)
    }

    private func finish(status: Int32, io: CommandIO) {
        io.print("exit")
        world.perform { engine in shell.end(status: status, in: engine) }
    }
}
