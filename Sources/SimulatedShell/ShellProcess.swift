import Foundation
import LayerStore
import ShellSyntax
import LayerlabBasics

/// A simulated shell process running in a container's filesystem: the interpreter behind RUN
/// instructions, `docker run`, `docker exec` and `sh -c`. It runs the POSIX shell language, with
/// functions, and the bash that entrypoint scripts are written in (its expansions are
/// `WordExpander`'s, its builtins `ShellBuiltins`'); the programs layerlab simulates are families in
/// `ProgramTable`, which see the process only as a `ProcessEnvironment`. A program it cannot
/// simulate is reported, never faked.
public final class ShellProcess: ProcessEnvironment {
    public var fileSystem: ContainerFileSystem
    public var environment: [String: String]
    /// The order the runtime set the variables in, for `env` (a dictionary has none).
    public var environmentOrder: [String] = []
    public var workingDirectory: String
    public var user: User
    public let flavor: ShellFlavor
    /// Programs that exist in the image but that layerlab does not simulate, in the order they ran.
    public private(set) var unsimulated: [String] = []
    /// The program layerlab does not simulate that the process ended on (the last command it ran),
    /// which may still be running, as a server would; nil when the last command was simulated.
    public private(set) var runningUnsimulated: String?
    /// Programs whose server the engine simulates outside the shell (nginx answering on its port): a
    /// container that ends on one keeps running without a note that it did nothing.
    public var serverPrograms: Set<String> = []
    /// Seconds the script would have taken (`sleep`); nothing actually waits.
    public private(set) var elapsedSeconds: Double = 0
    /// The session's clock: what `date` reads and `ls -l` dates against.
    public let clock: any WallClock
    /// The container's main process when this process is one `docker exec` started beside it; nil when
    /// this process is the main one (`docker run`, a RUN step).
    public var mainProcess: ProcessEntry?
    private var processTree = ProcessTree()
    /// Set when a shell was started with no script and nothing on its standard input (`exec sh` at
    /// the end of an entrypoint): it would read a terminal, which is the container's `-it` prompt.
    public private(set) var waitsForTerminal = false
    var shellVariables: [String: String] = [:]
    /// Bash's arrays, by name (a name is a plain variable or an array, never both).
    var arrays: [String: ShellArray] = [:]
    var functions: [String: ShellScript] = [:]
    var positional: [String] = []
    /// `$0`: the shell's name, or the name given after `sh -c SCRIPT`.
    var argumentZero: String?
    var lastStatus: Int32 = 0
    var errexit = false
    var xtrace = false
    /// `set -u`: expanding an unset variable is an error that ends the shell.
    var nounset = false
    /// `set -o pipefail` (bash): a pipeline fails with its last failing command's status.
    var pipefail = false
    /// Bash's `shopt` options that are on (`nullglob`).
    var shellOptions: Set<String> = []
    /// The process's file mode creation mask, as `umask` shows and sets it.
    var fileModeMask = 0o022
    /// The language the running shell reads: bash for a bash script, POSIX sh otherwise.
    var dialect: ShellDialect
    /// The functions (and `.` scripts) running, innermost last, with the variables each made local.
    var frames: [CallFrame] = []
    /// The script file this shell runs (`sh FILE`), for bash's `FUNCNAME` and `BASH_SOURCE`.
    var scriptFile: String?
    private var output = OutputBuffers()
    /// Set by `exit`: stops the script with this status.
    var exitRequest: Int32?
    /// Set by `return`: ends the running function or `.` script with this status.
    var returnRequest: Int32?
    /// Set by `break` and `continue`: how many enclosing loops they leave.
    var loopJump: LoopJump?
    /// The loops running in this shell, which `break` and `continue` may leave.
    var loopDepth = 0
    /// The status of the last command substitution in the command being expanded: an assignment
    /// with nothing else (`x=$(false)`) ends with it.
    var substitutionStatus: Int32?
    /// The standard input of the command being expanded, which its `$(…)` reads too.
    var currentInput = ShellInput("")
    let shellPath: String
    /// What this process may use; `stopped` is set when it used it up, or Ctrl-C came.
    public var limits = ShellLimits.standard
    private var stepsTaken = 0
    private var shellDepth = 0
    /// Function calls under way in the shells that started this one: a function's limit counts them
    /// too, or functions calling `sh -c` calling functions would recurse past both limits' worth of stack.
    private(set) var outerFrames = 0
    private(set) var stopped: ShellStop?
    private var accessCache: (user: User, access: FileAccess)?

