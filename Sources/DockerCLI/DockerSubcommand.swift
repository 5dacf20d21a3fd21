import Engine
import Foundation
import Shell
import SimulatedWorld

/// What a docker subcommand runs with.
struct DockerInvocation {
    var subcommand: DockerSubcommand
    var arguments: ParsedArguments
    var io: CommandIO
    var context: ShellContext
    var world: SimulatedWorld
    var engine: Engine

    var now: Date { context.clock.now }

    /// A prune's confirmation, as the Docker CLI asks it (`MESSAGE [y/N] `, the message's last line
    /// being the question): `-f` skips it, and anything but `y` cancels quietly (status 0).
    func confirmed(_ message: String) -> Bool {
        if arguments.has("force") { return true }
        var lines = message.components(separatedBy: "\n")
        let question = lines.removeLast()
        lines.forEach { io.print($0) }
        let answer = ask(question + " [y/N] ", secret: false) ?? ""
        return answer.trimmingCharacters(in: .whitespaces).lowercased() == "y"
    }

    /// A question to the learner in the middle of the command, the world let go while they answer.
    func ask(_ question: String, secret: Bool) -> String? {
        world.awayFromTheWorld { context.ask(question, secret: secret) }
    }
}

/// One `docker …` subcommand: its names, usage, flags, argument count and behaviour.
struct DockerSubcommand: Sendable {
    enum Arity: Sendable {
        case none, exactly(Int), atLeast(Int), atMost(Int), between(Int, Int)
    }

    /// Every way to call it: `["images"]`, `["image", "ls"]`, `["image", "list"]`.
    var names: [[String]]
    var usage: String
    var summary: String
    var flags: [FlagSpec] = []
    var arity: Arity
    /// For `docker run IMAGE COMMAND…`: flags after the first operand belong to the command.
    var stopsAtFirstOperand = false
    /// Only looks at the world (a listing, an inspection), so no undo step is kept for it.
    var readsOnly = false
    var run: @Sendable (DockerInvocation) throws -> Int32

    var displayName: String { "docker " + names[0].joined(separator: " ") }

    /// A usage mistake, worded as Docker CLI 28 words it; exit status 125 as Docker's.
    func usageError(_ problem: String) -> CommandFailure {
        CommandFailure("\(problem)\n\nUsage:  \(usage)\n\nRun '\(displayName) --help' for more information", exitStatus: 125)
    }

    func checkArity(_ count: Int) throws(CommandFailure) {
        let problem: String?
        switch arity {
        case .none: problem = count == 0 ? nil : "accepts no arguments"
        case .exactly(let n): problem = count == n ? nil : "requires \(n) argument\(n == 1 ? "" : "s")"
        case .atLeast(let n): problem = count >= n ? nil : "requires at least \(n) argument\(n == 1 ? "" : "s")"
        case .atMost(let n): problem = count <= n ? nil : "requires at most \(n) argument\(n == 1 ? "" : "s")"
        case .between(let low, let high):
            problem = (low...high).contains(count) ? nil : "requires at least \(low) and at most \(high) arguments"
        }
        guard let problem else { return }
        // A plain error to cobra, so the CLI exits 1. The pointer is worded as docker/cli v28.2.2
        // cli/required.go has it: "See" for a minimum, "SRun" (sic) for a maximum, "Run" otherwise.
        let pointer = switch arity {
        case .atLeast: "See"
        case .atMost: "SRun"
        default: "Run"
        }
        throw CommandFailure("docker: '\(displayName)' \(problem)\n\nUsage:  \(usage)\n\n\(pointer) '\(displayName) --help' for more information", exitStatus: 1)
    }

    /// `docker images --help`.
    var helpText: String {
        var text = "\nUsage:  \(usage)\n\n\(summary)\n"
        if names.count > 1 {
            text += "\nAliases:\n  " + names.map { "docker " + $0.joined(separator: " ") }.joined(separator: ", ") + "\n"
        }
        if !flags.isEmpty {
            text += "\nOptions:\n"
            let rows = flags.map { flag -> (String, String) in
                let short = flag.short.map { "-\($0), " } ?? "    "
                return ("  \(short)--\(flag.long)" + (flag.takesValue ? " string" : ""), flag.help)
            }
            let width = (rows.map(\.0.count).max() ?? 0) + 3
            text += rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + $0.1 + "\n" }.joined()
        }
        return text
    }
}
