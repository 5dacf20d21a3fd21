import Foundation
import LayerlabBasics
import ShellSyntax

/// Runs the REPL: reads lines, joins the ones that continue a command, runs each command with its
/// redirections, logs it, and reports errors without ever stopping the loop.
public final class Session {
    public let context: ShellContext
    private let output: any OutputSink
    private let lexer = ShellLexer()
    /// The reader of `run`, told what of each command its history may keep.
    private weak var currentReader: (any LineReader)?

    public static let continuationPrompt = "> "
    /// Output redirected to a workspace file is held until the command ends; this much at most.
    public static let redirectionLimit = 64 << 20

    /// True for a session that runs commands on layerlab's behalf (a lesson's start state, a
    /// reference solution): nothing is kept and no observer is told.
    private let isQuiet: Bool
    private let observers: [any SessionObserver]

    /// A session over `context`, followed by `observers`; a quiet one has none.
    public init(context: ShellContext, output: any OutputSink, observers: [any SessionObserver] = []) {
        self.context = context
        self.output = output
        self.observers = observers
        isQuiet = false
    }

    /// A session that runs commands on layerlab's behalf over the same context.
    public init(quietlyOver context: ShellContext, output: any OutputSink) {
        self.context = context
        self.output = output
        observers = []
        isQuiet = true
    }

    /// The main prompt.
    public var prompt: String {
        context.style.bold("layerlab") + (context.promptTag.map { "[\($0)]" } ?? "") + context.style.dim(":" + context.workspace.currentDirectory) + "> "
    }

    /// Reads and runs commands until `exit` or the end of input; returns the status of the last command
    /// (or the one given to `exit`), as a POSIX shell does.
    public func run(reader: any LineReader) -> Int32 {
        context.answerReader = reader
        currentReader = reader
        defer {
            context.answerReader = nil
            currentReader = nil
        }
        for observer in observers { observer.sessionDidStart(io: terminalIO, context: context) }
        var lastStatus: Int32 = 0
        while context.requestedExit == nil {
            if let attached = context.attachedShell {
                runAttached(attached, reader: reader)
                continue
            }
            guard let text = readCommandText(reader: reader) else { break }
            guard let text = text else { continue }
            // A Ctrl-C belongs to the command it interrupted; the next line starts afresh (nested and
            // quiet commands inside it must still see it).
            Interruption.clear()
            lastStatus = execute(text)
        }
        finish()
        return context.requestedExit ?? lastStatus
    }

    /// Tells the observers the session ended.
    public func finish() {
        for observer in observers { observer.sessionDidEnd(context: context) }
    }

    /// Runs one whole command text (which may span lines, for heredocs) and returns its exit status.
    @discardableResult
    public func execute(_ text: String) -> Int32 {
        execute(text, capturing: nil)
    }

