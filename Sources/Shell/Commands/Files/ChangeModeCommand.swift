import Foundation
import LayerlabBasics

/// `chmod`: a file's permission bits, which COPY carries into the image (and its cache key).
public struct ChangeModeCommand: ShellCommand {
    public init() {}

    public let help = CommandHelp(
        name: "chmod", group: .files,
        abstract: "Change a file's permissions",
        usage: ["chmod MODE FILE..."],
        discussion: "  MODE  octal (755, 0644) or symbolic: [ugoa]*[+-=][rwx]+, several joined by commas (u+x,go-w)"
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        guard arguments.count >= 2 else { throw CommandFailure.usage("chmod", arguments.isEmpty ? "missing operand" : "missing operand after '\(arguments[0])'") }
        let mode = arguments[0]
        var status: Int32 = 0
        for typed in arguments.dropFirst() {
            let path = try context.workspace.resolve(typed, for: "chmod")
            guard path.exists, let current = (try? FileManager.default.attributesOfItem(atPath: path.url.path))?[.posixPermissions] as? NSNumber else {
                io.printError("chmod: cannot access '\(typed)': No such file or directory")
                status = 1
                continue
            }
            guard let updated = FileModeExpression.apply(mode, to: current.uint32Value & 0o7777) else {
                throw CommandFailure.usage("chmod", "invalid mode: '\(mode)'")
            }
            try? FileManager.default.setAttributes([.posixPermissions: NSNumber(value: updated)], ofItemAtPath: path.url.path)
        }
        return status
    }

    public func completionCandidates(arguments: [String], position: Int, context: ShellContext) -> [String] {
        position == 0 ? [] : context.workspace.pathCompletions(for: arguments.last ?? "")
    }
}
