import Foundation

/// Runs a `SedScript` over a stream of lines as GNU sed and BusyBox do: one cycle per line, the
/// pattern and hold spaces, ranges that stay open from line to line, `a` text after the cycle, a
/// last line without its newline kept without it. Work is bounded: a script that loops
/// (`:a;ba`) or grows a space without end stops with a message rather than hang the prompt.
struct SedMachine {
    static let stepLimit = 1_000_000
    static let spaceLimit = 64 << 20

    let script: SedScript
    let quiet: Bool
    private(set) var output = ""
    /// The status `q`/`Q` asked for, once one ran.
    private(set) var quitStatus: Int32?
    /// Why the run stopped early, when a limit did it.
    private(set) var stopped: String?

    private var lines: [String] = []
    private var lastHasNewline = true
    private var nextLine = 0
    private var lineNumber = 0
    private var patternSpace = ""
    private var holdSpace = ""
    private var appendQueue: [String] = []
    private var substituted = false
    private var missingNewline = false
    private var lastRegex: PosixRegex?
    /// Open ranges by instruction index, with the line a counted range (`,+N`) ends on.
    private var openRanges: [Int: Int] = [:]
    private var steps = 0

    init(script: SedScript, quiet: Bool) {
        self.script = script
        self.quiet = quiet
    }

    /// What one cycle's commands decided.
    private enum Flow {
        case endCycle(print: Bool)
        /// `D` with a newline left: start again on what remains, reading nothing.
        case restart
        case quit(print: Bool)
    }

    /// Runs the script over `text` (the whole input, every file of it).
    mutating func run(_ text: String) {
        let input = TextLines(text)
        lines = input.lines
        lastHasNewline = input.endsWithNewline
        nextLine = 0
        var restart = false
        while quitStatus == nil, stopped == nil {
            if !restart {
                guard readLine() else { break }
                substituted = false
            }
            restart = false
            switch runCycle() {
            case .endCycle(let print):
                if print && !quiet { emitPatternSpace(patternSpace) }
                flushAppends()
            case .restart:
                flushAppends()
                restart = true
            case .quit(let print):
                if print && !quiet { emitPatternSpace(patternSpace) }
                if print { flushAppends() }
                quitStatus = quitStatus ?? 0
            }
        }
    }

    private var isLastLine: Bool { nextLine >= lines.count }

    private mutating func readLine() -> Bool {
        guard nextLine < lines.count else { return false }
        patternSpace = lines[nextLine]
        nextLine += 1
        lineNumber += 1
        return true
    }

    private mutating func runCycle() -> Flow {
        var counter = 0
        let instructions = script.instructions
        while counter < instructions.count {
            steps += 1
            if steps > Self.stepLimit {
                stopped = "layerlab: sed stopped after \(Self.stepLimit) commands, layerlab's limit (a loop that never ends?)"
                return .quit(print: false)
            }
            let instruction = instructions[counter]
            guard selects(counter, instruction.selector) else {
                if case .block(let end) = instruction.command { counter = end + 1 } else { counter += 1 }
                continue
            }
            counter += 1
            switch instruction.command {
            case .block, .blockEnd, .label: break
            case .substitute(let substitution):
                if substitute(substitution) {
                    substituted = true
                    if substitution.print { emitPatternSpace(patternSpace) }
                }
            case .transliterate(let map):
                patternSpace = String(String.UnicodeScalarView(patternSpace.unicodeScalars.map { map[$0] ?? $0 }))
            case .delete:
                return .endCycle(print: false)
            case .deleteFirstLine:
                guard let rest = patternSpace.splitAtFirstNewline?.rest else { return .endCycle(print: false) }
                patternSpace = rest
                return .restart
            case .print:
                emitPatternSpace(patternSpace)
            case .printFirstLine:
                emitText(patternSpace.splitAtFirstNewline?.head ?? patternSpace)
            case .next:
                // With no next line, GNU prints the pattern space and ends, as at the end of the script.
                guard !isLastLine else { return .quit(print: true) }
                if !quiet { emitPatternSpace(patternSpace) }
                flushAppends()
                _ = readLine()
            case .appendNext:
                guard !isLastLine else { return .quit(print: true) }
                let current = patternSpace
                _ = readLine()
                patternSpace = current + "\n" + patternSpace
            case .lineNumber:
                emitText(String(lineNumber))
            case .quit(let status, let printing):
                quitStatus = status
                return .quit(print: printing)
            case .append(let text):
                appendQueue.append(text)
            case .insert(let text):
                emitText(text)
            case .change(let text):
                // In a range, the text replaces the whole range: it comes out once, at its end.
                let inOpenRange = instruction.selector.end != nil && !instruction.selector.negated && openRanges[counter - 1] != nil
                if !inOpenRange { emitText(text) }
                return .endCycle(print: false)
            case .branch(let label, let condition):
                let jumps: Bool
                switch condition {
                case .always: jumps = true
                case .substituted: jumps = substituted
                case .notSubstituted: jumps = !substituted
                }
                if condition != .always { substituted = false }
                if jumps { counter = label.flatMap { script.labels[$0] }.map { $0 + 1 } ?? instructions.count }
            case .hold: holdSpace = patternSpace
            case .holdAppend: holdSpace += "\n" + patternSpace
            case .get: patternSpace = holdSpace
            case .getAppend: patternSpace += "\n" + holdSpace
            case .exchange: swap(&patternSpace, &holdSpace)
            case .zap: patternSpace = ""
            }
            if patternSpace.utf8.count > Self.spaceLimit || holdSpace.utf8.count > Self.spaceLimit {
                stopped = "layerlab: sed stopped: its pattern or hold space passed \(Self.spaceLimit >> 20) MB, layerlab's limit"
                return .quit(print: false)
            }
        }
        return .endCycle(print: true)
    }

