import Foundation

/// Says what layerlab was doing when the process dies on a trap or a fault, and leaves a note so the
/// next start can avoid doing it again (a check that traps after every command must not become a
/// crash loop).
///
/// Only async-signal-safe calls run in the handler: `write`, `open`, `close`, `sigaction`, `raise`,
/// over buffers allocated when the guard is installed.
public enum CrashGuard {
    /// What is under way, as a C string; written before each activity, read by the handler.
    nonisolated(unsafe) private static var activityBuffer: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) private static var markerPath: UnsafeMutablePointer<CChar>?
    /// The handlers before ours, by signal number (a plain buffer: the handler must not touch Swift collections).
    nonisolated(unsafe) private static var previousActions: UnsafeMutablePointer<sigaction>?
    private static let activityCapacity = 512
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Installs the handler; `marker` is the file the note goes to. Once per process.
    public static func install(marker: String) {
        guard activityBuffer == nil else { return }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: activityCapacity)
        buffer.initialize(repeating: 0, count: activityCapacity)
        activityBuffer = buffer
        markerPath = strdup(marker)
        var existing = stack_t()
        if sigaltstack(nil, &existing) == 0, existing.ss_flags & Int32(SS_DISABLE) != 0 {
            let size = 256 * 1024
            var alternate = stack_t()
            alternate.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            alternate.ss_size = size
            alternate.ss_flags = 0
            sigaltstack(&alternate, nil)
        }
        let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)
        previous.initialize(repeating: sigaction(), count: 32)
        previousActions = previous
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = { signal, info, context in CrashGuard.handle(signal, info, context) }
            // On its own stack: a stack overflow (deep recursion on some input) is the likeliest crash,
            // and a handler on the exhausted stack would die before saying anything.
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    /// The activity a crash while checking the exercise after a command is noted under.
    public static let checkingPrefix = "checking exercise"

    /// Records what is about to run; a crash names it. Keep secrets out: give a command's name, not its
    /// arguments. Returns what was under way before, for `end(restoring:)` (activities nest: a lesson's
    /// start commands run inside `next`).
    @discardableResult
    public static func begin(_ activity: String) -> String {
        let previous = current
        // Nested work is named within what it is part of: "checking exercise 5.2 …, running 'docker build'".
        write(previous.isEmpty ? activity : previous + ", " + activity)
        return previous
    }

    /// What is under way now.
    static var current: String {
        guard let buffer = activityBuffer else { return "" }
        return String(cString: buffer)
    }

    /// Puts back what was under way before `begin`.
    public static func end(restoring previous: String = "") {
        write(previous)
    }

    private static func write(_ activity: String) {
        guard let buffer = activityBuffer else { return }
        let bytes = Array(activity.utf8.prefix(activityCapacity - 1))
        bytes.withUnsafeBufferPointer { source in
            source.withMemoryRebound(to: CChar.self) { buffer.update(from: $0.baseAddress!, count: bytes.count) }
        }
        buffer[bytes.count] = 0
    }

    /// The note a crash left at `marker`, removed as it is read: what was under way then.
    public static func takeNote(at marker: String) -> String? {
        guard let data = FileManager.default.contents(atPath: marker) else { return nil }
        try? FileManager.default.removeItem(atPath: marker)
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "an unknown step" : text
    }

    private static func handle(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        let name: StaticString = switch signal {
        case SIGILL: "SIGILL"
        case SIGTRAP: "SIGTRAP"
        case SIGSEGV: "SIGSEGV"
        case SIGBUS: "SIGBUS"
        case SIGFPE: "SIGFPE"
        default: "SIGABRT"
        }
        write(2, "\nlayerlab: internal error (")
        write(2, name)
        write(2, ")")
        if let activity = activityBuffer, activity[0] != 0 {
            write(2, " while ")
            _ = Glibc.write(2, activity, strlen(activity))
            if let marker = markerPath {
                let file = open(marker, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if file >= 0 {
                    _ = Glibc.write(file, activity, strlen(activity))
                    close(file)
                }
            }
        }
        write(2, ".\nThis is a bug in layerlab; please report it with what you typed. Your progress up to the last command is saved.\n")
        // Let the handler from before (the Swift runtime's backtracer, where it is on) say where it
        // happened; then end as the signal would, also when it was sent by kill and nothing faulted.
        if let previous = previousActions?[Int(signal)] {
            if previous.sa_flags & SA_SIGINFO != 0, let earlier = previous.__sigaction_handler.sa_sigaction {
                earlier(signal, info, context)
            } else if let earlier = previous.__sigaction_handler.sa_handler,
                      unsafeBitCast(earlier, to: Int.self) != unsafeBitCast(SIG_DFL, to: Int.self),
                      unsafeBitCast(earlier, to: Int.self) != unsafeBitCast(SIG_IGN, to: Int.self) {
                earlier(signal)
            }
        }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }

    private static func write(_ file: Int32, _ text: StaticString) {
        _ = Glibc.write(file, text.utf8Start, text.utf8CodeUnitCount)
    }
}
