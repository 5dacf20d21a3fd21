@preconcurrency import CLibEdit
import Foundation
import LayerlabBasics

/// An interactive line reader over libedit: emacs key bindings, history kept in a file, Ctrl-R search,
/// Tab completion, and Ctrl-C that cancels the line (or the search) instead of the program.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    private weak var completionProvider: (any CompletionProvider)?
    private var promptCString: UnsafeMutablePointer<CChar>?
    private let table = CompletionTable()
    /// Text other threads asked to show above the line (`interject`), drawn by the reading thread.
    private let news = NewsForTheLine()
    /// Set by the Ctrl-C key while libedit reads the line (touched on the reading thread only).
    private var cancelled = false

    /// - Parameters:
    ///   - historyPath: where history is loaded from and saved to after every line; nil keeps none.
    ///   - completionProvider: asked for candidates on Tab; held weakly.
    public init(historyPath: String?, completionProvider: (any CompletionProvider)?) {
        Self.prepareProcess()
        editLine = layerlab_el_init("layerlab")
        history = history_init()
        self.historyPath = historyPath
        self.completionProvider = completionProvider
        layerlab_history_set_size(history, 1000)
        layerlab_history_set_unique(history, 1)
        if let historyPath, FileManager.default.fileExists(atPath: historyPath) {
            layerlab_history_load(history, historyPath)
        }
        layerlab_el_set_editor(editLine, "emacs")
        layerlab_el_set_history(editLine, history)
        layerlab_el_set_signal(editLine, 1)
        layerlab_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        layerlab_el_set_prompt(editLine) { el in
            guard let el, let data = layerlab_el_get_clientdata(el) else { return nil }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().promptCString
        }
        layerlab_el_add_function(editLine, "layerlab-complete", "Complete the word") { el, _ in
            guard let el, let data = layerlab_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        layerlab_el_bind(editLine, "^I", "layerlab-complete")
        layerlab_el_add_function(editLine, "layerlab-news", "Show what happened meanwhile") { el, _ in
            guard let el, let data = layerlab_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().showNews()
        }
        layerlab_el_bind(editLine, "^^", "layerlab-news")
        layerlab_el_add_function(editLine, "layerlab-interrupt", "Cancel the line (Ctrl-C)") { el, _ in
            guard let el, let data = layerlab_el_get_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().cancelLine()
        }
        // The key LAYERLAB_INTERRUPT_KEY that Ctrl-C reads as (see the shim); typed, it cancels the line too.
        layerlab_el_bind(editLine, "^]", "layerlab-interrupt")
        layerlab_el_watch(editLine, news.wakeDescriptor)
        layerlab_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    deinit {
        history_end(history)
        el_end(editLine)
        free(promptCString)
    }

    public func readLine(prompt: LinePrompt) -> LineReadResult {
        if prompt.isSecret { return SecretInput.read(prompt: prompt.text) }
        free(promptCString)
        promptCString = strdup(Self.markingEscapes(in: prompt.text))
        layerlab_el_forget_interrupts()
        cancelled = false
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        // Ctrl-C reads as a key (see the shim); a read that a signal broke off is one too.
        if cancelled || (raw == nil && count == -1 && errno == EINTR) {
            el_reset(editLine)
            FileHandle.standardOutput.write(Data("^C\n".utf8))
            return .interrupted
        }
        guard let raw else { return .endOfInput }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// History keeps what the session passes here, not what was typed: a password typed on a line
    /// never reaches the history file.
    public func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        layerlab_history_enter(history, line)
        if let historyPath { layerlab_history_save(history, historyPath) }
    }

    /// Shows `text` (whole lines) above the line being typed, which stays as it is: from any thread;
    /// the reading thread draws it as soon as it can (at once while it waits for a key).
    public func interject(_ text: String) {
        news.post(text)
    }

    /// Bound to the key the news pipe reads as: clears the line, writes what came, and has libedit
    /// draw the prompt and the line again, its cursor where it was.
    private func showNews() -> UInt8 {
        let text = news.take()
        guard !text.isEmpty else { return UInt8(CC_NORM) }
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + text).utf8))
        return UInt8(CC_REDISPLAY)
    }

    /// Bound to the key Ctrl-C reads as: ends el_gets with nothing read, which `readLine` reports as
    /// cancelled. In Ctrl-R's search the key first ends the search, then comes here.
    private func cancelLine() -> UInt8 {
        cancelled = true
        return UInt8(CC_EOF)
    }

    /// Wraps each run of terminal escape sequences in \u{1} so libedit does not count it as prompt width.
    /// Adjacent sequences share one pair: libedit reads `\u{1}\u{1}` as a literal character.
    static func markingEscapes(in prompt: String) -> String {
        let scalars = Array(prompt.unicodeScalars)
        var result = String.UnicodeScalarView()
        var inEscape = false
        var marked = false
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{1B}" {
                inEscape = true
                if !marked { result.append("\u{1}") }
                marked = true
            }
            result.append(scalar)
            if inEscape, scalar.properties.isAlphabetic {
                inEscape = false
                if index + 1 >= scalars.count || scalars[index + 1] != "\u{1B}" {
                    result.append("\u{1}")
                    marked = false
                }
            }
        }
        return String(result)
    }

    private func complete() -> UInt8 {
        var length: Int32 = 0
        let buffer = layerlab_el_line_before_cursor(editLine, &length)!
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(length))
        let before = String(decoding: bytes, as: UTF8.self)
        let word = CompletionTable.currentWord(in: before)
        let candidates = completionProvider?.completionCandidates(lineBeforeCursor: before) ?? []
        switch table.action(word: word, candidates: candidates) {
        case .insert(let text):
            el_insertstr(editLine, text)
            return UInt8(CC_REFRESH)
        case .list(let matches):
            FileHandle.standardOutput.write(Data(("\n" + matches.joined(separator: "  ") + "\n").utf8))
            return UInt8(CC_REDISPLAY)
        case .none:
            return UInt8(CC_ERROR)
        }
    }

    /// libedit needs a UTF-8 locale to accept non-ASCII keys, and a SIGINT handler so that its own
    /// handler does not re-raise Ctrl-C to the whole process group (which would kill the parent shell).
    private static func prepareProcess() {
        if let locale = setlocale(LC_CTYPE, ""), String(cString: locale).lowercased().contains("utf") {
        } else {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        var action = sigaction()
        // The prompt's line is cancelled by libedit; a command under way sees the note and stops.
        action.__sigaction_handler.sa_handler = { _ in
            Interruption.note()
            layerlab_el_note_interrupt()
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked; Ctrl-C must still reach the prompt.
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigprocmask(SIG_UNBLOCK, &mask, nil)
    }
}

/// Picks the editing reader on a terminal and the plain one otherwise.
public enum LineReaders {
    public static var standardInputIsTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

    public static func make(historyPath: String?, completionProvider: (any CompletionProvider)?) -> any LineReader {
        standardInputIsTerminal
            ? EditLineReader(historyPath: historyPath, completionProvider: completionProvider)
            : PlainLineReader()
    }
}