    /// Who the process runs as.
    public struct User: Equatable, Sendable {
        public var name: String
        public var uid: Int
        public var gid: Int

        public init(name: String, uid: Int, gid: Int) {
            self.name = name
            self.uid = uid
            self.gid = gid
        }

        public static let root = User(name: "root", uid: 0, gid: 0)
    }

    /// `break N` and `continue N`, on their way out of N loops.
    enum LoopJump {
        case breaking(Int)
        case continuing(Int)
    }

    public init(fileSystem: ContainerFileSystem, environment: [String: String], workingDirectory: String = "/", user: User = .root, shellPath: String = "/bin/sh",
                clock: any WallClock = SystemWallClock()) {
        self.fileSystem = fileSystem
        self.clock = clock
        self.environment = environment
        self.workingDirectory = LayerPath.normalize(workingDirectory)
        self.user = user
        let flavor = ShellFlavor.detect(in: fileSystem) ?? .dash
        self.flavor = flavor
        dialect = flavor == .bash ? .bash : .posix
        self.shellPath = shellPath
        if environment["PATH"] == nil {
            self.environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        }
        if environment["HOME"] == nil { self.environment["HOME"] = user.uid == 0 ? "/root" : "/home/\(user.name)" }
    }

    /// What running something printed and how it ended.
    public struct Result: Equatable, Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        /// Both streams in the order they were written.
        public var chunks: [OutputChunk]

