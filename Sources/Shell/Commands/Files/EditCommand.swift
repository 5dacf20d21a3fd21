import Foundation

/// `edit`
public struct EditCommand: ShellCommand {
    public init() {}

    public var reachesHost: Bool { true }

    public let help = CommandHelp(
        name: "edit", group: .files,
        abstract: "Open a file in your editor",
        usage: ["edit FILE"],
        discussion: """
        Uses $VISUAL, else $EDITOR, else the first of nano, vim and vi that is installed. The file is created
        if it does not exist. Needs a terminal; in scripts write files with cat > FILE <<'EOF'.
        """
    )

    public func run(_ arguments: [String], io: CommandIO, context: ShellContext) throws -> Int32 {
        let options = try ShortOptions(arguments, allowed: [], command: "edit")
        guard options.operands.count == 1 else { throw CommandFailure.usage("edit", "give exactly one file") }
        guard context.isInteractive else {
            throw CommandFailure("edit: needs a terminal", hint: "in scripts, write the file with: cat > \(options.operands[0]) <<'EOF'")
        }
        let path = try context.workspace.resolve(options.operands[0], for: "edit")
        guard !path.isDirectory else { throw CommandFailure("edit: \(options.operands[0]): Is a directory") }
        guard path.parent.isDirectory else {
            throw CommandFailure("edit: \(options.operands[0]): No such file or directory", hint: "create the folder first with mkdir -p")
        }
        // `EDITOR=vim edit FILE` picks the editor for this once, as a shell would.
        let environment = context.environment.merging(context.commandAssignments) { $1 }
        guard let editor = Self.editor(environment: environment) else {
            throw CommandFailure("edit: no editor found", hint: "set EDITOR (for example: export EDITOR=nano before starting layerlab), or use cat > FILE <<'EOF'")
        }
        // The editor string may carry arguments ("code --wait"), so it runs through sh as git runs it,
        // in the file's folder; the editor has the terminal until it exits.
        let ending: TerminalProgram.Ending
        do {
            ending = try TerminalProgram.run(
                "/bin/sh", arguments: ["sh", "-c", "cd \"$1\" && shift && " + editor + " \"$@\"", editor, path.parent.url.path, path.url.path],
                environment: environment
            )
        } catch {
            throw CommandFailure("edit: cannot start '\(editor)': \(error.reason)")
        }
        switch ending {
        case .exited(0):
            return 0
        case .exited(let status):
            throw CommandFailure("edit: '\(editor)' exited with status \(status)")
        case .killed(let signal):
            throw CommandFailure("edit: '\(editor)' was ended by signal \(signal)", hint: "the file keeps what the editor last saved")
        }
    }

    static func editor(environment: [String: String]) -> String? {
        for key in ["VISUAL", "EDITOR"] {
            if let value = environment[key], !value.trimmingCharacters(in: .whitespaces).isEmpty { return value }
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["nano", "vim", "vi"] {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return name
            }
        }
        return nil
    }
}
