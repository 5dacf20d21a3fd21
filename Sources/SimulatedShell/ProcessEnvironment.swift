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
    /// The shell's path, for the messages a program words as the shell does (`[: missing ]`).
    var shellPath: String { get }

    /// A variable as the shell that started the program sees it, unexported ones included (layerlab's
    /// programs have always read `HOME`, `GOPATH` and `HOSTNAME` that way).
    func variable(_ name: String) -> String?
    /// Writes to standard output, wherever the shell redirected it.
    func write(_ text: String)
    /// Writes to standard error, wherever the shell redirected it.
    func writeError(_ text: String)
    /// Writes a text file as a redirection does (`/dev/null`, `/dev/stdout`, the size limit); false,
    /// with the shell's message, when it cannot.
    func writeFile(_ path: String, _ text: String, append: Bool) -> Bool
    /// The executable a command name runs, searched in PATH as the shell searches it.
    func lookup(_ name: String) -> String?
    /// Runs `sh ARGUMENTS` as a child shell of this process (`sh -c`, a script, a recipe); its status.
    func runShell(_ arguments: [String], standardInput: String) -> Int32
    /// Lets time pass on paper: nothing waits, but a container stays up that long by the clock.
    func sleep(seconds: Double)
    /// The time by the session's clock, plus what the script slept: what `date` says.
    var now: Date { get }
    /// The container's processes as `ps` sees them while a program runs: the main process (PID 1),
    /// the shells on the way, and the running program last.
    var processes: [ProcessEntry] { get }
}

extension ProcessEnvironment {
    /// A path made absolute against the working directory, and normalised.
    func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? LayerPath.normalize(path) : LayerPath.normalize(workingDirectory + "/" + path)
    }

    /// A file's text, following symlinks; nil when there is no file there.
    func readText(_ path: String) -> String? {
        guard case .file(let content)? = fileSystem.entry(at: fileSystem.resolvingSymlinks(absolute(path)))?.kind else { return nil }
        return String(decoding: content.data, as: UTF8.self)
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
