import LayerStore
import ShellSyntax

/// The shell's builtins: the commands that change the shell itself (`cd`, `export`, `set`, `exit`,
/// `exec`, `shift`, `umask`, `local`, `return`, `.`, `eval`, `read`…), that ask it about commands
/// (`command`, `type`), and the utilities it has built in. Bash's own (`declare`, `source`, `shopt`)
/// exist only when bash runs.
struct ShellBuiltins {
    /// The utilities that are builtins of the shell and programs of an image alike (`echo`, `test`):
    /// the shell runs them without searching PATH, with the program's own code.
    static let utilities: Set<String> = ["echo", "printf", "pwd", "test", "[", "true", "false"]
    /// Every name the shells run themselves.
    static let names = ShellBuiltins.utilities.union([
        "cd", "export", "unset", "set", "exit", "exec", ":", "shift", "umask", "command", "type", "local", "readonly", "return",
        "break", "continue", ".", "eval", "read",
    ])
    /// Bash's builtins that POSIX shells do not have.
    static let bashOnly: Set<String> = ["declare", "typeset", "source", "shopt"]
    /// The special builtins: a function cannot take their names, and their variable assignments
    /// (`X=1 export Y`) outlast the command.
    static let special: Set<String> = ["export", "set", "unset", ":", ".", "exit", "readonly", "return", "eval", "exec", "shift", "break", "continue"]

    let shell: ShellProcess

    /// Whether `name` is a builtin of the shell that runs.
    func exists(_ name: String) -> Bool {
        Self.names.contains(name) || (shell.dialect == .bash && Self.bashOnly.contains(name))
    }

    /// Runs a builtin; nil when `name` is none.
    func run(_ name: String, _ arguments: [String], input: ShellInput) -> Int32? {
        guard exists(name) else { return nil }
        switch name {
        case "cd": return cd(arguments)
        case "export", "local", "readonly", "declare", "typeset":
            return declare(name, arguments.map(DeclarationArgument.word), input: input)
        case "unset": return unset(arguments)
        case "set": return setOptions(arguments)
        case "shopt": return shopt(arguments)
        case "exit":
            let status = arguments.first.flatMap { Int32($0) } ?? shell.lastStatus
            shell.exitRequest = status
            return status
        case "return": return returnFromFunction(arguments)
        case "break", "continue": return leaveLoop(name, arguments)
        case "exec":
            // The command replaces the shell: its status is the shell's, and nothing after it runs.
            guard !arguments.isEmpty else { return 0 }
            shell.execNextProgram()
            let status = shell.runCommand(arguments, input: input)
            shell.exitRequest = status
            return status
        case ":": return 0
        case "umask": return umask(arguments)
        case "shift":
            let count = arguments.first.flatMap(Int.init) ?? 1
            shell.positional = Array(shell.positional.dropFirst(count))
            return 0
        case ".", "source": return source(name, arguments, input: input)
        case "eval": return eval(arguments, input: input)
        case "read": return read(arguments, input: input)
        case "command", "type": return describe(name, arguments, input: input)
        default:
            return ProgramTable.standard.run(name, arguments, input: input.remaining, in: shell)
        }
    }

    /// A builtin's complaint in the shell's words (`/bin/sh: 1: local: not in a function`).
    func complain(_ text: String) {
        shell.writeError(shell.flavor.shellMessage(text, shell: shell.shellPath) + "\n")
    }

