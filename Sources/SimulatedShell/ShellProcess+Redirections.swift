import ShellSyntax

/// Redirections, of a simple command or a compound one (`{ …; } >> file`, `done < file`): taken in
/// order as the shell takes them, so `2>&1 >/dev/null` sends errors where output went before and
/// output to /dev/null. Only standard input, output and error are simulated.
extension ShellProcess {
    /// Where standard output or error goes.
    private enum Target: Equatable {
        case standardOutput
        case standardError
        case file(path: String, append: Bool)
    }

    /// Runs `body` with the redirections applied: it gets the standard input they give, and what it
    /// writes goes where they say. A file that cannot be opened fails the command before it runs.
    func withRedirections(_ redirections: [ShellRedirection], input: ShellInput, _ body: (ShellInput) -> Int32) -> Int32 {
        guard !redirections.isEmpty else { return body(input) }
        var stdin = input
        var targets: [OutputChunk.Stream: Target] = [.standardOutput: .standardOutput, .standardError: .standardError]
        for redirection in redirections {
            switch redirection {
            case .heredoc(let doc) where doc.fd == 0:
                stdin = ShellInput(doc.expandsBody ? expander.heredoc(doc.body) : doc.body)
            case .hereString(0, let word):
                stdin = ShellInput(expander.string(word) + "\n")
            case .input(0, let target):
                let file = expander.string(target)
                switch readFile(file) {
                case .success(let text):
                    stdin = ShellInput(text)
                case .failure(let failure):
                    writeError(flavor.redirectionFailed(file, writing: false, failure, shell: shellPath) + "\n")
                    return flavor.redirectionFailureStatus
                }
            case .output(let fd, let target, let append) where fd == 1 || fd == 2:
                let path = absolute(expander.string(target))
                // The shell opens (and empties) the file before the command runs.
                guard writeFile(path, "", append: append) else { return flavor.redirectionFailureStatus }
                targets[fd == 1 ? .standardOutput : .standardError] = .file(path: path, append: append)
            case .duplicate(2, let target) where target.text == "1":
                targets[.standardError] = targets[.standardOutput]
            case .duplicate(1, let target) where target.text == "2":
                targets[.standardOutput] = targets[.standardError]
            default:
                continue
            }
        }
        if targets[.standardOutput] == .standardOutput && targets[.standardError] == .standardError { return body(stdin) }
        let (status, produced) = capturingOutput { body(stdin) }
        // Each file once, with what every stream sent there, in the order of the streams.
        var files: [(path: String, streams: Set<OutputChunk.Stream>, append: Bool)] = []
        for stream in [OutputChunk.Stream.standardOutput, .standardError] {
            switch targets[stream] ?? .standardOutput {
            case .standardOutput: forward(produced, streams: [stream], to: .standardOutput)
            case .standardError: forward(produced, streams: [stream], to: .standardError)
            case .file(let path, let append):
                if let index = files.firstIndex(where: { $0.path == path }) {
                    files[index].streams.insert(stream)
                } else {
                    files.append((path, [stream], append))
                }
            }
        }
        for file in files {
            if let device = produced.endlessDevice(on: file.streams) {
                stop(.endless(into: file.path, device: "/dev/" + device.name))
                return stopped?.status ?? 1
            }
            // The file was opened (and emptied) already: what the command wrote goes after.
            if !writeFile(file.path, produced.content(of: file.streams), append: true) { return flavor.redirectionFailureStatus }
        }
        return status
    }
}