    /// Runs a command text; with `capture`, a command substitution's: its standard output is collected
    /// there, and it is neither logged nor shown to observers (the command around it is).
    private func execute(_ text: String, capturing capture: BufferOutputSink?) -> Int32 {
        let isSubstitution = capture != nil
        let tokens: [ShellToken]
        switch lexer.tokenize(text) {
        case .success(let result): tokens = result
        case .failure(let error):
            report(message: "layerlab: \(error)", hint: nil)
            if !isSubstitution { log(CommandRedaction.unparsedLine, status: 2, outcome: .syntaxError) }
            return 2
        }
        let commandLine: SimpleCommandLine
        do {
            guard let parsed = try SimpleCommandLine.from(tokens) else { return 0 }
            commandLine = parsed
        } catch {
            report(message: "layerlab: \(error)", hint: "run the commands one per line")
            if !isSubstitution { log(CommandRedaction.unparsedLine, status: 2, outcome: .syntaxError) }
            return 2
        }
        // `NAME=value` words before the command are its environment, as in a shell.
        let assignmentCount = commandLine.words.prefix { $0.assignment != nil }.count
        guard assignmentCount < commandLine.words.count else {
            report(message: "layerlab: the prompt keeps no variables: NAME=value works only before a command",
                   hint: "as in: DOCKER_BUILDKIT=1 docker build .")
            if !isSubstitution { keep(redaction.keptText(text, commandLine: commandLine), status: 1, outcome: .failed) }
            return 1
        }
        let commandWords = Array(commandLine.words.dropFirst(assignmentCount))
        let typedName = commandWords[0].text
        guard CommandSubstitution.appears(in: commandWords[0]) || context.registry.command(named: typedName) != nil else {
            let suggestion = context.registry.suggestion(for: typedName).map { "Did you mean '\($0)'?" }
            report(message: "layerlab: \(typedName): command not found", hint: suggestion ?? "Type 'help' to list the commands.")
            if !isSubstitution { keep(redaction.keptText(text, commandLine: commandLine), status: 127, outcome: .unknownCommand) }
            return 127
        }
        // Observers hear of the command as typed, before any substitution in it runs: undo's
        // snapshot must come before anything changes.
        if !isSubstitution {
            let kept = redaction.keptText(text, commandLine: commandLine)
            for observer in observers { observer.commandWillStart(commandLine, kept: kept, context: context) }
        }
        let substitution = CommandSubstitution { [unowned self] inner in
            let buffer = BufferOutputSink()
            _ = execute(inner, capturing: buffer)
            return buffer.standardOutput
        }
        var assignments: [String: String] = [:]
        for case let (name, value)? in commandLine.words.prefix(assignmentCount).map(\.assignment) {
            // The value is not split into fields, as in a shell.
            assignments[name] = substitution.fields(of: value).joined(separator: " ")
        }
        let words = commandWords.flatMap(substitution.fields)
        context.commandAssignments = assignments
        defer { context.commandAssignments = [:] }
        var status: Int32 = 0
        var outcome = CommandOutcome.succeeded
        if let name = words.first {
            let arguments = Array(words.dropFirst())
            if let command = context.registry.command(named: name), isQuiet, command.reachesHost {
                // Decided on the command as it will run, after NAME=value words and substitutions:
                // `V=1 edit f` and `$(echo edit) f` in a pack are refused as `edit f` is.
                report(message: "layerlab: \(name) runs a program on the learner's computer, which a lesson pack may not do",
                       hint: "write files with `cat > FILE <<'EOF'` instead")
                (status, outcome) = (126, .failed)
            } else if let command = context.registry.command(named: name) {
                // Named without its arguments, which may hold a password.
                let subcommand = arguments.first.flatMap { $0.allSatisfy(\.isLetter) ? " " + $0 : nil } ?? ""
                let outer = CrashGuard.begin("running '\(name)\(subcommand)'")
                (status, outcome) = run(command, arguments: arguments, redirections: commandLine.redirections, capture: capture)
                CrashGuard.end(restoring: outer)
            } else {
                report(message: "layerlab: \(name): command not found", hint: "Type 'help' to list the commands.")
                (status, outcome) = (127, .unknownCommand)
            }
        }
        if isSubstitution { return status }
        let loggedText = redaction.keptText(text, commandLine: commandLine, resolvedWords: words)
        keep(loggedText, status: status, outcome: outcome)
        for observer in observers { observer.commandDidFinish(loggedText, status: status, io: terminalIO, context: context) }
        return status
    }

    /// A change made to the world from outside the prompt (a request through the Engine API), named by
    /// `line`: the observers hear of it as of a command typed here, so it is an undo step, it is in
    /// the command log, and the exercise is checked after it, announcing on `io`. It is not put in
    /// the prompt's history: the learner did not type it here.
    public func runOutside(_ line: String, io: CommandIO, _ body: () -> Int32) -> Int32 {
        guard !isQuiet, case .success(let tokens) = lexer.tokenize(line), let commandLine = try? SimpleCommandLine.from(tokens) else { return body() }
        for observer in observers { observer.commandWillStart(commandLine, kept: line, context: context) }
        let status = body()
        for observer in observers {
            observer.commandWasKept(line, status: status, outcome: status == 0 ? .succeeded : .failed, io: io, context: context)
            observer.commandDidFinish(line, status: status, io: io, context: context)
        }
        return status
    }

