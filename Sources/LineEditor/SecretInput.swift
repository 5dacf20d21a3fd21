import Foundation
import LayerlabBasics
#if canImport(Glibc)
import Glibc
#endif

/// Reads a password from the terminal with echo turned off, as `docker login` does, and restores the
/// terminal afterwards whatever happens.
enum SecretInput {
    static func read(prompt: String) -> LineReadResult {
        FileHandle.standardOutput.write(Data(prompt.utf8))
        var saved = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if isTerminal {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                // The Return the learner typed was not echoed either.
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        }
        guard var line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line)
    }
}
