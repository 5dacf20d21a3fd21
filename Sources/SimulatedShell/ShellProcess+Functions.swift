import ShellSyntax

/// Shell functions and `.` scripts: each call runs with the arguments as its positional parameters
/// and its own local variables, until its end or its `return`.
extension ShellProcess {
    /// A running function or `.` script, with what its `local` variables hid.
    struct CallFrame {
        enum Kind {
            case function(String)
            /// A script `.` (bash's `source`) runs, by its path.
            case source(String)
        }

        var kind: Kind
        /// Each variable made local here, as it was before: restored when the frame ends.
        var hidden: [String: HiddenVariable] = [:]
    }

    /// A variable as it was before `local` hid it.
    struct HiddenVariable {
        var variable: String?
        var exported: String?
        var array: ShellArray?
    }

    /// Calls a function with `arguments` as `$1…`; its status is that of its `return` or its last command.
    func callFunction(_ name: String, _ body: ShellScript, arguments: [String], input: ShellInput) -> Int32 {
        guard outerFrames + frames.count < limits.nestedFunctions else {
            stop(.functionNesting(limits.nestedFunctions))
            return stopped?.status ?? 1
        }
        return inFrame(.function(name), arguments: arguments) { execute(body, input: input) }
    }

    /// `. FILE [ARGS]`: the file's commands run in this shell (its functions and variables stay), and a
    /// `return` in it ends it. Arguments, which bash takes, are its positional parameters while it runs.
    func source(_ path: String, text: String, arguments: [String], input: ShellInput) -> Int32 {
        guard outerFrames + frames.count < limits.nestedFunctions else {
            stop(.functionNesting(limits.nestedFunctions))
            return stopped?.status ?? 1
        }
        let parsed: ShellScript
        do {
            parsed = try ShellParser(dialect: dialect).parse(text)
        } catch {
            writeError("\(path): \(error.message)\n")
            return 2
        }
        return inFrame(.source(path), arguments: arguments.isEmpty ? nil : arguments) { execute(parsed, input: input) }
    }

    /// Runs `body` in a new frame: the positional parameters are `arguments` (when given) until it
    /// ends, and the variables it made local are restored after.
    private func inFrame(_ kind: CallFrame.Kind, arguments: [String]?, _ body: () -> Int32) -> Int32 {
        let savedPositional = positional
        let savedLoops = loopDepth
        if let arguments { positional = arguments }
        frames.append(CallFrame(kind: kind))
        loopDepth = 0
        let status = body()
        let frame = frames.removeLast()
        for (name, hidden) in frame.hidden {
            shellVariables[name] = hidden.variable
            environment[name] = hidden.exported
            arrays[name] = hidden.array
        }
        if arguments != nil { positional = savedPositional }
        loopDepth = savedLoops
        let result = returnRequest ?? status
        returnRequest = nil
        return stopped?.status ?? exitRequest ?? result
    }

    /// Whether a function or `.` script is running, where `return` and `local` may be used.
    var inFunctionOrSource: Bool { !frames.isEmpty }

    /// Whether a function is running (`local` is for functions only).
    var inFunction: Bool {
        frames.contains { if case .function = $0.kind { true } else { false } }
    }

    /// Makes `name` local to the running function: its value now is restored when the function ends.
    /// Dash keeps the value it had; bash and ash start it unset.
    func makeLocal(_ name: String) {
        guard let index = frames.lastIndex(where: { if case .function = $0.kind { true } else { false } }) else { return }
        if frames[index].hidden[name] == nil {
            frames[index].hidden[name] = HiddenVariable(variable: shellVariables[name], exported: environment[name], array: arrays[name])
        }
        if dialect == .bash || flavor == .ash { unsetVariable(name) }
    }

    /// Bash's `FUNCNAME`: the running functions, innermost first, with `source` for a `.` script on
    /// the way and `main` for the script file under them all; empty outside functions.
    var functionNames: [String] {
        guard inFunction else { return [] }
        let names = frames.reversed().map { frame -> String in
            switch frame.kind {
            case .function(let name): name
            case .source: "source"
            }
        }
        return names + (scriptFile == nil ? [] : ["main"])
    }

    /// Bash's `BASH_SOURCE`: the file whose code runs, one entry per `FUNCNAME` entry. Every function
    /// counts as defined in the file running now, which holds for the scripts images run.
    var sourceFiles: [String] {
        let sourced = frames.reversed().compactMap { frame -> String? in
            guard case .source(let path) = frame.kind else { return nil }
            return path
        }
        let current = sourced.first ?? scriptFile
        guard let current else { return [] }
        return Array(repeating: current, count: max(1, functionNames.count))
    }
}
