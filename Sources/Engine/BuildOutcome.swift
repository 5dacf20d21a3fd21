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
        /// The diffID of the layer the step made; nil for a step that made none.
        public var layer: String?
        /// The step made another layer than the same step of the build of the same Dockerfile before it
        /// (or the same layer as that step, which had changed): for COPY and ADD, the files it copied changed.
        public var changed: Bool

        public init(instruction: String, cached: Bool, layer: String? = nil, changed: Bool = false) {
            self.instruction = instruction
            self.cached = cached
            self.layer = layer
            self.changed = changed
        }

        enum CodingKeys: String, CodingKey {
            case instruction, cached, layer, changed
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            instruction = try container.decode(String.self, forKey: .instruction)
            cached = try container.decode(Bool.self, forKey: .cached)
            // Outcomes kept before these were recorded read as steps that changed nothing.
            layer = try container.decodeIfPresent(String.self, forKey: .layer)
            changed = try container.decodeIfPresent(Bool.self, forKey: .changed) ?? false
        }
    }

    public var steps: [Step]
    /// The ID of the image the build made; nil when it failed (or was kept before this was recorded).
    public var image: String?

    public init(steps: [Step], image: String? = nil) {
        self.steps = steps
        self.image = image
    }

    /// This outcome with each step marked `changed` when it made another layer than the same step of
    /// `previous` (the n-th step of that instruction), or the same layer that step had marked changed:
    /// building again with nothing changed keeps what the last change was.
    func markingChanges(since previous: BuildOutcome?) -> BuildOutcome {
        guard let previous else { return self }
        var seen: [String: Int] = [:]
        var marked = self
        for index in marked.steps.indices {
            let step = marked.steps[index]
            let occurrence = seen[step.instruction, default: 0]
            seen[step.instruction] = occurrence + 1
            let earlier = previous.steps.filter { $0.instruction == step.instruction }
            guard let layer = step.layer, occurrence < earlier.count, let before = earlier[occurrence].layer else { continue }
            marked.steps[index].changed = before != layer || earlier[occurrence].changed
        }
        return marked
    }

    /// The name it is kept under: the Dockerfile's text and the target built.
    static func key(dockerfile: Data, target: String?) -> String {
        Digest.sha256(of: dockerfile + Data(("\u{0}" + (target ?? "")).utf8)).hex
    }
}