    private var terminalIO: CommandIO {
        CommandIO(standardInput: nil, standardOutput: output, standardError: output)
    }

    /// One line for the attached container shell; it detaches when that shell exits.
    private func runAttached(_ shell: any AttachedShell, reader: any LineReader) {
        let io = CommandIO(standardInput: nil, standardOutput: output, standardError: output)
        switch reader.readLine(prompt: LinePrompt(text: shell.prompt, isContinuation: false, isAttached: true)) {
        case .endOfInput:
            shell.endOfInput(io: io)
            context.attachedShell = nil
        case .interrupted:
            break
        case .line(let line):
            Interruption.clear()
            if !shell.handle(line, io: io) { context.attachedShell = nil }
            // Lines for a container's shell are the container's business: its program's name is kept, not
            // what was given to it (a password typed there stays there).
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            log("(container) " + (words.first.map(String.init) ?? "") + (words.count > 1 ? " …" : ""), status: 0, outcome: .succeeded)
        }
    }

    // MARK: Reading

    /// The next command text: nil at the end of input, `.some(nil)` when the line was cancelled.
    private func readCommandText(reader: any LineReader) -> String?? {
        var text: String?
        while true {
            let prompt = LinePrompt(text: text == nil ? prompt : Self.continuationPrompt, isContinuation: text != nil)
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                guard let pending = text else { return nil }
                // Let the lexer explain what was left open.
                return .some(pending)
            case .interrupted:
                return .some(nil)
            case .line(let line):
                let joined = text.map { $0 + "\n" + line } ?? line
                if case .failure(let error) = lexer.tokenize(joined), error.needsMoreInput {
                    text = joined
                    continue
                }
                return .some(joined)
            }
        }
    }

    // MARK: Running

    /// Where one of a command's output streams goes after its redirections, applied left to right.
    private enum Destination: Equatable {
        case terminal
        case file(WorkspacePath, append: Bool)
    }

    private func run(_ command: any ShellCommand, arguments: [String], redirections: [ShellRedirection],
                     capture: BufferOutputSink?) -> (Int32, CommandOutcome) {
        var outputDestination = Destination.terminal
        var errorDestination = Destination.terminal
        var input: String?
        do throws(CommandFailure) {
            for redirection in redirections {
                switch redirection {
                case .heredoc(let doc) where doc.fd == 0:
                    input = doc.body
                case .input(0, let target):
                    input = try readFile(target.text)
                case .output(1, let target, let append):
                    outputDestination = .file(try resolve(target.text), append: append)
                case .output(2, let target, let append):
                    errorDestination = .file(try resolve(target.text), append: append)
                case .duplicate(2, let target) where target.text == "1":
                    errorDestination = outputDestination
                case .duplicate(1, let target) where target.text == "2":
                    outputDestination = errorDestination
                default:
                    throw CommandFailure("layerlab: this redirection is not supported at the prompt", hint: "use >, >>, <, 2>, 2>&1 or a heredoc")
                }
            }
        } catch {
            render(error)
            return (1, .failed)
        }
        // One buffer per distinct file, so `> f 2>&1` interleaves both streams into f.
        var buffers: [(destination: Destination, sink: BufferOutputSink)] = []
        func sink(for destination: Destination) -> any OutputSink {
            guard destination != .terminal else { return output }
            if let existing = buffers.first(where: { $0.destination == destination }) { return existing.sink }
            let buffer = BufferOutputSink(limit: Self.redirectionLimit)
            buffers.append((destination, buffer))
            return buffer
        }
        let io = CommandIO(
            standardInput: input,
            standardOutput: outputDestination == .terminal ? capture ?? output : sink(for: outputDestination),
            standardError: sink(for: errorDestination)
        )
        var status: Int32
        var outcome: CommandOutcome
        do {
            status = try command.run(arguments, io: io, context: context)
            outcome = status == 0 ? .succeeded : .failed
        } catch {
            render(error, to: io)
            status = (error as? any UserFacingError)?.exitStatus ?? 70
            outcome = error is any UserFacingError ? .failed : .internalError
        }
        do {
            for case (.file(let path, let append), let buffer) in buffers {
                guard !buffer.overflowed else {
                    throw CommandFailure("layerlab: \(path.display): the output is over \(Self.redirectionLimit >> 20) MiB, more than layerlab keeps for a redirection; nothing was written",
                                         hint: "a file that large is better made inside a container (RUN, docker run)")
                }
                try writeRedirected(buffer.combined, to: path, append: append)
            }
        } catch {
            render(error)
            return (1, .failed)
        }
        return (status, outcome)
    }

    private func resolve(_ typed: String) throws(CommandFailure) -> WorkspacePath {
        try context.workspace.resolve(typed, for: "layerlab")
    }

    private func readFile(_ typed: String) throws(CommandFailure) -> String {
        let path = try resolve(typed)
        guard let data = FileManager.default.contents(atPath: path.url.path) else {
            throw CommandFailure("layerlab: \(typed): No such file or directory")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes by replacing the file (a new file renamed into place), never by changing it in place:
    /// undo keeps hard links to earlier versions of large files, which must not change under it.
    private func writeRedirected(_ text: String, to path: WorkspacePath, append: Bool) throws {
        if path.isDirectory {
            throw CommandFailure("layerlab: \(path.display): Is a directory")
        }
        var data = append ? FileManager.default.contents(atPath: path.url.path) ?? Data() : Data()
        data.append(Data(text.utf8))
        do {
            try data.write(to: path.url, options: .atomic)
        } catch {
            throw CommandFailure("layerlab: \(path.display): No such file or directory",
                                 hint: "create the folder first with mkdir -p")
        }
    }

    // MARK: Reporting

    private func render(_ error: any Error, to io: CommandIO? = nil) {
        let print: (String) -> Void = { line in
            if let io { io.printError(line) } else { self.output.write(line + "\n", to: .standardError) }
        }
        switch error {
        case let error as any UserFacingError:
            let located = error.location.map { "\($0): " } ?? ""
            print(located + error.message)
            if let hint = error.hint { print(context.style.hint(hint)) }
        default:
            print("layerlab: internal error: \(error)")
            print("This is a bug in layerlab; please report it with the command you ran. Your progress is safe.")
        }
    }

    private func report(message: String, hint: String?) {
        output.write(message + "\n", to: .standardError)
        if let hint { output.write(context.style.hint(hint) + "\n", to: .standardError) }
    }

    private var redaction: CommandRedaction { CommandRedaction(registry: context.registry) }

    /// Keeps a command as redacted: in the command log, and in the reader's history.
    private func keep(_ text: String, status: Int32, outcome: CommandOutcome) {
        log(text, status: status, outcome: outcome)
        if !isQuiet { for line in text.split(separator: "\n") { currentReader?.remember(String(line)) } }
    }

    private func log(_ text: String, status: Int32, outcome: CommandOutcome) {
        for observer in observers { observer.commandWasKept(text, status: status, outcome: outcome, io: terminalIO, context: context) }
    }
}

extension Session: CompletionProvider {
    public func completionCandidates(lineBeforeCursor: String) -> [String] {
        // Complete against the words typed so far; an unfinished quote completes nothing.
        guard case .success(let tokens) = lexer.tokenize(lineBeforeCursor) else { return [] }
        var words = tokens.compactMap { token -> String? in
            if case .word(let word) = token { return word.text }
            return nil
        }
        let endsInSpace = lineBeforeCursor.last == " " || lineBeforeCursor.last == "\t"
        if endsInSpace || words.isEmpty { words.append("") }
        if words.count == 1 { return context.registry.listedNames }
        guard let command = context.registry.command(named: words[0]) else { return [] }
        let arguments = Array(words.dropFirst())
        return command.completionCandidates(arguments: arguments, position: arguments.count - 1, context: context)
    }
}