    // MARK: Addresses

    private mutating func matches(_ address: SedScript.Address) -> Bool {
        switch address {
        case .line(let number): return lineNumber == number
        case .last: return isLastLine
        case .regex(let regex):
            guard let regex = regex ?? lastRegex else { return false }
            lastRegex = regex
            return regex.matches(patternSpace)
        case .step(let first, let step):
            return step <= 0 ? lineNumber == first : lineNumber >= first && (lineNumber - first) % step == 0
        }
    }

    /// Whether the instruction at `index` applies to this line; a range opens on its first address
    /// and closes on the line its end matches (a line-number end already passed closes it at once).
    private mutating func selects(_ index: Int, _ selector: SedScript.Selector) -> Bool {
        guard let first = selector.first else { return !selector.negated }
        guard let end = selector.end else { return matches(first) != selector.negated }
        var selected = false
        if let endLine = openRanges[index] {
            selected = true
            switch end {
            case .address(.line(let number)): if lineNumber >= number { openRanges[index] = nil }
            case .address(let address): if matches(address) { openRanges[index] = nil }
            case .following: if lineNumber >= endLine { openRanges[index] = nil }
            case .multiple(let multiple): if multiple <= 0 || lineNumber % multiple == 0 { openRanges[index] = nil }
            }
        } else if script.gnu, case .line(0) = first, lineNumber == 1, case .address(let address) = end {
            // GNU's `0,/re/`: the end may match on the first line itself.
            selected = true
            if !matches(address) { openRanges[index] = 0 }
        } else if matches(first) {
            selected = true
            switch end {
            case .address(.line(let number)): if number > lineNumber { openRanges[index] = 0 }
            case .address: openRanges[index] = 0
            case .following(let count): if count > 0 { openRanges[index] = lineNumber + count }
            case .multiple(let multiple): if multiple > 0 && lineNumber % multiple != 0 { openRanges[index] = 0 }
            }
        }
        return selected != selector.negated
    }

    // MARK: Substitution

    private mutating func substitute(_ substitution: SedScript.Substitution) -> Bool {
        guard let regex = substitution.regex ?? lastRegex else { return false }
        lastRegex = regex
        let text = patternSpace
        var result = ""
        var copied = text.startIndex
        var count = 0
        var previousEnd: Int?
        var replaced = false
        for match in regex.allMatches(text) {
            // An empty match right after the previous match does not count (GNU: `s/a*/x/g` on `baaac` is `xbxcx`).
            if match.range.length == 0, match.range.location == previousEnd { continue }
            previousEnd = match.range.location + match.range.length
            count += 1
            guard count >= substitution.occurrence, let range = Range(match.range, in: text) else { continue }
            // Sliced by scalars: a match may end between the `\r` and `\n` Swift keeps as one Character.
            result += String(text.unicodeScalars[copied..<range.lowerBound])
            result += expand(substitution.replacement, match, in: text)
            copied = range.upperBound
            replaced = true
            if !substitution.global { break }
        }
        guard replaced else { return false }
        result += String(text.unicodeScalars[copied...])
        patternSpace = result
        return true
    }

    private func expand(_ parts: [SedScript.ReplacementPart], _ match: NSTextCheckingResult, in text: String) -> String {
        var output = ""
        var mode: Character?
        var once: Character?
        func add(_ piece: String) {
            var piece = piece
            if let mode { piece = mode == "U" ? piece.uppercased() : piece.lowercased() }
            if let first = piece.first, let change = once {
                piece = (change == "u" ? first.uppercased() : first.lowercased()) + piece.dropFirst()
                once = nil
            }
            output += piece
        }
        for part in parts {
            switch part {
            case .text(let literal): add(literal)
            case .group(let number):
                guard number < match.numberOfRanges, let range = Range(match.range(at: number), in: text) else { continue }
                add(String(text.unicodeScalars[range]))
            case .caseChange(let change):
                switch change {
                case "U", "L": mode = change
                case "E": mode = nil; once = nil
                default: once = change
                }
            }
        }
        return output
    }

    // MARK: Output

    /// The pattern space as a line: the input's last line keeps its missing newline, which any
    /// later output puts back first.
    private mutating func emitPatternSpace(_ text: String) {
        restoreNewline()
        output += text
        if isLastLine && !lastHasNewline { missingNewline = true } else { output += "\n" }
    }

    private mutating func emitText(_ text: String) {
        restoreNewline()
        output += text + "\n"
    }

    private mutating func restoreNewline() {
        if missingNewline { output += "\n" }
        missingNewline = false
    }

    private mutating func flushAppends() {
        for text in appendQueue { emitText(text) }
        appendQueue = []
    }
}
