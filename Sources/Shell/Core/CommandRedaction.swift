import ShellSyntax

/// What of a command line may be kept (the command log, undo's labels, the history file) or shown
/// again, decided in this one place on the parsed command, never on its spelling: a command's own
/// secrets by its `loggedArguments` (docker login's password, htpasswd's, curl's `user:password`),
/// input a command reads as a password (`--password-stdin` fed by a heredoc), and whatever follows a
/// name that is no command (`dokcer login -p …` is a typo that still holds a password).
struct CommandRedaction {
    let registry: CommandRegistry

    /// Kept for a line that did not parse: an open quote may have taken in any number of later lines.
    static let unparsedLine = "(a line that did not parse; not kept)"

    /// The text to keep for `text`, parsed as `commandLine`. `resolvedWords` are the words after command
    /// substitution when the command has run (`$(echo docker) login -p …` is docker's login); before,
    /// a command named by a substitution is kept by its name alone.
    func keptText(_ text: String, commandLine: SimpleCommandLine, resolvedWords: [String]? = nil) -> String {
        let assignments = commandLine.words.prefix { $0.assignment != nil }
        let typed = Array(commandLine.words.dropFirst(assignments.count))
        guard let typedName = typed.first?.text else { return text }
        let prefix = assignments.map(\.text)
        if let command = registry.command(named: typedName) {
            let arguments = typed.dropFirst().map(\.text)
            let kept = command.loggedArguments(arguments)
            if kept == arguments && !arguments.contains("--password-stdin") { return text }
            return rebuilt(prefix + [typedName] + kept, commandLine.redirections)
        }
        if let resolvedWords, let name = resolvedWords.first, let command = registry.command(named: name) {
            return rebuilt(prefix + [name] + command.loggedArguments(Array(resolvedWords.dropFirst())), commandLine.redirections)
        }
        return (prefix + [typedName]).joined(separator: " ") + (typed.count > 1 ? " …" : "")
    }

    /// A command line from its words, with redirections but no heredoc body.
    private func rebuilt(_ words: [String], _ redirections: [ShellRedirection]) -> String {
        let shown = redirections.map { redirection -> String in
            switch redirection {
            case .output(let fd, let target, let append): (fd == 1 ? "" : String(fd)) + (append ? ">> " : "> ") + target.text
            case .input(let fd, let target): (fd == 0 ? "" : String(fd)) + "< " + target.text
            case .duplicate(let fd, let target): "\(fd)>&" + target.text
            case .heredoc(let doc): (doc.fd == 0 ? "" : String(doc.fd)) + "<<" + doc.delimiter.text + " (input not kept)"
            }
        }
        return (words + shown).joined(separator: " ")
    }
}
