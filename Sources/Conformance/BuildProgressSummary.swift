import Foundation

/// BuildKit's plain progress reduced to what a build did: each vertex once, by name, in order, with what
/// it reported (`CACHED`, `ERROR: …`, a RUN's output as `| line`, `writing image … done`), then whatever
/// followed the progress (the error box, the final error). Vertex numbers, `DONE` lines, BuildKit 0.8's
/// `#N sha256:…` vertex digests, blank lines and the order of vertices go, as they say how a build was
/// scheduled, not what it did.
// The compiled patterns below are only read, never changed, so sharing them across tasks is safe.
enum BuildProgressSummary {
    private struct Vertex {
        var name: String
        var details: [String] = []
    }

    nonisolated(unsafe) private static let vertexLine = try! Regex(#"^#(\d+) (.*)$"#)
    nonisolated(unsafe) private static let logLine = try! Regex(#"^\d+\.\d+ (.*)$"#)
    nonisolated(unsafe) private static let timedDone = try! Regex(#" \d+(\.\d+)?s done$"#)

    static func lines(of text: String) -> [String] {
        var order: [Int] = []
        var vertices: [Int: Vertex] = [:]
        var trailing: [String] = []
        for line in OutputNormaliser.splitLines(text) {
            guard let match = line.wholeMatch(of: vertexLine), let number = Int(match.output[1].substring ?? "") else {
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { trailing.append(line) }
                continue
            }
            let rest = String(match.output[2].substring ?? "")
            guard vertices[number] != nil else {
                vertices[number] = Vertex(name: rest)
                order.append(number)
                continue
            }
            if rest.hasPrefix("DONE ") || rest.hasPrefix("sha256:") { continue }
            // When another vertex prints in the middle of this one's, BuildKit ends this one's block
            // with `#N ...` and heads its next block with the name again: both are scheduling.
            if rest == "..." || rest == vertices[number]?.name { continue }
            var detail = rest
            if let log = rest.wholeMatch(of: logLine) {
                detail = "| " + (log.output[1].substring ?? "")
            }
            detail = detail.replacing(timedDone, with: " done")
            // A status reported while under way and again later (`transferring dockerfile:`, then
            // `transferring dockerfile: 99B done`): only the last report stays.
            if let last = vertices[number]?.details.last, !last.hasPrefix("| "), detail.hasPrefix(last) {
                vertices[number]?.details.removeLast()
            }
            vertices[number]?.details.append(detail)
        }
        var result: [String] = []
        for vertex in scheduleFree(order.compactMap { vertices[$0] }) {
            result.append(vertex.name)
            result += vertex.details.map { "  " + $0 }
        }
        return result + trailing
    }

    /// Which of BuildKit's vertices print first is scheduling: it loads the Dockerfile, `.dockerignore`,
    /// base metadata and the context concurrently, runs independent stages side by side, and reports
    /// steps that all come from the cache in the order it loads them (which changed between BuildKit 0.8
    /// and 0.2x, and with the machine's load). So vertices are put in one order whatever the schedule:
    /// a builder's heading lines as printed, the internal loads by name, the steps by step number and
    /// stage, then the rest (exporting) as printed.
    private static func scheduleFree(_ vertices: [Vertex]) -> [Vertex] {
        let classified = vertices.map { (kind: kind(of: $0.name), vertex: $0) }
        let heading = classified.prefix { $0.kind == .other }
        let rest = classified.dropFirst(heading.count)
        let loads = rest.filter { $0.kind == .internal }.map(\.vertex).sorted { $0.name < $1.name }
        // Sorted by key, then as printed (Swift's sort is not stable).
        let steps = rest.enumerated().compactMap { offset, item -> (key: StepKey, offset: Int, vertex: Vertex)? in
            guard case .step(let key) = item.kind else { return nil }
            return (key, offset, item.vertex)
        }.sorted { ($0.key, $0.offset) < ($1.key, $1.offset) }.map(\.vertex)
        let others = rest.filter { $0.kind == .other }.map(\.vertex)
        return heading.map(\.vertex) + loads + steps + others
    }

    /// A step's place: its number within its stage, then the stage's name (a shared FROM vertex may
    /// carry any stage's name, and a base named only by `COPY --from` none).
    private struct StepKey: Comparable {
        var number: Int
        var stage: String
        static func < (a: StepKey, b: StepKey) -> Bool { (a.number, a.stage) < (b.number, b.stage) }
    }

    private enum Kind: Equatable {
        case `internal`, step(StepKey), other
    }

    nonisolated(unsafe) private static let stepName = try! Regex(#"^\[(?:(\S+) )?(\d+)/\d+\] "#)

    private static func kind(of name: String) -> Kind {
        if name.hasPrefix("[internal]") || name.hasPrefix("[auth]") { return .internal }
        if let match = name.prefixMatch(of: stepName), let number = Int(match.output[2].substring ?? "") {
            return .step(StepKey(number: number, stage: String(match.output[1].substring ?? "")))
        }
        if name.hasPrefix("FROM ") { return .step(StepKey(number: 1, stage: "")) }
        return .other
    }
}
