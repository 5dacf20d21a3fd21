import LayerlabBasics

/// A declarative test of the simulated world or the session, written in a lesson file.
public struct LessonCheck: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The image (by name or ID) is in the local store.
        case imageExists(image: String)
        case layerCount(image: String, bound: Bound)
        /// A config field (`User`, `Cmd`, `Entrypoint`, `Env`, `ExposedPorts`, `WorkingDir`, `Labels`)
        /// equals or contains a value, as `docker inspect` shows it.
        case config(image: String, field: String, expectation: Expectation)
        /// A file is in (or absent from) the image; `layer` names the instruction that must supply it.
        case file(image: String, path: String, present: Bool, layer: String?)
        case imageSize(image: String, bound: Bound)
        /// dive's efficiency score (percent, at least `minimumScore`) and bytes wasted on files that later
        /// layers replaced or deleted (at most `maximumWasted`).
        case efficiency(image: String, minimumScore: Double?, maximumWasted: Int64?)
        /// Every FROM names an official image with a pinned tag.
        case officialPinnedBase(dockerfile: String)
        case lintClean(dockerfile: String, rules: [String])
        /// `.dockerignore` in the context folder excludes the path.
        case ignores(context: String, path: String)
        /// The step of the last build of that Dockerfile came from the cache.
        case stepCached(dockerfile: String, step: String)
        /// The registry holds the repository:tag, with the same image as a local one when given.
        case registryHas(registry: String, image: String, sameAs: String?)
        case loggedIn(registry: String)
        case containerRunning(image: String, port: Int?)
        /// A file of the workspace exists (and contains a text).
        case workspaceFile(path: String, contains: String?)
    }

    /// A number compared with a limit: `max: 5`, `min: 2`, `equals: 3` (sizes as `150MB`).
    public struct Bound: Equatable, Sendable {
        public var minimum: Int64?
        public var maximum: Int64?

        public init(minimum: Int64?, maximum: Int64?) {
            self.minimum = minimum
            self.maximum = maximum
        }

        public func admits(_ value: Int64) -> Bool {
            (minimum.map { value >= $0 } ?? true) && (maximum.map { value <= $0 } ?? true)
        }
    }

    public enum Expectation: Equatable, Sendable {
        case equals(String)
        case contains(String)
        case absent
    }

    public var kind: Kind
    public var location: SourceLocation
}
