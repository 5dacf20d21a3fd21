import GoSemantics

/// Decides which paths of a build context a `.dockerignore` excludes, as moby/patternmatcher does.
///
/// `isExcluded(_:)` follows BuildKit: the context is walked from the root down and each directory's
/// result carries to what is below it. `isExcludedClassic(_:)` follows the legacy builder, which checks
/// the path and each of its parents on their own; the two differ when a `!` exception re-includes
/// something below an excluded folder.
public struct DockerignoreMatcher: Sendable {
    let patterns: [IgnorePattern]

    /// Builds the matcher from the patterns of `DockerignoreFile.patterns` (moby's `patternmatcher.New`).
    public init(patterns: [String]) throws(DockerignoreError) {
        var compiled: [IgnorePattern] = []
        for raw in patterns {
            var pattern = GoText.trimSpace(raw)
            if pattern.isEmpty { continue }
            guard pattern.unicodeScalars.count <= DockerignoreError.longestPattern else { throw .patternTooLong(characters: pattern.unicodeScalars.count) }
            pattern = GoFilepath.clean(pattern)
            var exclusion = false
            if pattern.hasPrefix("!") {
                guard pattern.count > 1 else { throw .loneExclamation }
                exclusion = true
                pattern.removeFirst()
            }
            // moby checks the syntax by matching the pattern against ".".
            guard (try? GoFilepath.match(pattern, ".")) != nil else { throw .syntax }
            compiled.append(IgnorePattern(text: pattern, isExclusion: exclusion))
        }
        self.patterns = compiled
    }

    /// True when any pattern is a `!` exception.
    public var hasExceptions: Bool { patterns.contains { $0.isExclusion } }

    /// What BuildKit's context walk decides for `path` (slash-separated, relative to the context).
    public func isExcluded(_ path: String) throws(DockerignoreError) -> Bool {
        var state: [Bool]? = nil
        var result = false
        for prefix in Self.walkPrefixes(of: path) {
            (result, state) = try matchUsingParent(prefix, parent: state)
        }
        return result
    }

    /// The legacy builder's decision for `path` (moby's `MatchesOrParentMatches`).
    public func isExcludedClassic(_ path: String) throws(DockerignoreError) -> Bool {
        var matched = false
        let parent = GoFilepath.dir(path)
        let parentDirectories = parent.split(separator: "/", omittingEmptySubsequences: false)
        for pattern in patterns where pattern.isExclusion == matched {
            var match = try pattern.matches(path)
            if !match && parent != "." {
                for count in 1...parentDirectories.count {
                    match = (try? pattern.matches(parentDirectories[..<count].joined(separator: "/"))) ?? false
                    if match { break }
                }
            }
            if match { matched = !pattern.isExclusion }
        }
        return matched
    }

    /// A walk result for one path given its parent's per-pattern results (`MatchesUsingParentResults`).
    func matchUsingParent(_ path: String, parent: [Bool]?) throws(DockerignoreError) -> (Bool, [Bool]) {
        var matched = false
        var results = [Bool](repeating: false, count: patterns.count)
        for (index, pattern) in patterns.enumerated() {
            var match = parent?[index] ?? false
            if !match {
                if pattern.isExclusion != matched { continue }
                match = try pattern.matches(path)
                if !match && parent == nil {
                    let directory = GoFilepath.dir(path)
                    if directory != "." {
                        let parts = directory.split(separator: "/", omittingEmptySubsequences: false)
                        for count in 1...parts.count {
                            match = (try? pattern.matches(parts[..<count].joined(separator: "/"))) ?? false
                            if match { break }
                        }
                    }
                }
            }
            results[index] = match
            if match { matched = !pattern.isExclusion }
        }
        return (matched, results)
    }

    /// The directories a walk passes through to reach `path`, then `path` itself.
    static func walkPrefixes(of path: String) -> [String] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return [path] }
        return (1...parts.count).map { parts[..<$0].joined(separator: "/") }
    }
}
