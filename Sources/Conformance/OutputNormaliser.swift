import Foundation

/// Takes out of a step's output what differs between any two Docker engines running the same commands:
/// IDs and digests, times and durations, generated container names, column padding, and sizes (kept
/// aside and compared with a tolerance). What is left must be the same on both sides.
// The compiled patterns below are only read, never changed, so sharing them across tasks is safe.
public enum OutputNormaliser {
    static let sizePlaceholder = "<size>"

    /// Normalises a step's output. `verb` is the docker subcommand or program (`build`, `ps`, `cat`…);
    /// `workspace` is the folder the side ran in, which reads `/workspace` afterwards, as at layerlab's
    /// prompt.
    public static func normalise(_ output: StepOutput, verb: String, workspace: String) -> NormalisedOutput {
        var lines: [NormalisedOutput.Line] = []
        // The folder itself, not a longer path that starts with the same letters.
        let workspaceReference = try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: workspace) + #"(?![\w.-])"#)
        // The scenario's own folder around the workspace (the reference keeps its DOCKER_CONFIG there),
        // whose name has the run's process ID in it.
        let scenarioFolder = (workspace as NSString).deletingLastPathComponent
        let scenarioReference = try! NSRegularExpression(pattern: NSRegularExpression.escapedPattern(for: scenarioFolder) + "/")
        func add(_ stream: String, _ text: String, isBuildProgress: Bool) {
            var raw = workspaceReference.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "/workspace"
            )
            if scenarioFolder.count > 1 {
                raw = scenarioReference.stringByReplacingMatches(in: raw, range: NSRange(raw.startIndex..., in: raw), withTemplate: "<scenario>/")
            }
            let streamLines = isBuildProgress ? BuildProgressSummary.lines(of: raw) : splitLines(raw)
            for line in streamLines {
                let (normalised, lineSizes) = normaliseLine(line, verb: verb)
                lines.append(NormalisedOutput.Line("\(stream)| \(normalised)", sizes: lineSizes))
            }
        }
        add("out", output.stdout, isBuildProgress: false)
        add("err", output.stderr, isBuildProgress: verb == "build")
        lines.append(NormalisedOutput.Line("exit \(output.status)"))
        return NormalisedOutput(lines: lines)
    }

    static func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    nonisolated(unsafe) private static let replacements: [(Regex<AnyRegexOutput>, String)] = [
        (try! Regex(#"sha256:[0-9a-f]{64}"#), "sha256:<digest>"),
        (try! Regex(#"\b[0-9a-f]{64}\b"#), "<hex64>"),
        // A short ID has a digit somewhere: twelve hex letters alone are far more likely a word.
        (try! Regex(#"\b(?=[a-f]*[0-9])[0-9a-f]{12}\b"#), "<id>"),
        (try! Regex(#"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"#), "<timestamp>"),
        (try! Regex(#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4} [A-Z]+"#), "<timestamp>"),
        (try! Regex(#"(Less than a second|About a minute|About an hour|\d+ (second|minute|hour|day|week|month|year)s?)\b"#), "<duration>"),
        // `ls -l` times: `Nov 30 14:47`, or `Jan  1  1970` for an old file.
        (try! Regex(#"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d ( \d{4}|\d\d:\d\d)\b"#), "<date>"),
        // BuildKit's temporary mounts (`buildkit-mount301850158`), named at random.
        (try! Regex(#"\bbuildkit-mount\d+"#), "buildkit-mount<n>"),
        // Build and pull timings.
        (try! Regex(#"\b\d+\.\d+s\b"#), "<seconds>"),
    ]

    /// Docker's generated names (`adjective_surname`), in the last column of a `ps` table.
    nonisolated(unsafe) private static let generatedName = try! Regex(#"^[a-z]+_[a-z]+[0-9]*$"#)
    nonisolated(unsafe) private static let size = try! Regex(#"\b(\d+(?:\.\d+)?)(B|kB|KB|KiB|MB|MiB|GB|GiB)\b"#)

    static func normaliseLine(_ line: String, verb: String) -> (String, [Double]) {
        var text = line
        for (pattern, replacement) in replacements {
            text = text.replacing(pattern, with: replacement)
        }
        if verb == "ps", let lastSpace = text.lastIndex(of: " "),
           text[text.index(after: lastSpace)...].wholeMatch(of: generatedName) != nil {
            text = text[...lastSpace] + "<name>"
        }
        var sizes: [Double] = []
        text = text.replacing(size) { match in
            let number = Double(match.output[1].substring ?? "") ?? 0
            sizes.append(number * multiplier(String(match.output[2].substring ?? "B")))
            return sizePlaceholder
        }
        // Table columns are padded to their widest cell, which differs when a size or name does.
        text = text.replacing(try! Regex(#"[ \t]{2,}"#), with: "  ")
        while text.last == " " { text.removeLast() }
        return (text, sizes)
    }

    private static func multiplier(_ unit: String) -> Double {
        switch unit {
        case "kB", "KB": 1e3
        case "KiB": 1024
        case "MB": 1e6
        case "MiB": 1_048_576
        case "GB": 1e9
        case "GiB": 1_073_741_824
        default: 1
        }
    }

    /// Sizes as Docker's tables print them (3 significant digits, decimal units).
    static func format(bytes: Double) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = bytes
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return String(format: "%.3g", value) + units[unit]
    }
}
