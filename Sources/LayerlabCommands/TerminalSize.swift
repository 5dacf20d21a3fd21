import Foundation

/// The terminal's width, when standard output is one.
enum TerminalSize {
    static func columns() -> Int? {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
