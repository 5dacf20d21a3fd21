import GoSemantics

/// Reads a Dockerfile exactly as BuildKit's parser (`frontend/dockerfile/parser`) does: parser directives,
/// the escape character, continuation lines with comments and blank lines inside them, JSON and shell
/// forms, flags, heredocs, ONBUILD, a UTF-8 BOM and CRLF or CR line endings.
public struct DockerfileParser: Sendable {
    public init() {}

    /// Lines longer than this are refused, as Go's line scanner refuses them.
    static let maximumLineLength = 64 * 1024

    public func parse(_ text: String, file: String = "Dockerfile") throws(DockerfileParseError) -> DockerfileSyntax {
        try parse(Array(text.utf8), file: file)
    }

    public func parse(_ bytes: [UInt8], file: String = "Dockerfile") throws(DockerfileParseError) -> DockerfileSyntax {
        var run = Run(lines: Self.splitLines(bytes), file: file)
        return try run.parse()
    }

    /// Lines with their line endings kept, split at `\n` only (so a CR-only file is a single line).
    static func splitLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    private struct Run {
        let lines: [[UInt8]]
        let file: String
        var next = 0
        var currentLine = 0
        var directives = ParserDirectives()
        var nodes: [SyntaxNode] = []
        var warnings: [DockerfileWarning] = []

        init(lines: [[UInt8]], file: String) {
            self.lines = lines
            self.file = file
        }

        func failure(_ message: String, line: Int) -> DockerfileParseError {
            DockerfileParseError(reason: message, line: line, file: file)
        }

        mutating func readLine() throws(DockerfileParseError) -> [UInt8]? {
            guard next < lines.count else { return nil }
            defer { next += 1 }
            if lines[next].count > DockerfileParser.maximumLineLength {
                throw failure("dockerfile line greater than max allowed size of \(DockerfileParser.maximumLineLength - 1)", line: currentLine)
            }
            return lines[next]
        }

        mutating func parse() throws(DockerfileParseError) -> DockerfileSyntax {
            while var bytes = try readLine() {
                if currentLine == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
                let first = try processLine(bytes, stripLeadingSpace: true)
                currentLine += 1
                let startLine = currentLine
                var (line, isEnd) = trimContinuation(first)
                if isEnd && line.isEmpty { continue }

                var hasEmptyContinuationLine = false
                while !isEnd, let nextBytes = try readLine() {
                    let processed = try processLine(nextBytes, stripLeadingSpace: false)
                    currentLine += 1
                    if Self.isComment(Self.decode(nextBytes)) { continue }
                    if Self.isEmptyContinuationLine(processed) {
                        hasEmptyContinuationLine = true
                        continue
                    }
                    let (continued, end) = trimContinuation(processed)
                    line += continued
                    isEnd = end
                }
                if hasEmptyContinuationLine {
                    warnings.append(DockerfileWarning(message: "Empty continuation line found in: \(line)", line: currentLine))
                }

                let split: SplitLine
                do {
                    split = try SplitLine(line, escape: directives.escapeToken)
                } catch {
                    throw failure(error.message, line: startLine)
                }
                var original = line
                var heredocs: [HeredocBody] = []
                if split.canContainHeredoc {
                    for var heredoc in try Self.heredocs(in: line, file: file, line: startLine) {
                        var terminated = false
                        while let bodyBytes = try readLine() {
                            currentLine += 1
                            let body = Self.decode(bodyBytes)
                            var candidate = Self.trimNewline(body)
                            if heredoc.chomps { candidate = String(candidate.drop(while: { $0 == "\t" })) }
                            if candidate == heredoc.name {
                                terminated = true
                                original += "\n" + heredoc.content + Self.trimNewline(body)
                                break
                            }
                            heredoc.content += body
                        }
                        guard terminated else { throw failure("unterminated heredoc", line: startLine) }
                        heredocs.append(heredoc)
                    }
                    if !heredocs.isEmpty { original += "\n" }
                }
                nodes.append(SyntaxNode(
                    keyword: split.keyword,
                    original: original,
                    startLine: startLine,
                    endLine: currentLine,
                    flags: split.flags,
                    arguments: split.parsed.arguments,
                    isJSON: split.parsed.isJSON,
                    heredocs: heredocs,
                    subcommand: split.parsed.subcommand,
                    usesLegacyKeyValueFormat: split.parsed.isLegacyKeyValue
                ))
            }
            guard !nodes.isEmpty else { throw failure("file with no instructions", line: currentLine) }
            return DockerfileSyntax(
                nodes: nodes,
                escapeToken: directives.escapeToken,
                syntaxDirective: directives.found["syntax"],
                warnings: warnings
            )
        }

        /// Removes the line ending, offers the line to the directive parser, and drops it when it is a
        /// comment starting in the first column (after leading space is stripped, for a first line).
        mutating func processLine(_ bytes: [UInt8], stripLeadingSpace: Bool) throws(DockerfileParseError) -> String {
            var text = Self.trimNewline(Self.decode(bytes))
            if stripLeadingSpace { text = GoText.trimLeadingSpace(text) }
            do {
                try directives.consider(text)
            } catch {
                throw failure(error.message, line: currentLine)
            }
            return text.hasPrefix("#") ? "" : text
        }

        /// Removes a trailing escape character (and blanks after it) that continues the line.
        func trimContinuation(_ line: String) -> (String, Bool) {
            // The escape character is ASCII, so this can work on bytes.
            let escape = UInt8(directives.escapeToken.value)
            var line = line
            return line.withUTF8 { bytes in
                var end = bytes.count
                while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
                guard end > 0, bytes[end - 1] == escape else { return (String(decoding: bytes, as: UTF8.self), true) }
                if end == 1 { return ("", false) }
                guard bytes[end - 2] != escape else { return (String(decoding: bytes, as: UTF8.self), true) }
                return (String(decoding: UnsafeBufferPointer(rebasing: bytes[..<(end - 1)]), as: UTF8.self), false)
            }
        }

        static func decode(_ bytes: [UInt8]) -> String {
            String(decoding: bytes, as: UTF8.self)
        }

        static func trimNewline(_ text: String) -> String {
            var scalars = Substring(text).unicodeScalars
            while let last = scalars.last, last == "\r" || last == "\n" { scalars.removeLast() }
            return String(scalars)
        }

        static func isComment(_ text: String) -> Bool {
            GoText.trimLeadingSpace(trimNewline(text)).hasPrefix("#")
        }

        static func isEmptyContinuationLine(_ text: String) -> Bool {
            GoText.trimLeadingSpace(trimNewline(text)).isEmpty
        }

        /// The heredocs a RUN, COPY or ADD line opens, in order (BuildKit's `heredocsFromLine`).
        static func heredocs(in line: String, file: String, line lineNumber: Int) throws(DockerfileParseError) -> [HeredocBody] {
            // Every heredoc word holds "<<" as written (nothing is expanded here), so most lines need no lexing.
            guard line.utf8.contains(UInt8(ascii: "<")), line.contains("<<") else { return [] }
            var raw = ShellWordExpander()
            raw.keepsQuotes = true
            raw.keepsEscapes = true
            raw.leavesUnsetVariables = true
            let words = (try? raw.process(line).words) ?? []
            var result: [HeredocBody] = []
            for word in words {
                do {
                    if let heredoc = try HeredocWord.parse(word) { result.append(heredoc) }
                } catch {
                    throw DockerfileParseError(reason: error.message, line: lineNumber, file: file)
                }
            }
            return result
        }
    }
}
