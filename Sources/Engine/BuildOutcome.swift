import Foundation
import LayerlabBasics

/// Which steps of the last build of a Dockerfile's text came from the cache, whichever builder ran it
/// (BuildKit at the prompt, the classic builder at the prompt or through the Engine API). Kept by the
/// Dockerfile's text, not its path: a build through the API gets the text in the context the client
/// sent, and a course's check of a workspace Dockerfile finds it by what the file holds now.
public struct BuildOutcome: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        /// The instruction as the builder shows it (`RUN pip install -r requirements.txt`).
        public var instruction: String
        public var cached: Bool

        public init(instruction: String, cached: Bool) {
            self.instruction = instruction
            self.cached = cached
        }
    }

    public var steps: [Step]

    public init(steps: [Step]) {
        self.steps = steps
    }

    /// The name it is kept under: the Dockerfile's text and the target built.
    static func key(dockerfile: Data, target: String?) -> String {
        Digest.sha256(of: dockerfile + Data(("\u{0}" + (target ?? "")).utf8)).hex
    }
}
