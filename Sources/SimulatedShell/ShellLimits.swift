import LayerlabBasics

/// What one simulated process may use, as a kernel's limits bound a real one. The simulation holds a
/// container's files and variables in memory and runs in the learner's prompt, so a runaway script
/// (a loop that never ends, a script that runs itself, a file doubled in a loop) must stop with a
/// clear message rather than take the machine or hang the prompt.
public struct ShellLimits: Sendable {
    /// Commands and loop rounds, all shells of the process together.
    public var steps = 1_000_000
    /// Shells running shells (`sh script` inside a script, a script that runs itself).
    public var nestedShells = 64
    /// Functions running functions (one that calls itself): each call is a frame of the simulation's
    /// own stack, as a shell within a shell is.
    public var nestedFunctions = 100
    /// One variable's value.
    public var variableBytes = 16 << 20
    /// One file a program writes from its output, and the output a process collects: bytes held in memory.
    public var fileBytes = 256 << 20
    /// One file's size when its bytes cost no memory (runs of zeros from `dd`, `truncate`, `fallocate`):
    /// every byte is still hashed and archived when the layer is committed, so this bounds that work.
    public var fileSize: Int64 = 4 << 30
    /// What a pipe or a `<` redirection hands on of a device that never ends (`/dev/urandom`): the
    /// simulation runs a pipeline's programs one after another, so the reader cannot stop the writer
    /// as a real pipe does; this is more than such readers take (`tr -dc a-z < /dev/urandom | head -c 8`).
    public var deviceReadBytes: Int64 = 1 << 20

    public init() {}

    /// Sizes programs compute are kept below this (an exbibyte), so that adding a few never overflows;
    /// anything near it is far past `fileSize` and refused with the size it asked for.
    static let sizeCeiling: Int64 = 1 << 60

    public static let standard = ShellLimits()
}

/// Why a process was stopped: a limit, or Ctrl-C.
enum ShellStop {
    case steps(Int)
    case nesting(Int)
    case functionNesting(Int)
    case variable(name: String, bytes: Int, limit: Int)
    case file(path: String, bytes: Int, limit: Int)
    case fileSize(path: String, bytes: Int64, limit: Int64)
    /// Output held in memory on its way somewhere (a pipe, `$(…)`, the process's own output).
    case held(what: String, bytes: Int64, limit: Int)
    /// A device without end read whole into a file or the output (`cat /dev/zero > f`).
    case endless(into: String, device: String)
    case interrupted

    var message: String {
        switch self {
        case .steps(let limit):
            "layerlab: stopped after \(limit.formatted) commands and loop rounds, layerlab's limit for one simulated process (a loop that never ends?)"
        case .nesting(let limit):
            "layerlab: stopped at \(limit) shells running shells, layerlab's limit (a script that runs itself?)"
        case .functionNesting(let limit):
            "layerlab: stopped at \(limit) functions running functions, layerlab's limit (a function that calls itself without end?)"
        case .variable(let name, let bytes, let limit):
            "layerlab: stopped: $\(name) would hold \(bytes.formatted) bytes, over layerlab's limit of \(limit.formatted) for one variable"
        case .file(let path, let bytes, let limit):
            "layerlab: stopped: \(path) would hold \(bytes.formatted) bytes, over layerlab's limit of \(limit.formatted) for a file a simulated program writes"
        case .fileSize(let path, let bytes, let limit):
            "layerlab: stopped: \(path) would be \(Int(bytes).formatted) bytes, over layerlab's limit of \(Int(limit).formatted) for the size of one file"
        case .held(let what, let bytes, let limit):
            "layerlab: stopped: \(what) would hold \(Int(bytes).formatted) bytes, over layerlab's limit of \(limit.formatted) for text held in memory"
        case .endless(let target, let device):
            "layerlab: stopped: \(target) would grow without end: \(device) never ends (give a size: head -c SIZE \(device))"
        case .interrupted:
            "^C"
        }
    }

    /// 130 for Ctrl-C, as a shell reports SIGINT; 1 for a limit.
    var status: Int32 { if case .interrupted = self { 130 } else { 1 } }
}

private extension Int {
    /// 1,000,000: readable at a glance.
    var formatted: String {
        let digits = Array(String(self))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }
}
