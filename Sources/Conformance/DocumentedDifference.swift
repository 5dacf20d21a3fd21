import Foundation
import Yams

/// A way layerlab's output differs from the reference engine's on purpose, with the reason: the
/// reference is Docker 20.10 with BuildKit 0.8 and layerlab follows Docker 28 (then `why` cites moby's
/// or BuildKit's current code), or the behaviour is deliberately not simulated. It rewrites one side's
/// normalised lines; a step that agrees only after the rewrite is a documented difference.
public struct DocumentedDifference: Decodable, Sendable, Equatable {
    public enum Side: String, Decodable, Sendable { case layerlab, reference, both }

    public var id: String
    public var why: String
    public var side: Side
    /// The commands (`build`, `history`…) whose output it rewrites; all when absent.
    public var verbs: [String]?
    /// The scenarios it belongs to (`NAME`), or single steps (`NAME:LINE`); all when absent.
    public var scenarios: [String]?
    /// Lines matching this pattern are removed.
    public var drop: String?
    /// Lines matching this pattern are rewritten to `with` (`$1`… name the pattern's groups).
    public var replace: String?
    public var with: String?
    /// The lines are compared in sorted order: they agree as a set, not in their order.
    public var sort: Bool?
    /// The reference engine itself answers either way, as its solver happens to schedule the work:
    /// also applied, to both, when its recording is compared with what it answers now.
    public var schedule: Bool?

    public func applies(to step: ScenarioStep, in scenario: String) -> Bool {
        (verbs.map { $0.contains(step.verb) } ?? true)
            && (scenarios.map { $0.contains(scenario) || $0.contains("\(scenario):\(step.line)") } ?? true)
    }

    /// The lines after this difference's rewrite.
    public func rewrite(_ output: NormalisedOutput) throws -> NormalisedOutput {
        var lines = output.lines
        if let drop {
            let pattern = try NSRegularExpression(pattern: drop)
            lines.removeAll { pattern.firstMatch(in: $0.text, range: NSRange($0.text.startIndex..., in: $0.text)) != nil }
        }
        if let replace {
            let pattern = try NSRegularExpression(pattern: replace)
            lines = lines.map { line in
                let text = pattern.stringByReplacingMatches(
                    in: line.text, range: NSRange(line.text.startIndex..., in: line.text), withTemplate: with ?? ""
                )
                // A rewrite that takes a size out of the text takes it out of the comparison too.
                let kept = text.components(separatedBy: OutputNormaliser.sizePlaceholder).count - 1
                return NormalisedOutput.Line(text, sizes: Array(line.sizes.prefix(kept)))
            }
        }
        if sort == true { lines.sort { $0.text < $1.text } }
        return NormalisedOutput(lines: lines)
    }
}

public struct DifferenceCatalogueError: Error, CustomStringConvertible {
    public var description: String
}

extension DocumentedDifference {
    /// Reads `differences.yaml`: a list of differences, each with an id, why, side and a rewrite.
    public static func load(yaml: String, file: String) throws -> [DocumentedDifference] {
        let differences: [DocumentedDifference]
        do {
            differences = try YAMLDecoder().decode([DocumentedDifference].self, from: yaml)
        } catch {
            throw DifferenceCatalogueError(description: "\(file): \(error)")
        }
        var seen: Set<String> = []
        for difference in differences {
            guard seen.insert(difference.id).inserted else {
                throw DifferenceCatalogueError(description: "\(file): difference '\(difference.id)' is listed twice")
            }
            guard difference.drop != nil || difference.replace != nil || difference.sort == true else {
                throw DifferenceCatalogueError(description: "\(file): difference '\(difference.id)' has no drop, replace or sort")
            }
            guard difference.why.count >= 20 else {
                throw DifferenceCatalogueError(description: "\(file): difference '\(difference.id)' needs a reason (why)")
            }
            for pattern in [difference.drop, difference.replace].compactMap({ $0 }) {
                do { _ = try NSRegularExpression(pattern: pattern) } catch {
                    throw DifferenceCatalogueError(description: "\(file): difference '\(difference.id)': bad pattern \(pattern)")
                }
            }
        }
        return differences
    }
}
