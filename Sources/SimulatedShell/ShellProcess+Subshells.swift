import ShellSyntax

/// Subshells (`( … )`, `$( … )`, a pipeline's commands) and child shells (`sh -c`, a script): both
/// run with a copy of the shell's own state and give nothing of it back, as a forked process gives
/// nothing back to its parent. A subshell starts from the shell's variables, functions and options;
/// a child shell only from what a new process inherits (exported variables, the directory, the umask).
extension ShellProcess {
    /// What a shell has of its own, which a subshell or child shell changes only in its copy.
    struct State {
        var environment: [String: String]
        var variables: [String: String]
        var arrays: [String: ShellArray]
        var functions: [String: ShellScript]
        var workingDirectory: String
        var positional: [String]
        var argumentZero: String?
        var errexit: Bool
        var xtrace: Bool
        var nounset: Bool
        var pipefail: Bool
        var shellOptions: Set<String>
        var fileModeMask: Int
        var dialect: ShellDialect
        var frames: [CallFrame]
        var scriptFile: String?
        var loopDepth: Int
    }

    var state: State {
        get {
            State(environment: environment, variables: shellVariables, arrays: arrays, functions: functions, workingDirectory: workingDirectory,
                  positional: positional, argumentZero: argumentZero, errexit: errexit, xtrace: xtrace, nounset: nounset, pipefail: pipefail,
                  shellOptions: shellOptions, fileModeMask: fileModeMask, dialect: dialect, frames: frames, scriptFile: scriptFile, loopDepth: loopDepth)
        }
        set {
            environment = newValue.environment
            shellVariables = newValue.variables
            arrays = newValue.arrays
            functions = newValue.functions
            workingDirectory = newValue.workingDirectory
            positional = newValue.positional
            argumentZero = newValue.argumentZero
            errexit = newValue.errexit
            xtrace = newValue.xtrace
            nounset = newValue.nounset
            pipefail = newValue.pipefail
            shellOptions = newValue.shellOptions
            fileModeMask = newValue.fileModeMask
            dialect = newValue.dialect
            frames = newValue.frames
            scriptFile = newValue.scriptFile
            loopDepth = newValue.loopDepth
        }
    }

    /// Runs `body` as a subshell: whatever it changes of the shell is undone after, and its `exit`,
    /// `return`, `break` or `continue` ends only the subshell.
    func inSubshell(_ body: () -> Int32) -> Int32 {
        let saved = state
        let status = body()
        state = saved
        let result = exitRequest ?? returnRequest ?? status
        exitRequest = nil
        returnRequest = nil
        loopJump = nil
        return stopped?.status ?? result
    }

    /// Makes this shell a new one reading `dialect`: no variables of its own, no functions, arrays or
    /// options; what a process inherits (exported variables, directory, umask) stays.
    func startChildShell(dialect: ShellDialect) {
        shellVariables = [:]
        arrays = [:]
        functions = [:]
        errexit = false
        xtrace = false
        nounset = false
        pipefail = false
        shellOptions = []
        frames = []
        scriptFile = nil
        loopDepth = 0
        self.dialect = dialect
    }
}
