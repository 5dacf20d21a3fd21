import Dockerfile
import Foundation
import LayerlabTestSupport
import Testing

/// Every Dockerfile in the shared corpus parses as BuildKit parsed it.
@Suite(.enabled(if: SharedCorpus.shouldRun, "the shared corpus is not beside this checkout"))
struct ParserCorpusTests {
    @Test func corpusIsPresent() {
        #expect(SharedCorpus.dockerfileCases.count >= 500)
    }

    @Test(arguments: SharedCorpus.dockerfileCases)
    func parseMatchesBuildKit(_ name: String) throws {
        let folder = SharedCorpus.dockerfileCase(name)
        let bytes = try Array(Data(contentsOf: folder.appendingPathComponent("Dockerfile")))
        let headFile = folder.appendingPathComponent("parse.buildkit-head.json")
        let expectationFile = FileManager.default.fileExists(atPath: headFile.path) ? headFile : folder.appendingPathComponent("parse.json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectationFile))
        let rendered: String
        do {
            rendered = ParseJSONRenderer.render(try DockerfileParser().parse(bytes))
        } catch {
            rendered = ParseJSONRenderer.render(error)
        }
        let actual = try JSONSerialization.jsonObject(with: Data(rendered.utf8))
        let difference = CorpusComparison.difference(expected: expected, actual: actual)
        #expect(difference == nil, "\(name): \(difference ?? "")")
    }
}

/// Compares a parse with the oracle's, allowing only the oracle quirks the corpus README documents.
enum CorpusComparison {
    static func difference(expected: Any, actual: Any) -> String? {
        if let expected = expected as? [String: Any], let actual = actual as? [String: Any] {
            return expected["error"] as? String == actual["error"] as? String
                ? nil : "error \(expected["error"] ?? "none") vs \(actual["error"] ?? "none")"
        }
        guard let expected = expected as? [[String: Any]], let actual = actual as? [[String: Any]] else {
            return "expected \(expected)\n  actual \(actual)"
        }
        guard expected.count == actual.count else {
            return "\(expected.count) instructions expected, \(actual.count) parsed:\n\(actual)"
        }
        for (index, (want, got)) in zip(expected, actual).enumerated() {
            for key in ["cmd", "sub_cmd", "json", "start_line", "end_line", "flags", "heredocs"] {
                if !equal(want[key], got[key]) {
                    return "instruction \(index + 1) \(key): expected \(want[key] ?? "nil"), got \(got[key] ?? "nil")"
                }
            }
            let isEnvOrLabel = ["env", "label"].contains((want["cmd"] as? String)?.lowercased() ?? "")
            let wantValue = want["value"] as? [String] ?? []
            let gotValue = got["value"] as? [String] ?? []
            if wantValue != gotValue && !(isEnvOrLabel && withoutSeparators(wantValue) == gotValue) {
                return "instruction \(index + 1) value: expected \(wantValue), got \(gotValue)"
            }
            let wantOriginal = want["original"] as? String
            let gotOriginal = got["original"] as? String
            if wantOriginal != gotOriginal && !heredocTerminatorTabsOnly(wantOriginal, gotOriginal) {
                return "instruction \(index + 1) original: expected \(String(reflecting: wantOriginal)), got \(String(reflecting: gotOriginal))"
            }
        }
        return nil
    }

    static func equal(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (is NSNull, is NSNull): return true
        case let (a as NSObject, b as NSObject): return a.isEqual(b)
        default: return false
        }
    }

    /// Newer BuildKit adds a third node (`=` or ``) after each ENV/LABEL pair.
    static func withoutSeparators(_ value: [String]) -> [String] {
        guard value.count % 3 == 0 else { return value }
        return stride(from: 0, to: value.count, by: 3).flatMap { [value[$0], value[$0 + 1]] }
    }

    /// The oracle rebuilds a heredoc instruction's text from the delimiter name, so the tabs before a
    /// `<<-` terminator are missing there; layerlab keeps the line as written.
    static func heredocTerminatorTabsOnly(_ expected: String?, _ actual: String?) -> Bool {
        guard let expected, let actual else { return false }
        let strip: (String) -> String = { text in
            text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0.drop(while: { $0 == "\t" })) }
                .joined(separator: "\n")
        }
        return strip(expected) == strip(actual)
    }
}
