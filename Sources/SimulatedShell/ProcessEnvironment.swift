import Foundation
import LayerStore

/// What a simulated program may use of the process it runs in: the files, the variables, the
/// directory, the user, the two output streams, and a child shell for the programs that run
/// commands (`make`'s recipes). Programs see no more than this, so the interpreter's own state
/// (its options, positional parameters, exit requests and limits) stays the interpreter's.
protocol ProcessEnvironment: AnyObject {
    /// The container's files, changed in place.
    var fileSystem: ContainerFileSystem { get set }
    /// The exported variables, as `env` lists them.
    var environment: [String: String] { get }
    /// The names of the variables the process was started with, in the order the runtime set them
    /// (PATH, HOSTNAME, the image's and `-e`'s); empty when nothing gave an order.
    var environmentOrder: [String] { get }
    /// Where relative paths start; `make -C` moves it for its recipes.
    var workingDirectory: String { get set }
    var user: ShellProcess.User { get }
    /// What the process may do to files: the rule every program asks before it touches one.
    var access: FileAccess { get }
    /// The image's shell, whose kind also tells BusyBox's utilities from GNU's, which word errors differently.
    var flavor: ShellFlavor { get }
    /// The shell's path, for the messages a program words as the shell does (`[: missing ]`).
    var shellPath: String { get }

    /// A variable as the shell that started the program sees it, unexported ones included (layerlab's
    /// programs have always read `HOME`, `GOPATH` and `HOSTNAME` that way).
    func variable(_ name: String) -> String?
    /// Writes to standard output, wherever the shell redirected it.
    func write(_ text: String)
    /// Writes to standard error, wherever the shell redirected it.
    func writeError(_ text: String)
    /// Writes bytes to standard output as they are (`head -c`, `dd`, `cat` of a file): a large payload
    /// stays a `FileContent` (a run of zeros costs no memory) until something reads it as text.
    func write(_ content: FileContent)
    /// Writes a device read whole, which never ends (`cat /dev/zero`): a pipe's reader gets what it
    /// could want of it; a file or the output stops the process.
    func writeEndless(_ device: Device)
    /// Writes a file as a redirection does (devices, `/dev/stdout`, the size limits); false, with the
    /// shell's message, when it cannot.
    func writeFile(_ path: String, _ content: FileContent, append: Bool) -> Bool
    /// What the process may use; a program reading a large file checks it first.
    var limits: ShellLimits { get }
    /// Stops the whole process, saying why (a limit reached).
    func stop(_ reason: ShellStop)
    /// The executable a command name runs, searched in PATH as the shell searches it.
    func lookup(_ name: String) -> String?
    /// Runs `INTERPRETER ARGUMENTS` (`sh`, `bash`…) as a child shell of this process (`sh -c`, a
    /// script, a recipe); its status.
    func runShell(_ arguments: [String], standardInput: String, interpreter: String) -> Int32
    /// Runs a program in place of the one running, as another user with its home (`gosu`): the
    /// user's change ends with it.
    func runProgram(_ words: [String], as user: ShellProcess.User, home: String, input: String) -> Int32
    /// Lets time pass on paper: nothing waits, but a container stays up that long by the clock.
    func sleep(seconds: Double)
    /// The time by the session's clock, plus what the script slept: what `date` says.
    var now: Date { get }
    /// The container's processes as `ps` sees them while a program runs: the main process (PID 1),
    /// the shells on the way, and the running program last.
    var processes: [ProcessEntry] { get }
}

extension ProcessEnvironment {
    /// Runs `sh ARGUMENTS` as a child shell of this process (`sh -c`, a recipe); its status.
    func runShell(_ arguments: [String], standardInput: String) -> Int32 {
        runShell(arguments, standardInput: standardInput, interpreter: "sh")
    }

    /// A path made absolute against the working directory, and normalised.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? LayerPath.normalize(path) : LayerPath.normalize(workingDirectory + "/" + path)
    }

    /// A file's text, following symlinks; nil when there is none. Permissions are not checked: this is
    /// layerlab reading the image (its accounts, its catalogs), not a program's open (`readFile`). A
    /// device gives what it gives a pipe; a file too large to hold as text stops the process.
    func readText(_ path: String) -> String? {
        text(of: openForReading(path, checkingAccess: false), at: path)
    }

    /// An opened file's bytes as text; nil when it failed to open or is too large to hold (which stops
    /// the process).
    private func text(of opened: OpenedFile, at path: String) -> String? {
        switch opened {
        case .content(let content):
            guard content.size <= Int64(limits.fileBytes) else {
                stop(.held(what: "\(absolute(path)) read as text", bytes: content.size, limit: limits.fileBytes))
                return nil
            }
            return String(decoding: content.data, as: UTF8.self)
        case .endless(let device):
            return String(decoding: device.bytes(limits.deviceReadBytes).data, as: UTF8.self)
        case .failed:
            return nil
        }
    }

    /// Writes a text file as a redirection does; false, with the shell's message, when it cannot.
    func writeFile(_ path: String, _ text: String, append: Bool) -> Bool {
        writeFile(path, .text(text), append: append)
    }

    /// A file a program opens for reading as text (following symlinks), or why it cannot.
    func readFile(_ path: String) -> Result<String, FileAccess.OpenFailure> {
        let opened = openForReading(path)
        if case .failed(let failure) = opened { return .failure(failure) }
        return text(of: opened, at: path).map { .success($0) } ?? .failure(.other("File too large"))
    }

    /// Why the process may not do `operation` to `path` (relative to the working directory); nil
    /// when it may, or when the path is missing (the caller's own error).
    func denial(_ operation: FileAccess.Operation, _ path: String) -> FileAccess.Denial? {
        access.check(operation, absolute(path), in: fileSystem)
    }

    /// Why the process may not write a file at `path`, making the folders missing on the way as an
    /// installer does (`mkdir -p`, then open); nil when it may.
    func denialToWrite(_ path: String) -> FileAccess.Denial? {
        let path = absolute(path)
        // Only the first folder made sits in one the process did not make itself.
        if let first = fileSystem.missingDirectories(to: LayerPath.parent(of: path)).first {
            return access.check(.create, first, in: fileSystem)
        }
        return access.check(.write, path, in: fileSystem)
    }

    /// A file operand as a text tool reads it; `-` is standard input.
    func inputFile(_ operand: String, standardInput: String) -> InputFile {
        if operand == "-" { return .text(standardInput) }
        guard let entry = fileSystem.entry(at: fileSystem.resolvingSymlinks(absolute(operand))) else { return .missing }
        if entry.isDirectory { return .directory }
        return readText(operand).map(InputFile.text) ?? .missing
    }

    /// Creates a folder and its missing parents, owned by the process's user.
    func ensureDirectory(_ path: String) {
        fileSystem.createDirectories(path, uid: user.uid, gid: user.gid)
    }

    /// Writes a message of layerlab's own (it names itself: `layerlab: …`) to standard error; status 1.
    func refuse(_ message: String) -> Int32 {
        writeError(message + "\n")
        return 1
    }

    /// Writes `program: message` to standard error; status 1, as most programs fail.
    func fail(_ program: String, _ message: String) -> Int32 {
        writeError("\(program): \(message)\n")
        return 1
    }
}

/// What reading a file operand found.
enum InputFile {
    case text(String)
    case missing
    case directory
}
