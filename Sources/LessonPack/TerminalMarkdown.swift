import LayerlabBasics

/// Renders the Markdown subset lessons are written in for a terminal: headings, paragraphs wrapped to
/// the width, `-`/`*`/`1.` lists, fenced code blocks (indented, never wrapped), `**strong**`, `*emphasis*`
/// and `` `code` ``. Without colour the markers are removed and the text stays readable as it is.
public struct TerminalMarkdown: Sendable {
    public let style: TerminalStyle

    public init(style: TerminalStyle) {
        self.style = style
    }

    public func render(_ markdown: String) -> String {
        var output: [String] = []
        // The paragraph or list item being gathered, with how its first and later lines begin.
        var pending: (text: [String], first: String, rest: String)?
        var inCode = false
        var inList = false
        func flush() {
            guard let block = pending else { return }
            output += wrap(inline(block.text.joined(separator: " ")), indent: block.rest, firstIndent: block.first)
            pending = nil
        }
        func endList() {
            flush()
            if inList { output.append("") }
            inList = false
        }
        for rawLine in markdown.components(separatedBy: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") {
                endList()
                if !inCode, output.last != "", !output.isEmpty { output.append("") }
                if inCode { output.append("") }
                inCode.toggle()
                continue
            }
            if inCode {
                output.append("    " + style.colored(rawLine, .cyan))
                continue
            }
            if line.isEmpty {
                flush()
                if !inList, output.last != "", !output.isEmpty { output.append("") }
                continue
            }
            if line.hasPrefix("#") {
                endList()
                if output.last != "", !output.isEmpty { output.append("") }
                let level = line.prefix { $0 == "#" }.count
                let title = inline(String(line.dropFirst(level)).trimmingCharacters(in: .whitespaces))
                output.append(style.bold(title))
                if level <= 2 {
                    output.append(String(repeating: style.usesUnicode ? "─" : (level == 1 ? "=" : "-"), count: visibleWidth(title)))
                }
                output.append("")
                continue
            }
            if let marker = listMarker(line) {
                flush()
                if !inList, output.last != "", !output.isEmpty { output.append("") }
                inList = true
                let bullet = marker.numbered ? marker.text : (style.usesUnicode ? "•" : "-")
                let body = String(line.dropFirst(marker.text.count)).trimmingCharacters(in: .whitespaces)
                pending = ([body], "  \(bullet) ", String(repeating: " ", count: bullet.count + 3))
                continue
            }
            if inList, !rawLine.hasPrefix(" ") {
                endList()
            }
            if pending == nil { pending = ([], "", "") }
            pending?.text.append(line)
        }
        flush()
        while output.last == "" { output.removeLast() }
        return output.joined(separator: "\n") + "\n"
    }

    func listMarker(_ line: String) -> (text: String, numbered: Bool)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return (String(line.prefix(1)), false) }
        let digits = line.prefix { $0.isNumber }
        if !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") { return (digits + ".", true) }
        return nil
    }

    /// Strong, emphasis and code spans: styled on a colour terminal, unmarked otherwise.
    func inline(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("`"), let close = rest.dropFirst().firstIndex(of: "`") {
                result += style.colored(String(rest[rest.index(after: rest.startIndex)..<close]), .cyan)
                index = text.index(after: close)
            } else if rest.hasPrefix("**"), let close = rest.dropFirst(2).range(of: "**") {
                result += style.bold(String(rest[rest.index(rest.startIndex, offsetBy: 2)..<close.lowerBound]))
                index = close.upperBound
            } else if rest.hasPrefix("*") || rest.hasPrefix("_"), rest.count > 2,
                      let close = rest.dropFirst().firstIndex(of: rest.first!), close > rest.index(after: rest.startIndex),
                      !rest[rest.index(after: rest.startIndex)].isWhitespace {
                result += style.bold(String(rest[rest.index(after: rest.startIndex)..<close]))
                index = text.index(after: close)
            } else {
                result.append(text[index])
                index = text.index(after: index)
            }
        }
        return result
    }

    func wrap(_ text: String, indent: String, firstIndent: String) -> [String] {
        var lines: [String] = []
        var current = firstIndent
        var currentWidth = firstIndent.count
        var atStart = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let width = visibleWidth(String(word))
            if !atStart && currentWidth + 1 + width > style.width {
                lines.append(current)
                current = indent
                currentWidth = indent.count
                atStart = true
            }
            current += (atStart ? "" : " ") + word
            currentWidth += (atStart ? 0 : 1) + width
            atStart = false
        }
        lines.append(current)
        return lines
    }

    /// Characters shown, not counting colour escapes.
    func visibleWidth(_ text: String) -> Int {
        var count = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if scalar == "\u{1B}" { inEscape = true; continue }
            if inEscape { if scalar.properties.isAlphabetic { inEscape = false }; continue }
            count += 1
        }
        return count
    }
}
