/// "Did you mean …?" for unknown commands, flags and lesson IDs.
public enum Suggestion {
    /// The candidate closest to `input`, if any is close enough to be a plausible typo.
    public static func closest(to input: String, in candidates: some Sequence<String>) -> String? {
        let lowered = input.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        let allowed = max(1, min(3, input.count / 3 + 1))
        return best.distance <= allowed ? best.candidate : nil
    }

    /// Levenshtein distance, with adjacent transpositions counted as one edit unless told otherwise
    /// (BuildKit's suggestions use plain Levenshtein).
    public static func editDistance(_ a: String, _ b: String, countsTranspositions: Bool = true) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if countsTranspositions, i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
