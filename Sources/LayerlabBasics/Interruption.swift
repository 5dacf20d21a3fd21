import Glibc

/// Ctrl-C while a command runs: the SIGINT handler notes it, and long work (a shell loop, a build
/// step) looks at the note between steps and stops cleanly, as a real process would be interrupted.
public enum Interruption {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Called from the signal handler: only a store.
    public static func note() { flag = 1 }

    public static var isRequested: Bool { flag != 0 }

    /// Forgets an earlier Ctrl-C, before the next command starts.
    public static func clear() { flag = 0 }
}
