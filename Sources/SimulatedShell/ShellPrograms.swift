/// `sh`, `dash`, `ash` and `bash` as programs (`sh -c SCRIPT`, `sh FILE`, a script's `#!` line): a
/// child shell of the process's own interpreter, reading bash's language when it is bash.
struct ShellPrograms: ProgramFamily {
    let names: Set<String> = ["sh", "dash", "ash", "bash"]

    func run(_ name: String, _ arguments: [String], input: String, in process: any ProcessEnvironment) -> Int32 {
        process.runShell(arguments, standardInput: input, interpreter: name)
    }
}
