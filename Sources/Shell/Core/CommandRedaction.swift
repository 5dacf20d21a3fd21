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
        // `PASSWORD=… cmd`: a value under a secret-sounding name is hidden; the name stays.
        let prefix = assignments.compactMap(\.assignment).map { Self.isSecretName($0.name) ? "\($0.name)=********" : "\($0.name)=\($0.value.text)" }
        let hidesAssignment = assignments.contains { $0.assignment.map { Self.isSecretName($0.name) } ?? false }
        guard let typedName = typed.first?.text else { return hidesAssignment ? prefix.joined(separator: " ") : text }
        // The command that judges what is secret, the name to keep, and its arguments. Arguments made by a
        // substitution are only known once it ran (`docker $(echo login) -p …`); a typo of a command
        // (`dokcer login -p …`) is kept as that command would keep it.
        let substituted = typed.contains(where: CommandSubstitution.appears(in:))
        let typedArguments = typed.dropFirst().map(\.text)
        let judged: (command: any ShellCommand, name: String, arguments: [String])? =
            if !substituted, let command = registry.command(named: typedName) {
                (command, typedName, typedArguments)
            } else if let resolvedWords, let name = resolvedWords.first, let command = registry.command(named: name) {
                (command, name, Array(resolvedWords.dropFirst()))
            } else if !substituted, let suggestion = registry.suggestion(for: typedName), let command = registry.command(named: suggestion) {
                (command, typedName, typedArguments)
            } else {
                nil
            }
        guard let (command, name, arguments) = judged else {
            return (prefix + [typedName]).joined(separator: " ") + (typed.count > 1 ? " …" : "")
        }
        let kept = command.loggedArguments(arguments)
        let readsSecret = command.readsSecretInput(arguments)
        // Nothing secret: kept as typed, `$(…)` and all.
        if kept == arguments && !readsSecret && !hidesAssignment { return text }
        return rebuilt(prefix + [name] + kept, commandLine.redirections, keepsInput: !readsSecret)
    }

    /// Names whose values are secrets by their look: PASSWORD, TOKEN, SECRET, KEY, AUTH, CREDENTIAL.
    static func isSecretName(_ name: String) -> Bool {
        let upper = name.uppercased()
        return ["PASS", "TOKEN", "SECRET", "KEY", "AUTH", "CRED"].contains { upper.contains($0) }
    }

    /// A command line from its words, with redirections but no heredoc body.
    private func rebuilt(_ words: [String], _ redirections: [ShellRedirection], keepsInput: Bool) -> String {
        let shown = redirections.map { redirection -> String in
            switch redirection {
            case .output(let fd, let target, let append): (fd == 1 ? "" : String(fd)) + (append ? ">> " : "> ") + target.text
            case .input(let fd, let target): (fd == 0 ? "" : String(fd)) + "< " + target.text
            case .duplicate(let fd, let target): "\(fd)>&" + target.text
            case .heredoc(let doc) where keepsInput: (doc.fd == 0 ? "" : String(doc.fd)) + "<<" + doc.delimiter.text + "\n" + doc.body + doc.delimiter.text
            case .heredoc(let doc): (doc.fd == 0 ? "" : String(doc.fd)) + "<<" + doc.delimiter.text + " (input not kept)"
            case .hereString(let fd, let word): (fd == 0 ? "" : String(fd)) + "<<< " + word.text
            }
        }
        return (words + shown).joined(separator: " ")
    }
}
