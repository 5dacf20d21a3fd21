import LayerStore

/// The shell's builtins: the commands that change the shell itself (`cd`, `export`, `set`, `exit`,
/// `exec`, `shift`), that ask it about commands (`command`, `type`), and the utilities it has built in.
struct ShellBuiltins {
    /// The utilities that are builtins of the shell and programs of an image alike (`echo`, `test`):
    /// the shell runs them without searching PATH, with the program's own code.
    static let utilities: Set<String> = ["echo", "printf", "pwd", "test", "[", "true", "false"]
    /// Every name the shell runs itself.
    static let names = ShellBuiltins.utilities.union(["cd", "export", "unset", "set", "exit", "exec", ":", "shift", "umask", "command", "type"])
    /// The special builtins, whose variable assignments (`X=1 export Y`) outlast the command.
    static let special: Set<String> = ["export", "set", "unset", ":", ".", "exit", "readonly"]

    let shell: ShellProcess

    /// Runs a builtin; nil when `name` is none.
    func run(_ name: String, _ arguments: [String], input: String) -> Int32? {
        switch name {
        case "cd": return cd(arguments)
        case "export": return export(arguments)
        case "unset":
            for variable in arguments {
                shell.environment[variable] = nil
                shell.shellVariables[variable] = nil
            }
            return 0
        case "set": return setOptions(arguments)
        case "exit":
            let status = arguments.first.flatMap { Int32($0) } ?? shell.lastStatus
            shell.exitRequest = status
            return status
        case "exec":
            // The command replaces the shell: its status is the shell's, and nothing after it runs.
            guard !arguments.isEmpty else { return 0 }
            shell.execNextProgram()
            let status = shell.runCommand(arguments, input: input)
            shell.exitRequest = status
            return status
        case ":", "umask": return 0
        case "shift":
            let count = arguments.first.flatMap(Int.init) ?? 1
            shell.positional = Array(shell.positional.dropFirst(count))
            return 0
        case "command", "type": return describe(name, arguments)
        default:
            guard Self.utilities.contains(name) else { return nil }
            return ProgramTable.standard.run(name, arguments, input: input, in: shell)
        }
    }

    /// `cd`: the folder must exist, and the user must be allowed to search it and every folder above.
    private func cd(_ arguments: [String]) -> Int32 {
        let typed = arguments.first ?? shell.variable("HOME") ?? "/"
        let target = shell.absolute(typed)
        let reason: String?
        if let denial = shell.denial(.lookup, target) {
            reason = denial.reason
        } else if let entry = shell.fileSystem.entry(at: shell.fileSystem.resolvingSymlinks(target)) {
            reason = !entry.isDirectory ? "Not a directory" : shell.denial(.execute, target)?.reason
        } else {
            reason = "No such file or directory"
        }
        if let reason {
            let failure = shell.flavor.cannotChangeDirectory(typed, reason: reason, shell: shell.shellPath)
            shell.writeError(failure.message + "\n")
            return failure.status
        }
        shell.workingDirectory = target
        return 0
    }

    /// `export NAME=value` and `export NAME`: the variable moves into the environment children see.
    private func export(_ arguments: [String]) -> Int32 {
        for argument in arguments {
            if let equals = argument.firstIndex(of: "=") {
                let name = String(argument[..<equals]), value = String(argument[argument.index(after: equals)...])
                guard shell.withinVariableLimit(name, value) else { return shell.stopped?.status ?? 1 }
                shell.environment[name] = value
                shell.shellVariables[name] = nil
            } else if let value = shell.shellVariables[argument] {
                shell.environment[argument] = value
                shell.shellVariables[argument] = nil
            }
        }
        return 0
    }

    /// `set -e`, `set -x` (and `+e`, `+x`), and `set -- A B` for new positional parameters.
    private func setOptions(_ arguments: [String]) -> Int32 {
        if let separator = arguments.firstIndex(of: "--") {
            shell.positional = Array(arguments[(separator + 1)...])
        }
        for argument in arguments.prefix(while: { $0 != "--" }) {
            guard argument.hasPrefix("-") || argument.hasPrefix("+") else { continue }
            let on = argument.hasPrefix("-")
            for letter in argument.dropFirst() {
                if letter == "e" { shell.errexit = on }
                if letter == "x" { shell.xtrace = on }
            }
        }
        return 0
    }

    /// `command -v NAME`, `type NAME`: what a name runs; plain `command NAME ARGS` runs it.
    private func describe(_ name: String, _ arguments: [String]) -> Int32 {
        let operands = arguments.filter { !$0.hasPrefix("-") }
        guard name == "type" || arguments.contains("-v") else {
            return operands.isEmpty ? 0 : shell.runCommand(operands, input: "")
        }
        var status: Int32 = 0
        for command in operands {
            if Self.names.contains(command) {
                shell.write(name == "type" ? "\(command) is a shell builtin\n" : "\(command)\n")
            } else if let path = shell.lookup(command) {
                shell.write(name == "type" ? "\(command) is \(path)\n" : "\(path)\n")
            } else {
                if name == "type" { shell.writeError("\(command): not found\n") }
                status = 1
            }
        }
        return status
    }
}
