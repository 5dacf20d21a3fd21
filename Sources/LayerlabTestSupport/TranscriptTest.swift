import Foundation
import Shell
import Testing

/// Golden transcripts: a text file of `$ command` lines (with `> ` continuation lines) and the exact output
/// expected after each, run in-process through a fresh session with a fixed clock and no colour.
///
/// Set `LAYERLAB_RECORD=1` to rewrite the files from what the session prints; a recording run fails, so a
/// re-recorded transcript is always looked at before it is committed.
public enum TranscriptTest {
    /// The input lines of a transcript: commands (`$ `, or `$$ ` inside a container's shell), their
    /// continuation lines, and answers to questions (`?? Question: answer`), in order.
    public static func inputLines(of transcript: String) -> [String] {
        var lines: [String] = []
        var inCommand = false
        for line in transcript.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("?? "), let answer = answer(in: line) {
                lines.append(answer)
            } else if line.hasPrefix("$$ ") {
                lines.append(String(line.dropFirst(3)))
                inCommand = true
            } else if line.hasPrefix("$ ") || line == "$" {
                lines.append(String(line.dropFirst(2)))
                inCommand = true
            } else if inCommand, line.hasPrefix("> ") || line == ">" {
                lines.append(String(line.dropFirst(2)))
            } else {
                inCommand = false
            }
        }
        return lines
    }

    /// The answer in a `?? Question: answer` line: what follows the question, which ends in `: `, `] `
    /// or `? ` (the last of these in the line).
    static func answer(in line: Substring) -> String? {
        let ends = [": ", "] ", "? "].compactMap { line.range(of: $0, options: .backwards)?.upperBound }
        return ends.max().map { String(line[$0...]) }
    }

    /// Runs the transcript at `url` in sessions `equip` sets up and records an issue for every difference.
    public static func check(_ url: URL, equip: @escaping (inout SessionConfiguration) -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try String(contentsOf: url, encoding: .utf8)
        let home = TemporaryHome(equip: equip)
        // CRLF line ends (nginx's error pages) are kept as plain new lines, so a transcript stays a
        // text file whose lines split the same everywhere; Content-Length still shows the real bytes.
        let actual = try home.run(inputLines(of: expected)).transcript.replacingOccurrences(of: "\r\n", with: "\n")
        if ProcessInfo.processInfo.environment["LAYERLAB_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.lastPathComponent); unset LAYERLAB_RECORD and run again", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            Issue.record("transcript \(url.lastPathComponent) differs:\n\(LineDiff.render(expected: expected, actual: actual))", sourceLocation: sourceLocation)
        }
    }

    /// The `.txt` transcripts in a folder, sorted.
    public static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { folder.appendingPathComponent($0) }
    }
}

/// A line diff of two texts, `-` for expected and `+` for actual, for readable test failures.
public enum LineDiff {
    public static func render(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let difference = new.difference(from: old)
        var removals: [Int: String] = [:]
        var insertions: [Int: String] = [:]
        for change in difference {
            switch change {
            case .remove(let offset, let element, _): removals[offset] = element
            case .insert(let offset, let element, _): insertions[offset] = element
            }
        }
        var lines: [String] = []
        var oldIndex = 0, newIndex = 0
        while oldIndex < old.count || newIndex < new.count {
            if let removed = removals[oldIndex] {
                lines.append("- " + removed)
                oldIndex += 1
            } else if let inserted = insertions[newIndex] {
                lines.append("+ " + inserted)
                newIndex += 1
            } else {
                lines.append("  " + (oldIndex < old.count ? old[oldIndex] : ""))
                oldIndex += 1
                newIndex += 1
            }
        }
        return lines.joined(separator: "\n")
    }
}
