import Foundation

/// BuildKit's plain progress reduced to what a build did: each vertex once, by name, in order, with what
/// it reported (`CACHED`, `ERROR: …`, a RUN's output as `| line`, `writing image … done`), then whatever
/// followed the progress (the error box, the final error). Vertex numbers, `DONE` lines, BuildKit 0.8's
/// `#N sha256:…` vertex digests and blank lines go, as they say how a build was scheduled, not what it did.
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
        for vertex in contextAfterFirstBase(leadingInternalSorted(order.compactMap { vertices[$0] })) {
            result.append(vertex.name)
            result += vertex.details.map { "  " + $0 }
        }
        return result + trailing
    }

    /// The build context loads while the base images do; whether its vertex prints before or after the
    /// first FROM is scheduling, so it is put right after it.
    private static func contextAfterFirstBase(_ vertices: [Vertex]) -> [Vertex] {
        guard let context = vertices.firstIndex(where: { $0.name == "[internal] load build context" }) else { return vertices }
        var reordered = vertices
        let moved = reordered.remove(at: context)
        let isBase = { (vertex: Vertex) in vertex.name.contains("] FROM ") || vertex.name.hasPrefix("FROM ") }
        let insertion = reordered.firstIndex(where: isBase).map { $0 + 1 } ?? reordered.prefix { $0.name.hasPrefix("[internal]") }.count
        reordered.insert(moved, at: insertion)
        return reordered
    }

    /// BuildKit loads the Dockerfile, `.dockerignore` and the base's metadata concurrently; which of
    /// them prints first is scheduling (and changed between BuildKit 0.8 and 0.2x), so they are sorted.
    private static func leadingInternalSorted(_ vertices: [Vertex]) -> [Vertex] {
        let isInternal = { (vertex: Vertex) in vertex.name.hasPrefix("[internal]") }
        let prefixCount = vertices.prefix { isInternal($0) || !$0.name.hasPrefix("[") }.count
        var sortedInternal = vertices.prefix(prefixCount).filter(isInternal).sorted { $0.name < $1.name }.makeIterator()
        let prefix = vertices.prefix(prefixCount).map { isInternal($0) ? sortedInternal.next()! : $0 }
        return prefix + vertices.dropFirst(prefixCount)
    }
}
