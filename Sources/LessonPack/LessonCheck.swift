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
        /// The step of the last build of that Dockerfile came from the cache; with `afterChange`, in a
        /// build where a later COPY or ADD copied files that had changed since the build before it.
        case stepCached(dockerfile: String, step: String, afterChange: Bool)
        /// The registry holds the repository:tag, with the same image as a local one when given.
        case registryHas(registry: String, image: String, sameAs: String?)
        case loggedIn(registry: String)
        /// A running container made from the image as it is now (its current ID: a container of an
        /// older build of the same name does not count), or of that name, publishing `port` to
        /// `containerPort` when given.
        case containerRunning(ContainerExpectation)
        /// A file of the workspace exists (and contains a text).
        case workspaceFile(path: String, contains: String?)
        /// The image's config `User` names an account of the image's /etc/passwd (by name or number),
        /// so `docker run` starts its process as that user.
        case runsAs(image: String, user: String)
        /// The image is what the last build of the Dockerfile, as the file is now, made.
        case builtFrom(image: String, dockerfile: String)
        /// The file in the image has the same bytes as a file of the workspace now.
        case fileMatches(image: String, path: String, workspaceFile: String)
        /// In a Dockerfile, the first instruction that begins with `first` comes before the first that
        /// begins with `then` (keywords in any case).
        case instructionOrder(dockerfile: String, first: String, then: String)
        /// What a container printed (its log, as `docker logs` shows it) has a text.
        case containerOutput(container: ContainerExpectation, contains: String)
        /// What `curl` gets from a published port of localhost: the status and a text of the body.
        case httpResponse(port: Int, path: String, status: Int?, contains: String?)
    }

    /// Which container a check looks for: by image, by name, or both.
    public struct ContainerExpectation: Equatable, Sendable {
        public var image: String?
        public var name: String?
        public var port: Int?
        public var containerPort: Int?
        /// Stopped containers count too (for what a finished container printed).
        public var running: Bool

        public init(image: String?, name: String?, port: Int? = nil, containerPort: Int? = nil, running: Bool = true) {
            self.image = image
            self.name = name
            self.port = port
            self.containerPort = containerPort
            self.running = running
        }
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
