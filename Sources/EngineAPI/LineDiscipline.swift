/// What the kernel's terminal does between a client's keys and a shell reading lines (cooked mode:
/// ICANON, ECHO, ICRNL, ONLCR), for the simulated shells, which read whole lines. Keys are echoed and
/// gathered into a line; backspace, Ctrl-U, Ctrl-C and Ctrl-D act as in a terminal; escape
/// sequences (arrow keys) are dropped, as the simulated shells keep no history; Ctrl-P Ctrl-Q,
/// moby's default detach keys, detach. Without a terminal the bytes are lines as they come.
struct LineDiscipline {
    enum Action: Equatable {
        /// Bytes to show the client (a terminal echoes what is typed).
        case echo([UInt8])
        case line(String)
        /// Ctrl-C: the line is dropped.
        case interrupt
        /// Ctrl-D on an empty line, or the client's input closed.
        case endOfInput
        /// moby's detach keys: the client leaves, the container goes on.
        case detach
    }

    private enum Escape { case none, started, sequence }

    /// The longest line kept, as Linux's N_TTY keeps 4095 bytes and drops what comes after.
    static let lineLimit = 4095
    /// Piped input (no terminal) may carry longer lines, a script's; still bounded.
    static let pipedLineLimit = 1 << 20

    let terminal: Bool
    private var pending: [UInt8] = []
    private var escape = Escape.none
    private var detachPrefix = false

    init(terminal: Bool) {
        self.terminal = terminal
    }

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [Action] {
        var actions: [Action] = []
        for byte in bytes {
            if terminal { terminalKey(byte, into: &actions) } else { rawByte(byte, into: &actions) }
        }
        return actions
    }

    /// The client closed its input: a line not ended still counts, as `sh` reads it.
    mutating func close() -> [Action] {
        defer { pending = [] }
        return pending.isEmpty ? [.endOfInput] : [.line(String(decoding: pending, as: UTF8.self)), .endOfInput]
    }

    private mutating func rawByte(_ byte: UInt8, into actions: inout [Action]) {
        if byte == UInt8(ascii: "\n") {
            actions.append(.line(String(decoding: pending, as: UTF8.self)))
            pending = []
        } else if pending.count < Self.pipedLineLimit {
            pending.append(byte)
        }
    }

    private mutating func terminalKey(_ byte: UInt8, into actions: inout [Action]) {
        switch escape {
        case .started:
            // `ESC [` and `ESC O` start a sequence; anything else ends the escape.
            escape = byte == UInt8(ascii: "[") || byte == UInt8(ascii: "O") ? .sequence : .none
            return
        case .sequence:
            // A CSI sequence ends with its final byte (0x40-0x7E).
            if (0x40...0x7E).contains(byte) { escape = .none }
            return
        case .none:
            break
        }
        if detachPrefix {
            detachPrefix = false
            if byte == 0x11 {
                actions.append(.detach)
                return
            }
        }
        switch byte {
        case 0x10:
            detachPrefix = true
        case 0x1B:
            escape = .started
        case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
            actions.append(.echo(Array("\r\n".utf8)))
            actions.append(.line(String(decoding: pending, as: UTF8.self)))
            pending = []
        case 0x7F, 0x08:
            guard !pending.isEmpty else { return }
            // One character back, however many UTF-8 bytes it took.
            while let last = pending.popLast(), last & 0xC0 == 0x80 {}
            actions.append(.echo([0x08, 0x20, 0x08]))
        case 0x15:
            let width = String(decoding: pending, as: UTF8.self).count
            pending = []
            actions.append(.echo(Array(repeating: [0x08, 0x20, 0x08], count: width).flatMap { $0 }))
        case 0x03:
            pending = []
            actions.append(.echo(Array("^C\r\n".utf8)))
            actions.append(.interrupt)
        case 0x04:
            if pending.isEmpty { actions.append(.endOfInput) }
        case 0x20...0x7E, 0x80...0xFF, UInt8(ascii: "\t"):
            guard pending.count < Self.lineLimit else { return }
            pending.append(byte)
            actions.append(.echo([byte]))
        default:
            // Other control keys do nothing in a cooked terminal the simulated shell reads.
            break
        }
    }
}
