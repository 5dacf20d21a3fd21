extension RunInstruction {
    /// Whether the command is a heredoc and nothing else (`RUN <<EOT`): BuildKit then runs the body as
    /// the script and names the step after it (buildkit v0.22.0 dockerfile2llb/convert.go, dispatchRun's
    /// `MustParseHeredoc(args[0])`); `RUN cat <<EOT > file` is a shell command that holds one.
    public var isSingleHeredoc: Bool {
        guard !heredocs.isEmpty, command.prependsShell, command.arguments.count == 1 else { return false }
        return (try? HeredocWord.parse(command.arguments[0])) != nil
    }
}