    /// An error dash and ash treat as fatal in a script: the message, and the shell ends with 2.
    private func fail(_ text: String) -> Int32 {
        complain(text)
        shell.exitRequest = 2
        return 2
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

    /// `unset NAME…` (variables, or with `-f` functions).
    private func unset(_ arguments: [String]) -> Int32 {
        var functions = false
        for argument in arguments {
            switch argument {
            case "-f": functions = true
            case "-v": functions = false
            default:
                if functions { shell.functions[argument] = nil } else { shell.unsetVariable(argument) }
            }
        }
        return 0
    }

    /// `set -e`, `-u`, `-x` (and `+`), `-o NAME`, and `set -- A B` or `set A B` for new positional
    /// parameters. An option layerlab does not simulate is refused, not ignored.
    private func setOptions(_ arguments: [String]) -> Int32 {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                shell.positional = Array(arguments[index...])
                return 0
            }
            guard let sign = argument.first, sign == "-" || sign == "+", argument.count > 1 else {
                shell.positional = Array(arguments[(index - 1)...])
                return 0
            }
            let on = sign == "-"
            for letter in argument.dropFirst() {
                switch letter {
                case "e": shell.errexit = on
                case "x": shell.xtrace = on
                case "u": shell.nounset = on
                // bash's errtrace (ERR traps reach functions), dash's and ash's emacs line editing:
                // neither changes what a script does here, with no traps and no terminal.
                case "E": continue
                case "o":
                    guard index < arguments.count else { return 0 }
                    let option = arguments[index]
                    index += 1
                    if let status = setOption(option, on) { return status }
                default:
                    return refuse("set \(sign)\(letter)")
                }
            }
        }
        return 0
    }

    /// `set -o NAME`; a status when it cannot be set.
    private func setOption(_ option: String, _ on: Bool) -> Int32? {
        switch option {
        case "errexit": shell.errexit = on
        case "xtrace": shell.xtrace = on
        case "nounset": shell.nounset = on
        case "pipefail" where shell.dialect == .bash || shell.flavor == .ash: shell.pipefail = on
        case "errtrace" where shell.dialect == .bash: break
        case "pipefail", "errtrace": return fail("set: Illegal option -o \(option)")
        default: return refuse("set -o \(option)")
        }
        return nil
    }

    /// `shopt -s NAME` / `-u NAME` (bash): `nullglob` is simulated; other options are refused.
    private func shopt(_ arguments: [String]) -> Int32 {
        let (flags, names) = (arguments.filter { $0.hasPrefix("-") }, arguments.filter { !$0.hasPrefix("-") })
        let on = flags.contains("-s")
        guard on || flags.contains("-u") else {
            if flags.contains("-q") { return names.allSatisfy { shell.shellOptions.contains($0) } ? 0 : 1 }
            return refuse("shopt \(arguments.joined(separator: " "))")
        }
        for name in names {
            guard name == "nullglob" else { return refuse("shopt \(on ? "-s" : "-u") \(name)") }
            if on { shell.shellOptions.insert(name) } else { shell.shellOptions.remove(name) }
        }
        return 0
    }

    /// What layerlab does not simulate of a builtin: said, with status 1.
    private func refuse(_ what: String) -> Int32 {
        shell.writeError("layerlab: `\(what)` is not simulated\n")
        return 1
    }

    /// `return [N]`: ends the function or `.` script. Outside one, dash and ash end the script;
    /// bash complains.
    private func returnFromFunction(_ arguments: [String]) -> Int32 {
        let status = arguments.first.flatMap { Int32($0) } ?? shell.lastStatus
        if !shell.inFunctionOrSource && shell.dialect == .bash {
            complain("return: can only `return' from a function or sourced script")
            return 2
        }
        shell.returnRequest = status
        return status
    }

    /// `break [N]` and `continue [N]`: leave (or go on with) the N loops around; bash complains
    /// outside a loop, dash and ash say nothing.
    private func leaveLoop(_ name: String, _ arguments: [String]) -> Int32 {
        guard shell.loopDepth > 0 else {
            if shell.dialect == .bash { complain("\(name): only meaningful in a `for', `while', or `until' loop") }
            return 0
        }
        let levels = min(max(arguments.first.flatMap { Int($0) } ?? 1, 1), shell.loopDepth)
        shell.loopJump = name == "break" ? .breaking(levels) : .continuing(levels)
        return 0
    }

    /// `umask`: prints the mask (`0022`, or `-S` as `u=rwx,g=rx,o=rx`) or sets it from octal digits
    /// or symbolic `u=rwx,g=rx,o=`.
    private func umask(_ arguments: [String]) -> Int32 {
        let symbolic = arguments.first == "-S"
        let operands = arguments.filter { $0 != "-S" }
        guard let mode = operands.first else {
            let mask = shell.fileModeMask
            if symbolic {
                let allowed = ~mask & 0o777
                var parts: [String] = []
                for (who, shift) in [("u", 6), ("g", 3), ("o", 0)] {
                    let bits = allowed >> shift
                    let permissions = (bits & 4 != 0 ? "r" : "") + (bits & 2 != 0 ? "w" : "") + (bits & 1 != 0 ? "x" : "")
                    parts.append(who + "=" + permissions)
                }
                shell.write(parts.joined(separator: ",") + "\n")
            } else {
                let digits = String(mask, radix: 8)
                shell.write(String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "\n")
            }
            return 0
        }
        if mode.allSatisfy({ $0.isNumber }) {
            guard let value = Int(mode, radix: 8), value <= 0o777 else {
                switch shell.flavor {
                case .bash: complain("umask: \(mode): octal number out of range"); return 1
                case .ash: complain("umask: illegal mode: \(mode)"); return 2
                case .dash: complain("umask: Illegal number: \(mode)"); return 2
                }
            }
            shell.fileModeMask = value
            return 0
        }
        // Symbolic: `who=permissions`, comma-separated; what is allowed is the mask's complement.
        var allowed = ~shell.fileModeMask & 0o777
        for clause in mode.split(separator: ",") {
            guard let equals = clause.firstIndex(of: "=") else { return refuse("umask \(mode)") }
            let who = clause[..<equals].isEmpty ? "ugo" : clause[..<equals]
            var bits = 0
            for letter in clause[clause.index(after: equals)...] {
                switch letter {
                case "r": bits |= 4
                case "w": bits |= 2
                case "x": bits |= 1
                default: return refuse("umask \(mode)")
                }
            }
            for letter in who {
                let shift: Int
                switch letter {
                case "u": shift = 6
                case "g": shift = 3
                case "o": shift = 0
                case "a":
                    allowed = bits * 0o111
                    continue
                default: return refuse("umask \(mode)")
                }
                allowed = (allowed & ~(7 << shift)) | bits << shift
            }
        }
        shell.fileModeMask = ~allowed & 0o777
        return 0
    }

    /// `. FILE [ARGS]` (and bash's `source`): runs the file's commands in this shell. A name without
    /// a slash is looked for in PATH (bash then tries the folder it is in).
    private func source(_ name: String, _ arguments: [String], input: ShellInput) -> Int32 {
        guard let file = arguments.first else {
            complain("\(name): filename argument required")
            return 2
        }
        var path = file.contains("/") ? file : shell.lookup(file)
        if path == nil, shell.dialect == .bash, shell.fileSystem.entry(at: shell.absolute(file)) != nil { path = file }
        guard let path else {
            if shell.dialect == .bash {
                complain("\(file): No such file or directory")
                return 1
            }
            return fail(".: \(file): not found")
        }
        switch shell.readFile(path) {
        case .success(let text):
            return shell.source(path, text: text, arguments: Array(arguments.dropFirst()), input: input)
        case .failure(let failure):
            if shell.dialect == .bash {
                complain("\(file): \(failure.reason)")
                return 1
            }
            return fail(shell.flavor == .ash ? ".: can't open '\(file)': \(failure.reason)" : ".: cannot open \(file): \(failure == .missing ? "No such file" : failure.reason)")
        }
    }

    /// `eval ARGS`: the arguments joined by spaces, read and run as commands of this shell.
    private func eval(_ arguments: [String], input: ShellInput) -> Int32 {
        let text = arguments.joined(separator: " ")
        guard !text.isEmpty else { return 0 }
        do {
            return shell.execute(try ShellParser(dialect: shell.dialect).parse(text), input: input)
        } catch {
            complain("eval: \(error.message)")
            return 2
        }
    }

    /// `command -v NAME`, `type NAME`: what a name runs; plain `command NAME ARGS` runs it, skipping functions.
    private func describe(_ name: String, _ arguments: [String], input: ShellInput) -> Int32 {
        let operands = arguments.filter { !$0.hasPrefix("-") }
        guard name == "type" || arguments.contains("-v") else {
            return operands.isEmpty ? 0 : shell.runCommand(operands, input: input)
        }
        var status: Int32 = 0
        for command in operands {
            if shell.functions[command] != nil {
                // dash says `shell function`, ash and bash `function` (bash then prints the body).
                shell.write(name == "type" ? "\(command) is a \(shell.flavor == .dash && shell.dialect == .posix ? "shell function" : "function")\n" : "\(command)\n")
            } else if exists(command) {
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