        public var combined: String { chunks.map(\.text).joined() }
    }

    /// What a download leaves where the real file would be.
    public static func offlinePlaceholder(for url: String) -> String { Downloads.placeholder(for: url) }

    /// Runs a script, as `sh -c SCRIPT` would.
    public func run(script: String, standardInput: String = "") -> Result {
        output = OutputBuffers()
        stepsTaken = 0
        stopped = nil
        (exitRequest, returnRequest, loopJump) = (nil, nil, nil)
        processTree.reset(main: mainProcess)
        processTree.start([shellPath, "-c", script], user: user)
        let status: Int32
        do {
            let parsed = try ShellParser(dialect: dialect).parse(script)
            if case .simple = parsed { processTree.execsNext = true }
            status = execute(parsed, input: ShellInput(standardInput))
        } catch {
            let message = flavor == .dash ? "\(shellPath): 1: \(error.message)" : "\(shellPath): \(error.message)"
            output.error(message + "\n")
            status = 2
        }
        return result(returnRequest ?? status)
    }

    /// Runs an argument vector directly, as an exec-form CMD or RUN does (no shell involved).
    public func run(arguments: [String], standardInput: String = "") -> Result {
        guard !arguments.isEmpty else { return Result(status: 0, standardOutput: "", standardError: "", chunks: []) }
        output = OutputBuffers()
        stepsTaken = 0
        stopped = nil
        (exitRequest, returnRequest, loopJump) = (nil, nil, nil)
        processTree.reset(main: mainProcess)
        let status = runCommand(arguments, input: ShellInput(standardInput))
        return result(status)
    }

    /// What the run printed, as text: output that never ends, or more than the limit, stops the
    /// process, which keeps what it had written up to the limit.
    private func result(_ status: Int32) -> Result {
        let size = output.size(of: [.standardOutput, .standardError])
        if let device = output.endless {
            output.keepFirst(Int64(limits.fileBytes))
            stop(.endless(into: "the output", device: "/dev/" + device.name))
        } else if size > Int64(limits.fileBytes) {
            output.keepFirst(Int64(limits.fileBytes))
            stop(.held(what: "the output", bytes: size, limit: limits.fileBytes))
        }
        return Result(status: stopped?.status ?? exitRequest ?? status, standardOutput: output.standardOutput, standardError: output.standardError, chunks: output.chunks)
    }

    /// The user a `USER` or `-u` value names (`app`, `1000`, `app:staff`), as the image's passwd has it;
    /// nil when the name is not there.
    public func resolveUser(_ spec: String) -> User? {
        Accounts(of: self).user(spec)
    }

    /// The owner a `--chown` value names, as the image's passwd and group have it: a number passwd
    /// does not list is its own group, where a process would run in group 0. Nil when a name is not there.
    public func resolveOwner(_ spec: String) -> User? {
        Accounts(of: self).owner(spec)
    }

    /// The home directory passwd gives a user, `/` when it gives none.
    public func homeDirectory(of user: User) -> String {
        Accounts(of: self).homeDirectory(of: user)
    }

    var expander: WordExpander { WordExpander(shell: self) }

    // MARK: Executing the syntax tree

    /// Whether the shell is on its way out of what runs: a stop, `exit`, `return`, `break` or `continue`.
    var isUnwinding: Bool { stopped != nil || exitRequest != nil || returnRequest != nil || loopJump != nil }

    /// The status to hand back while unwinding.
    private func unwindingStatus(_ status: Int32) -> Int32 {
        stopped?.status ?? exitRequest ?? returnRequest ?? status
    }

    func execute(_ script: ShellScript, input: ShellInput) -> Int32 {
        if isUnwinding { return unwindingStatus(lastStatus) }
        let status: Int32
        switch script {
        case .simple(let command):
            status = executeSimple(command, input: input)
        case .sequence(let items):
            var last: Int32 = 0
            for item in items {
                last = execute(item, input: input)
                if isUnwinding { return unwindingStatus(last) }
            }
            return last
        case .and(let left, let right):
            let first = executeGuarded(left, input: input)
            if isUnwinding { return unwindingStatus(first) }
            return first == 0 ? execute(right, input: input) : first
        case .or(let left, let right):
            let first = executeGuarded(left, input: input)
            if isUnwinding { return unwindingStatus(first) }
            return first != 0 ? execute(right, input: input) : first
        case .pipeline(let commands, let negated):
            let pipelineStatus = executePipeline(commands, input: input, guarded: negated)
            guard negated else {
                status = pipelineStatus
                break
            }
            // `!` inverts the status, and a negated pipeline never ends a `set -e` script.
            lastStatus = pipelineStatus == 0 ? 1 : 0
            return unwindingStatus(lastStatus)
        case .subshell(let body):
            status = inSubshell { execute(body, input: input) }
        case .group(let body):
            status = execute(body, input: input)
        case .ifClause(let branches, let elseBody):
            for branch in branches {
                let condition = executeGuarded(branch.condition, input: input)
                if isUnwinding { return unwindingStatus(condition) }
                if condition == 0 { return execute(branch.body, input: input) }
            }
            status = elseBody.map { execute($0, input: input) } ?? 0
        case .forLoop(let variable, let words, let body):
            let items = words.map { $0.flatMap { expander.fields($0) } } ?? positional
            var last: Int32 = 0
            loopDepth += 1
            for item in items {
                guard takeStep() else { break }
                setVariable(variable, item)
                last = execute(body, input: input)
                if leavesLoop() || isUnwinding { break }
            }
            loopDepth -= 1
            if isUnwinding { return unwindingStatus(last) }
            status = last
        case .whileLoop(let condition, let body, let until):
            var last: Int32 = 0
            loopDepth += 1
            while takeStep() {
                let test = executeGuarded(condition, input: input)
                if leavesLoop() || isUnwinding { break }
                guard (test == 0) != until else { break }
                last = execute(body, input: input)
                if leavesLoop() || isUnwinding { break }
            }
            loopDepth -= 1
            if isUnwinding { return unwindingStatus(last) }
            status = last
        case .caseClause(let word, let items):
            // The first item with a matching pattern runs; quoted parts of a pattern match literally.
            let subject = expander.string(word)
            let chosen = items.first { item in item.patterns.contains { ShellPattern.fnmatch(expander.casePattern($0), matches: subject) } }
            status = chosen?.body.map { execute($0, input: input) } ?? 0
        case .background(let body):
            output.error("layerlab: `&` runs in the foreground here (background jobs are not simulated)\n")
            status = execute(body, input: input)
        case .function(let name, let body):
            functions[name] = body
            status = 0
        case .redirected(let body, let redirections):
            status = withRedirections(redirections, input: input) { self.execute(body, input: $0) }
        case .conditional(let words):
            status = ConditionalExpression(shell: self).evaluate(words)
        }
        lastStatus = status
        // `set -e` ends the script at a command that fails; a `return` or `break` on its way out is
        // not one (the function's caller sees the status).
        if errexit && status != 0 && !isUnwinding { exitRequest = status }
        return unwindingStatus(status)
    }

    /// Runs a condition: `set -e` does not stop the script for commands whose status is tested.
    private func executeGuarded(_ script: ShellScript, input: ShellInput) -> Int32 {
        let saved = errexit
        errexit = false
        defer { errexit = saved }
        return execute(script, input: input)
    }

    /// A pipeline: with more than one command each runs in a subshell (so `… | read v` sets nothing
    /// in the shell, as in dash, ash and bash), each one's output feeding the next; only the last
    /// one's output reaches the caller. Its status is the last command's, or with `pipefail` the
    /// last failing one's.
    private func executePipeline(_ commands: [ShellScript], input: ShellInput, guarded: Bool) -> Int32 {
        guard commands.count > 1 else {
            return guarded ? executeGuarded(commands[0], input: input) : execute(commands[0], input: input)
        }
        var data = input
        var statuses: [Int32] = []
        for (index, command) in commands.enumerated() {
            guard index < commands.count - 1 else {
                statuses.append(inSubshell { execute(command, input: data) })
                break
            }
            let outer = output
            output = OutputBuffers()
            statuses.append(inSubshell { execute(command, input: data) })
            let stage = output
            output = outer
            forward(stage, streams: [.standardError], to: .standardError)
            data = ShellInput(heldText(stage, what: "a pipe"))
            if stopped != nil { break }
        }
        let last = statuses.last ?? 0
        return pipefail ? statuses.last { $0 != 0 } ?? 0 : last
    }

    /// After a loop's body (or condition): whether `break` leaves this loop. A `break N` or
    /// `continue N` for loops further out goes on with one loop fewer; a `continue` for this one is
    /// used up here, and the loop goes on.
    private func leavesLoop() -> Bool {
        guard let jump = loopJump else { return false }
        switch jump {
        case .breaking(let levels):
            loopJump = levels > 1 ? .breaking(levels - 1) : nil
            return true
        case .continuing(let levels):
            loopJump = levels > 1 ? .continuing(levels - 1) : nil
            return levels > 1
        }
    }

    /// Counts one command or loop round against the limits; false once the process must stop.
    private func takeStep() -> Bool {
        if stopped != nil { return false }
        if Interruption.isRequested { stop(.interrupted) }
        stepsTaken += 1
        if stepsTaken > limits.steps { stop(.steps(limits.steps)) }
        if let device = output.endless {
            output.keepFirst(Int64(limits.fileBytes))
            stop(.endless(into: "the output", device: "/dev/" + device.name))
        }
        if output.residentBytes > Int64(limits.fileBytes) { stop(.held(what: "the output", bytes: output.residentBytes, limit: limits.fileBytes)) }
        return stopped == nil
    }

    /// Stops the whole process (every shell in it), saying why once.
    func stop(_ reason: ShellStop) {
        guard stopped == nil else { return }
        stopped = reason
        output.error(reason.message + "\n")
    }

    private func executeSimple(_ command: SimpleCommand, input: ShellInput) -> Int32 {
        guard takeStep() else { return stopped?.status ?? 1 }
        currentInput = input
        substitutionStatus = nil
        let words = expander.commandWords(command.words)
        if isUnwinding { return unwindingStatus(1) }
        guard let name = words.first else {
            for assignment in command.assignments { assign(assignment) }
            // Alone, assignments end with their last command substitution's status; redirections
            // with no command still open (and empty) their files.
            let status = substitutionStatus ?? 0
            runningUnsimulated = nil
            guard !command.redirections.isEmpty else { return status }
            return withRedirections(command.redirections, input: input) { _ in status }
        }
        if xtrace { output.error("+ " + words.joined(separator: " ") + "\n") }
        // `NAME=value cmd`: the command (a function too) sees the variables exported; only a special
        // builtin's outlast it.
        var saved: [(name: String, value: String?)] = []
        for assignment in command.assignments where assignment.key == nil {
            guard case .word(let word) = assignment.value else { continue }
            let value = expander.string(word)
            guard withinVariableLimit(assignment.name, value) else { return stopped?.status ?? 1 }
            saved.append((assignment.name, environment[assignment.name]))
            environment[assignment.name] = value
        }
        defer {
            if !ShellBuiltins.special.contains(name) {
                for (variable, value) in saved.reversed() { environment[variable] = value }
            }
        }
        let declaration = command.words.first.map { !$0.isQuoted && SimpleCommand.declarationBuiltins.contains($0.text) } ?? false
        return withRedirections(command.redirections, input: input) { stdin in
            self.runningUnsimulated = nil
            if declaration, self.functions[name] == nil, ShellBuiltins(shell: self).exists(name) {
                return ShellBuiltins(shell: self).declare(name, self.expander.declarationArguments(command), input: stdin)
            }
            if !ShellBuiltins.special.contains(name), let body = self.functions[name] {
                return self.callFunction(name, body, arguments: Array(words.dropFirst()), input: stdin)
            }
            return self.runCommand(words, input: stdin)
        }
    }

    /// Writes what `buffers` hold on `streams` to this process's output, on `stream`, the order kept.
    func forward(_ buffers: OutputBuffers, streams: Set<OutputChunk.Stream>, to stream: OutputChunk.Stream) {
        for piece in buffers.everything where streams.contains(piece.stream) { output.append(piece.payload, to: stream) }
    }

    /// A pipe's or `$(…)`'s standard output as the text its reader gets (a device without end as much
    /// as a reader could want); more than the limit stops the process, and the reader gets nothing.
    func heldText(_ buffers: OutputBuffers, what: String) -> String {
        let size = buffers.size(of: [.standardOutput])
        guard size <= Int64(limits.fileBytes) else {
            stop(.held(what: what, bytes: size, limit: limits.fileBytes))
            return ""
        }
        return buffers.text(of: [.standardOutput], deviceBytes: limits.deviceReadBytes)
    }

    /// Runs `body` with the process's output collected apart, and hands back what it wrote.
    func capturingOutput(_ body: () -> Int32) -> (status: Int32, output: OutputBuffers) {
        let saved = output
        output = OutputBuffers()
        let status = body()
        let produced = output
        output = saved
        return (status, produced)
    }

    // MARK: Running commands

    /// Runs one command: a builtin, then a program the image has in PATH, so `bash` fails on Alpine
    /// as it really does. A program runs as layerlab simulates it, or as the shell script it is; any
    /// other is noted as not simulated.
    func runCommand(_ words: [String], input: ShellInput) -> Int32 {
        let name = words[0]
        let arguments = Array(words.dropFirst())
        if let status = ShellBuiltins(shell: self).run(name, arguments, input: input) { return status }
        guard let path = lookup(name) else {
            output.error(flavor.notFound(name, shell: shellPath) + "\n")
            return 127
        }
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), !entry.isDirectory, access.check(.execute, path, in: fileSystem) == nil else {
            output.error(flavor.shellMessage("\(name): Permission denied", shell: shellPath) + "\n")
            return 126
        }
        let program = String(path.split(separator: "/").last ?? Substring(name))
        let ownProcess = processTree.start(words, user: user)
        defer { processTree.end(ownProcess) }
        if case .file(let content) = entry.kind, HelloWorldProgram.isIt(content) {
            output.out(HelloWorldProgram.message)
            return 0
        }
        if let status = ProgramTable.standard.run(program, arguments, input: input.remaining, in: self) { return status }
        if let script = shellScript(at: path) {
            // A script for a shell the image has: its interpreter runs it, with $0 the script.
            guard lookup(script.interpreter) != nil || fileSystem.entry(at: script.interpreter) != nil else {
                output.error(flavor.notFound(name, shell: shellPath) + "\n")
                return 127
            }
            // $0 is the script as it was invoked: `./app.sh` as typed, or its full path when found in PATH.
            let interpreter = String(script.interpreter.split(separator: "/").last ?? "sh")
            return runShell(script.options + [name.contains("/") ? name : path] + arguments, standardInput: input.remaining, interpreter: interpreter)
        }
        unsimulated.append(program)
        runningUnsimulated = program
        if serverPrograms.contains(program) { return 0 }
        output.error("layerlab: `\(program)` is not simulated: it ran, but whatever it would print or change did not happen\n")
        return 0
    }

    /// Runs a program as another user, as `gosu` does: it replaces the process that ran it, so what
    /// it changes (the user, `HOME`) ends with it.
    func runProgram(_ words: [String], as newUser: User, home: String, input: String) -> Int32 {
        let saved = (user: user, home: environment["HOME"])
        user = newUser
        environment["HOME"] = home
        defer {
            user = saved.user
            environment["HOME"] = saved.home
        }
        processTree.execsNext = true
        defer { processTree.execsNext = false }
        return runCommand(words, input: ShellInput(input))
    }

    /// Whether running the executable at `path` with `arguments` is simulated: a program layerlab knows
    /// by name (in this use), a binary it knows by content, or a shell script it can read.
    public func simulates(executableAt path: String, arguments: [String]) -> Bool {
        if ProgramTable.standard.simulates(String(path.split(separator: "/").last ?? ""), arguments, in: self) { return true }
        if let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), case .file(let content) = entry.kind, HelloWorldProgram.isIt(content) { return true }
        return shellScript(at: path) != nil
    }

    /// The interpreter of a `#!` script that a simulated shell can run (`#!/bin/sh -e`,
    /// `#!/usr/bin/env bash`), with the options on its line; nil for anything else, including a
    /// script whose syntax the simulated shell does not read in its interpreter's language (it then
    /// counts as not simulated).
    public func shellScript(at path: String) -> (interpreter: String, options: [String])? {
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), case .file(let content) = entry.kind,
              content.size < 1 << 20, let text = String(data: content.data, encoding: .utf8), text.hasPrefix("#!") else { return nil }
        var words = text.dropFirst(2).prefix { $0 != "\n" }.split(separator: " ").map(String.init)
        guard !words.isEmpty else { return nil }
        var interpreter = words.removeFirst()
        if interpreter.hasSuffix("/env"), !words.isEmpty { interpreter = words.removeFirst() }
        let name = String(interpreter.split(separator: "/").last ?? "")
        guard ["sh", "bash", "dash", "ash"].contains(name), (try? ShellParser(dialect: interpreterDialect(name)).parse(text)) != nil else { return nil }
        return (interpreter, words)
    }

    /// The language a shell program reads: bash's for `bash`, and for `sh` where it is bash.
    func interpreterDialect(_ interpreter: String) -> ShellDialect {
        interpreter == "bash" || (flavor == .bash && interpreter == "sh") ? .bash : .posix
    }

    /// The executable a command name runs, searched in PATH as the shell searches it.
    public func lookup(_ name: String) -> String? {
        if name.contains("/") {
            // Links on the way count (`/bin/bash` where /bin is a link to usr/bin).
            let path = absolute(name)
            return fileSystem.entry(at: fileSystem.resolvingSymlinks(path)) != nil ? path : nil
        }
        for directory in (variable("PATH") ?? "").split(separator: ":") {
            let path = LayerPath.normalize(String(directory) + "/" + name)
            if let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(path)), !entry.isDirectory { return path }
        }
        return nil
    }

    /// `sh -c SCRIPT [NAME ARGS…]`, or `sh FILE ARGS…`: a child shell, so its variables, functions,
    /// options and directory do not reach the shell that started it; it sees only exported variables.
    /// `interpreter` is the shell program (`sh`, `bash`), which decides the language it reads.
    func runShell(_ arguments: [String], standardInput input: String, interpreter: String) -> Int32 {
        shellDepth += 1
        defer { shellDepth -= 1 }
        guard shellDepth <= limits.nestedShells else {
            stop(.nesting(limits.nestedShells))
            return stopped?.status ?? 1
        }
        let parent = state
        let outer = outerFrames
        outerFrames += frames.count
        startChildShell(dialect: interpreterDialect(interpreter))
        defer {
            state = parent
            outerFrames = outer
        }
        var arguments = arguments
        var script: String?
        while let first = arguments.first, first.hasPrefix("-") {
            arguments.removeFirst()
            // `bash -o pipefail -c …`, as a Dockerfile's SHELL often gives it.
            if first == "-o", !arguments.isEmpty {
                let option = arguments.removeFirst()
                if option == "pipefail" { pipefail = true }
                if option == "errexit" { errexit = true }
                if option == "nounset" { nounset = true }
                continue
            }
            if first.contains("c") { script = arguments.isEmpty ? nil : arguments.removeFirst() }
            if first.contains("e") { errexit = true }
            if first.contains("x") { xtrace = true }
            if first.contains("u") { nounset = true }
        }
        // `sh FILE ARGS`: $0 is the file; `sh -c SCRIPT NAME ARGS`: $0 is NAME.
        if script == nil, let file = arguments.first {
            switch readFile(file) {
            case .success(let text):
                script = text
                scriptFile = file
            case .failure(let failure):
                let unreadable = flavor.scriptUnreadable(file, failure)
                output.error(unreadable.message + "\n")
                return unreadable.status
            }
        }
        guard let script else {
            if input.isEmpty { waitsForTerminal = true }
            return 0
        }
        argumentZero = arguments.first ?? argumentZero
        positional = Array(arguments.dropFirst())
        guard let parsed = try? ShellParser(dialect: dialect).parse(script) else {
            output.error("\(shellPath): 1: syntax error\n")
            return 2
        }
        // The shells exec the only command of a script rather than fork it (a builtin leaves nothing to exec).
        if case .simple = parsed { processTree.execsNext = true }
        let status = execute(parsed, input: ShellInput(input))
        processTree.execsNext = false
        // `exit` ends this shell, and so does `return` outside a function in dash and ash.
        let result = exitRequest ?? returnRequest ?? status
        exitRequest = nil
        returnRequest = nil
        loopJump = nil
        return result
    }

    /// `$(…)`: runs the commands in a subshell, which reads the command's standard input, and returns
    /// their output without trailing newlines. Bash's `$(< FILE)` is the file's text.
    func commandSubstitution(_ script: String) -> String {
        let input = currentInput
        let unsimulatedBefore = runningUnsimulated
        let (status, produced) = capturingOutput {
            inSubshell {
                let parsed: ShellScript
                do throws(ShellParseError) {
                    parsed = try ShellParser(dialect: dialect).parse(script)
                } catch {
                    output.error(flavor.shellMessage(error.message, shell: shellPath) + "\n")
                    return 2
                }
                if dialect == .bash, case .simple(let command) = parsed, command.words.isEmpty, command.assignments.isEmpty,
                   command.redirections.count == 1, case .input(0, let target) = command.redirections[0] {
                    return readFileToOutput(expander.string(target))
                }
                return execute(parsed, input: input)
            }
        }
        currentInput = input
        runningUnsimulated = unsimulatedBefore
        substitutionStatus = status
        forward(produced, streams: [.standardError], to: .standardError)
        var text = heldText(produced, what: "$(\(script))")
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// `$(< FILE)`: the file's text on standard output, or bash's message when it cannot be read.
    private func readFileToOutput(_ file: String) -> Int32 {
        switch readFile(file) {
        case .success(let text):
            output.out(text)
            return 0
        case .failure(let failure):
            output.error("\(shellPath): \(file): \(failure.reason)\n")
            return 1
        }
    }

    // MARK: Output and files

    func write(_ text: String) { output.out(text) }

    func write(_ content: FileContent) { output.append(.content(content), to: .standardOutput) }

    func writeEndless(_ device: Device) { output.append(.endless(device), to: .standardOutput) }

    func writeError(_ text: String) { output.error(text) }

    func sleep(seconds: Double) { elapsedSeconds += seconds }

    var now: Date { clock.now.addingTimeInterval(elapsedSeconds) }

    var processes: [ProcessEntry] { processTree.running }

    /// Makes the next program replace the current process, as the `exec` builtin does.
    func execNextProgram() { processTree.execsNext = true }

    /// What the process may do to files, worked out once per user: /etc/group is read for the
    /// supplementary groups of a user other than root, who needs none.
    var access: FileAccess {
        if let cached = accessCache, cached.user == user { return cached.access }
        let made = user.uid == 0 ? FileAccess(uid: 0, gid: user.gid)
            : FileAccess(uid: user.uid, gid: user.gid, groups: Set(Accounts(of: self).supplementaryGroups(of: user)))
        accessCache = (user, made)
        return made
    }

    /// Writes a file for a redirection or a program; false (with the shell's message) when the folder
    /// is missing, the device refuses, or the file would pass a size limit. Appending joins the parts
    /// without copying a large file's bytes.
    func writeFile(_ path: String, _ content: FileContent, append: Bool) -> Bool {
        // The kernel's special files: nothing lands on disk.
        switch path {
        case "/dev/null": return true
        case "/dev/stdout": output.append(.content(content), to: .standardOutput); return true
        case "/dev/stderr": output.append(.content(content), to: .standardError); return true
        default: break
        }
        let resolved = fileSystem.resolvingSymlinks(path)
        let previous = fileSystem.entry(at: resolved)
        if let previous, case .characterDevice = previous.kind {
            switch Device(previous) {
            case .full?:
                output.error("\(shellPath): write error: No space left on device\n")
                return false
            case .tty?, nil:
                output.error(flavor.redirectionFailed(path, writing: true, .other("No such device or address"), shell: shellPath) + "\n")
                return false
            case .null?, .zero?, .random?, .urandom?:
                return true
            }
        }
        if let failure = writeFailure(at: resolved) {
            output.error(flavor.redirectionFailed(path, writing: true, failure, shell: shellPath) + "\n")
            return false
        }
        if fileSystem.mounts.readOnly.contains(resolved) {
            output.error(flavor.redirectionFailed(path, writing: true, .other("Read-only file system"), shell: shellPath) + "\n")
            return false
        }
        var written = content
        if append, case .file(let existing)? = previous?.kind { written = FileContent.concatenating([existing, content]) }
        guard written.residentBytes <= Int64(limits.fileBytes) else {
            stop(.file(path: path, bytes: Int(written.residentBytes), limit: limits.fileBytes))
            return false
        }
        guard written.size <= limits.fileSize else {
            stop(.fileSize(path: path, bytes: written.size, limit: limits.fileSize))
            return false
        }
        // A new file gets 0666 less the process's umask.
        fileSystem.write(.file(resolved, written, mode: previous?.mode ?? UInt32(0o666 & ~fileModeMask), uid: previous?.uid ?? user.uid, gid: previous?.gid ?? user.gid))
        return true
    }

    /// Why a file cannot be opened for writing at `path` (links followed): a folder on the way the
    /// process may not search, a missing folder, a folder in its place, or a mode that refuses it.
    private func writeFailure(at path: String) -> FileAccess.OpenFailure? {
        if let denial = access.check(.lookup, path, in: fileSystem) { return .denied(denial) }
        if let entry = fileSystem.entry(at: path) {
            if entry.isDirectory { return .isDirectory }
        } else if fileSystem.entry(at: LayerPath.parent(of: path))?.isDirectory != true {
            return .missing
        }
        return access.check(.write, path, in: fileSystem).map { .denied($0) }
    }
}
