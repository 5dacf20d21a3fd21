import Foundation
import SimulatedShell

/// An interactive shell in a container (`docker run -it IMAGE sh`, `docker exec -it CONTAINER sh`):
/// the prompt it shows, each line run in the container's filesystem through the simulated shell, and
/// its end. The prompt's attached session and the Engine API's terminal both drive it.
public final class ContainerShell {
    public let containerID: String
    /// The shell is the container's main process: leaving it stops the container.
    public let isMainProcess: Bool
    public private(set) var workingDirectory: String
    private let flavor: ShellFlavor
    private let userName: String
    /// The exec's own `-u` and `-e`, which each line runs with.
    private let user: String?
    private let environment: [String]

    /// `program` is the shell asked for (`bash` of `docker exec -it C bash`); the main process's is
    /// the last word of its command.
    public init(container: ContainerRecord, program: String? = nil, isMainProcess: Bool, user: String?, environment: [String] = [],
                workingDirectory: String? = nil, engine: Engine) {
        containerID = container.id
        self.isMainProcess = isMainProcess
        self.user = user
        self.environment = environment
        self.workingDirectory = workingDirectory.flatMap { $0.isEmpty ? nil : $0 } ?? container.workingDirectory
        let asked = (program ?? container.command.last).map { String($0.split(separator: "/").last ?? "") }
        flavor = asked == "bash" ? .bash : (try? engine.fileSystem(for: container)).flatMap(ShellFlavor.detect) ?? .dash
        userName = (user ?? container.user).split(separator: ":").first.map(String.init).flatMap { $0.isEmpty ? nil : $0 } ?? "root"
    }

    /// What the shell prints before each line: ash's `/ # `, dash's `# `, bash's `root@ID:/# `.
    public var prompt: String {
        let mark = userName == "root" ? "#" : "$"
        switch flavor {
        case .ash: return "\(workingDirectory) \(mark) "
        case .dash: return "\(mark) "
        case .bash: return "\(userName)@\(containerID.prefix(12)):\(workingDirectory)\(mark) "
        }
    }

    /// The status `line` ends the shell with (`exit` 0, `exit 3` 3, a word that is no number 2, as
    /// ash and dash refuse it), or nil when it is not `exit`.
    public static func exitStatus(of line: String) -> Int32? {
        let words = line.split(separator: " ")
        guard words.first == "exit" else { return nil }
        return words.count > 1 ? Int32(words[1]).map { $0 & 0xFF } ?? 2 : 0
    }

    /// Runs one line typed at the shell (not `exit`: see `end`).
    public func run(_ line: String, in engine: Engine) throws(EngineError) -> ShellProcess.Result {
        try engine.execScript(containerID, script: line, workingDirectory: &workingDirectory, environment: environment, user: user)
    }

    /// The shell ends (`exit`, Ctrl-D, the input closed): a main process takes its container with it,
    /// which exits with the shell's status.
    public func end(status: Int32, in engine: Engine) {
        if isMainProcess { try? engine.endMainProcess(containerID, status: status) }
    }
}
