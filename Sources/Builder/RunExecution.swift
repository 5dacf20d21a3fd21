import Dockerfile
import Foundation
import LayerlabBasics
import LayerStore
import SimulatedShell

/// A RUN instruction's command run in a step's container, as both builders run it: the simulated
/// shell in the stage's filesystem, with the environment, working directory and user of the moment.
/// What the output and a failure look like is each builder's own.
struct RunExecution {
    var run: RunInstruction
    /// The SHELL in force (`/bin/sh -c` by default).
    var shell: [String]
    var environment: [String: String]
    var workingDirectory: String
    /// The USER in force, if any.
    var user: String?
    /// Files mounted read-only for the command alone, kept out of the layer (BuildKit's script for a
    /// heredoc with a `#!` line).
    var mounts: [LayerEntry] = []
    /// What the runtime mounts for the command (`/dev`, `/proc`, `/etc/hosts`…), and the hostname it
    /// runs under: BuildKit's sandbox unless a builder says otherwise. Neither reaches the layer.
    var runtimeFiles = RuntimeFiles.buildKit
    var hostname = RuntimeFiles.buildKitHostname
    /// The build's clock, which `date` in the command reads.
    var clock: any WallClock

    /// What the container runs: the shell and the command for the shell form, the words as they are for
    /// the exec form.
    var argv: [String] { Self.argv(for: run.command, shell: shell) }

    /// The argument vector of a RUN, CMD or ENTRYPOINT command line under this SHELL.
    static func argv(for command: Dockerfile.CommandLine, shell: [String]) -> [String] {
        command.prependsShell ? shell + command.arguments : command.arguments
    }

    enum Outcome {
        /// The process ran: what it printed (both streams, in order) and its exit status.
        case exited(status: Int32, log: String)
        /// The USER names no one in the image's passwd, so nothing ran.
        case unknownUser(String)
    }

    /// Runs the command; the filesystem keeps what it changed.
    func execute(in fileSystem: inout ContainerFileSystem) -> Outcome {
        var mounted = fileSystem
        mounted.mounts = runtimeFiles
        var mountedPaths: [String] = []
        for file in mounts where mounted.entry(at: file.path) == nil {
            let folder = LayerPath.parent(of: file.path)
            // The folders made for a mount, outermost first, go again with it.
            mountedPaths += Array(mounted.missingDirectories(to: folder).prefix(1)) + [file.path]
            mounted.createDirectories(folder)
            mounted.write(file)
        }
        // The runtime sets HOSTNAME unless the image's ENV does.
        let process = ShellProcess(fileSystem: mounted, environment: environment.merging(["HOSTNAME": hostname]) { own, _ in own },
                                   workingDirectory: workingDirectory, clock: clock)
        if let user, !user.isEmpty {
            guard let resolved = process.resolveUser(user) else { return .unknownUser(user) }
            process.user = resolved
        }
        var script = run.command.arguments.joined(separator: " ")
        if let heredoc = run.heredocs.first, run.command.prependsShell, script.trimmingCharacters(in: .whitespaces).hasPrefix("<<") {
            // `RUN <<EOF` runs the heredoc's body as the script.
            script = heredoc.content
        }
        let result = run.command.prependsShell && shell.count >= 2 && shell.last == "-c"
            ? process.run(script: script, standardInput: run.heredocs.first.map(\.content) ?? "")
            : process.run(arguments: argv)
        fileSystem = process.fileSystem
        // A mount goes with the container: nothing of it reaches the layer.
        fileSystem.mounts = RuntimeMounts()
        for path in mountedPaths { fileSystem.remove(path) }
        return .exited(status: result.status, log: result.combined)
    }

    /// The error both builders give when the USER is not in the image's passwd.
    static func unknownUserMessage(_ user: String) -> String {
        "unable to find user \(user): no matching entries in passwd file"
    }
}
