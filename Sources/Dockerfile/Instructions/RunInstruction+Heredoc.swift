extension RunInstruction {
    /// Whether the command is a heredoc and nothing else (`RUN <<EOT`): BuildKit then runs the body as
    /// the script and names the step after it (buildkit v0.22.0 dockerfile2llb/convert.go, dispatchRun's
    /// `MustParseHeredoc(args[0])`); `RUN cat <<EOT > file` is a shell command that holds one.
    public var isSingleHeredoc: Bool {
        guard !heredocs.isEmpty, command.prependsShell, command.arguments.count == 1 else { return false }
        return (try? HeredocWord.parse(command.arguments[0])) != nil
    }

    /// Where BuildKit mounts the file it runs for a lone heredoc that starts with `#!`.
    static let pipesDirectory = "/dev/pipes/"

    /// A lone heredoc with a `#!` line is a program: BuildKit writes its body (tabs stripped for `<<-`)
    /// to a file of mode 0755, mounts it read-only at /dev/pipes/NAME and runs that path (dispatchRun).
    public var buildKitScript: (path: String, content: String)? {
        guard isSingleHeredoc, let heredoc = heredocs.first, heredoc.content.hasPrefix("#!") else { return nil }
        return (Self.pipesDirectory + heredoc.name, heredoc.chomps ? HeredocWord.chomp(heredoc.content) : heredoc.content)
    }

    /// The command's words as BuildKit runs them and records them in history, heredocs resolved as
    /// dispatchRun resolves them (SHELL goes in front of shell form): a lone heredoc runs the script
    /// file or else its body itself (tabs stripped for `<<-`, not expanded); other heredocs are written
    /// back under the line, each body then its delimiter (`cat <<EOF > f\nbody\nEOF`), for the shell to read.
    public var buildKitArguments: [String] {
        guard !heredocs.isEmpty, command.prependsShell, command.arguments.count == 1 else { return command.arguments }
        if isSingleHeredoc, let heredoc = heredocs.first {
            if let script = buildKitScript { return [script.path] }
            return [heredoc.chomps ? HeredocWord.chomp(heredoc.content) : heredoc.content]
        }
        return [heredocs.reduce(command.arguments[0]) { line, heredoc in line + "\n" + heredoc.content + heredoc.name }]
    }
}
